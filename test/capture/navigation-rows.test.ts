/**
 * A municipality's row of links that does not fit its box (a "priority+" main menu clipped before its
 * "Mer" button, a menubar or tab list scrolled sideways, a row of category chips) is navigation, not
 * posts: the record says nothing of its links, and still counts the posts of a real shelf beside it,
 * where the menu's links were counted as posts not shown ("inlägg") and their names kept as posts' words.
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, options } from "./helpers.ts";

const pages = browserAndSite();
const take = (c: string) => captureAccount(pages.browser, options(pages.server.at(`capture/rows-navigation.html?case=${c}`)));

describe("a row of links that does not fit beside a shelf of posts", () => {
  it.each([
    ["nav", "a priority+ menu in <nav>, its links clipped"],
    ["menubar", "a menubar scrolled sideways"],
    ["tabs", "a tab list scrolled sideways"],
    ["chips", "a row of category chips, short links clipped, over a shelf of videos, each one link of a short title over its thumbnail"],
  ])("%s (%s): only the shelf's six posts are out of view, and no link is said to be a post", async (kind) => {
    const r = await take(kind);
    expect(r.text).toContain("Barn och utbildning");
    expect(r.flags).toContain("carousel-hidden-items");
    expect(r.flags).not.toContain("box-scrolls-separately");
    expect(r.itemsOutOfView).toEqual({ inScrollingBoxes: 0, inCarousels: 6 });
    expect(r.textOutOfView).toHaveLength(6);
    expect(r.textOutOfView!.join(" ")).toContain("HYLLA-9");
    expect(r.textOutOfView!.join(" ")).not.toMatch(/Krisinformation|Kontakta kommunen/);
  });
});
