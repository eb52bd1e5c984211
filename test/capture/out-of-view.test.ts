/**
 * Rows of posts that show a few at a time (a LinkedIn or YouTube shelf moved with arrow buttons, a row
 * scrolled sideways, a slideshow): the picture shows those in view; the record says how many are not,
 * and keeps their words, where it said nothing or only that a box held more.
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, options } from "./helpers.ts";

const pages = browserAndSite();
const take = (c: string) => captureAccount(pages.browser, options(pages.server.at(`capture/rows-out-of-view.html?case=${c}`)));

describe("a row of posts shown a few at a time", () => {
  it("moved with arrow buttons in a box that clips it: flagged, the six posts out of view counted and their words kept", async () => {
    const r = await take("arrows");
    expect(r.flags).toContain("carousel-hidden-items");
    expect(r.text).toContain("HYLLA-3");
    expect(r.text).not.toContain("HYLLA-4");
    expect(r.itemsOutOfView).toEqual({ inScrollingBoxes: 0, inCarousels: 6 });
    expect(r.textOutOfView).toHaveLength(6);
    expect(r.textOutOfView!.join(" ")).toContain("HYLLA-9");
    expect(r.textOutOfView!.join(" ")).not.toContain("HYLLA-3");
  });

  it("scrolled sideways: flagged as a box that scrolls by itself, the six posts out of view counted and their words kept", async () => {
    const r = await take("scroll");
    expect(r.flags).toContain("box-scrolls-separately");
    expect(r.flags).not.toContain("carousel-hidden-items");
    expect(r.itemsOutOfView).toEqual({ inScrollingBoxes: 6, inCarousels: 0 });
    expect(r.textOutOfView!.join(" ")).toContain("HYLLA-9");
  });

  it("a slideshow of slides stacked in one place: the three not shown are counted as a carousel's", async () => {
    const r = await take("fade");
    expect(r.flags).toContain("carousel-hidden-items");
    expect(r.itemsOutOfView).toEqual({ inScrollingBoxes: 0, inCarousels: 3 });
    expect(r.textOutOfView!.join(" ")).toContain("HYLLA-4");
  });

  it("a picture wider than its frame and a menu kept off screen are no row of posts", async () => {
    const r = await take("decor");
    expect(r.flags).not.toContain("carousel-hidden-items");
    expect(r.itemsOutOfView).toBeUndefined();
    expect(r.textOutOfView).toBeUndefined();
  });
});

describe("a list of comments in a box that cuts it at its foot, with no arrows and no button", () => {
  it("is a text cut short, its whole words kept once, not a row moved with arrow buttons", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/comments-box-cut.html")));
    expect(r.flags).not.toContain("carousel-hidden-items");
    expect(r.itemsOutOfView).toBeUndefined();
    expect(r.flags).toContain("text-cut-short");
    expect(r.textCutShort).toHaveLength(1);
    expect(r.textCutShort![0]).toContain("SISTA-KOMMENTAREN");
    expect(r.text).not.toContain("SISTA-KOMMENTAREN");
  });
});
