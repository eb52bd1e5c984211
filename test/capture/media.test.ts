/**
 * Video and sound on a page (a YouTube channel, a podcast): the record keeps the players' picture, not
 * what they play, and says so with how many there were, as information: no flag worth a look.
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { lookAtIt } from "../../src/cli/flags.ts";
import { browserAndSite, options } from "./helpers.ts";

const pages = browserAndSite();

describe("video and audio players on the page", () => {
  it("are counted (not a sound without a player) and said not to be kept, with no advice to look at the record", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/media-players.html")));
    expect(r.flags).toContain("media-not-kept");
    expect(r.mediaOnPage).toEqual({ videos: 2, audio: 1 });
    expect(lookAtIt("youtube-kommun", r.flags)).toBeNull();
  });

  it("are counted in a frame from another site (an embedded Vimeo player), not one hidden in it", async () => {
    const player = (q: string) => encodeURIComponent(pages.server.at(`capture/media-frame-player.html${q}`).replace("127.0.0.1", "localhost"));
    const r = await captureAccount(pages.browser, options(pages.server.at(`capture/media-in-frame.html?src=${player("")}`)));
    expect(r.flags).toContain("media-not-kept");
    expect(r.mediaOnPage).toEqual({ videos: 1, audio: 0 });
    const hidden = await captureAccount(pages.browser, options(pages.server.at(`capture/media-in-frame.html?src=${player("?hidden=1")}`)));
    expect(hidden.flags).not.toContain("media-not-kept");
    expect(hidden.mediaOnPage).toBeUndefined();
  });

  it("are not counted in a frame that is itself hidden (display:none, visibility:hidden, 0×0): no visitor sees its player", async () => {
    const player = encodeURIComponent(pages.server.at("capture/media-frame-player.html").replace("127.0.0.1", "localhost"));
    for (const frame of ["none", "invisible", "empty"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/media-in-frame.html?src=${player}&frame=${frame}`)));
      expect(r.flags, frame).not.toContain("media-not-kept");
      expect(r.mediaOnPage, frame).toBeUndefined();
      expect(r.text, frame).toContain("VIMEO-1: Kommunfullmäktige 2026");
    }
  });

  it("are not said of a page without them", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/rows-out-of-view.html?case=decor")));
    expect(r.flags).not.toContain("media-not-kept");
    expect(r.mediaOnPage).toBeUndefined();
  });
});
