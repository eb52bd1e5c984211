/**
 * What of the page a visitor reaches only by a press or a scroll inside a box, which the picture,
 * showing the page as it stands, leaves out: the posts of a row beyond its box's edge. Run in the
 * page once it is taken (OUT_OF_VIEW); what it finds is said by outOfViewNotes (pure).
 */

/** How many texts of posts out of view the manifest keeps, and how long each: the record's words, not a copy of the site. */
export const OUT_OF_VIEW_TEXTS = 200;
export const OUT_OF_VIEW_TEXT_CHARS = 200;

/** A row (or column) of posts in a box that shows some of them and hides the others beyond its edge. */
export interface HiddenRow {
  /** "scrolls": the box scrolls by itself (overflow auto/scroll); "clipped": it cuts them off (overflow hidden/clip), moved by arrow buttons or a timer. */
  kind: "scrolls" | "clipped";
  items: number;
  /** The items less than half of which is in view, and their words (each cut at OUT_OF_VIEW_TEXT_CHARS). */
  hidden: number;
  texts: string[];
}

/** A site's own navigation, by element or role: a row of it that does not fit its box holds links, not posts. */
const NAVIGATION = "nav, menu, [role=navigation], [role=menubar], [role=menu], [role=tablist], [role=toolbar], [role=listbox]";
/** What a visitor presses to go somewhere (a link, a button, a tab, a menu item), not what they read. */
const PRESSED = "a[href], button, [role=link], [role=button], [role=tab], [role=menuitem], [role=option]";
/** The longest words of an item that is only a link for it to be taken for a menu's link or a chip ("Näringsliv och arbete"), not a post. */
export const SHORT_LINK_CHARS = 40;
/** A picture wider and taller than this in an item makes it a post's tile (a video's thumbnail), not a chip's icon. */
const ICON_PX = 48;

/**
 * In the page: inNavigation(el), whether el lies in the site's navigation (a priority+ main menu
 * clipped before its "Mer", a menubar or a tab list scrolled sideways); onlyALink(el, words), whether
 * an item's words are all one short link or button, with no picture larger than an icon (a category
 * chip); inShortLink(el, box), whether el is in such a link within box. Structure, not words: a menu says what it is in any language, and a chip is a link of a few words.
 */
export const NOT_POSTS = String.raw`
  const inNavigation = (el) => !!(el && el.closest && el.closest(${JSON.stringify(NAVIGATION)}));
  const onlyALink = (el, text) => {
    if (!text || text.length > ${SHORT_LINK_CHARS}) return false;
    const said = (e) => (e.innerText || e.textContent || "").replace(/\s+/g, " ").trim();
    const links = el.matches(${JSON.stringify(PRESSED)}) ? [el] : [...el.querySelectorAll(${JSON.stringify(PRESSED)})].filter((l) => said(l));
    if (links.length !== 1 || said(links[0]) !== text) return false;
    for (const m of el.querySelectorAll("img, picture, video, canvas, svg")) {
      const r = m.getBoundingClientRect();
      if (r.width > ${ICON_PX} && r.height > ${ICON_PX}) return false;
    }
    return true;
  };
  const inShortLink = (el, box) => {
    const link = el && el.closest && el.closest(${JSON.stringify(PRESSED)});
    return !!link && box.contains(link) && onlyALink(link, (link.innerText || link.textContent || "").replace(/\s+/g, " ").trim());
  };
`;

/**
 * The rows of posts the page holds in boxes that show only some of them: an element with three or more
 * children with words (posts, tiles, slides), at least one of them in view in the boxes around it that
 * do not show what overflows them, and others less than half in view, with a post's worth of words
 * (60 characters) among those. Such a box without posts (a picture wider than its frame, a menu kept
 * off screen with none of it shown) is no row. Slides stacked in one place, shown one at a time by
 * fading (opacity or visibility), are a row too: a visitor sees one and waits for the others. A row
 * in the site's navigation, and items that are only a short link (NOT_POSTS), are no posts: a
 * municipality's main menu clipped before its "Mer" button, or a row of category chips, is a menu.
 */
export const OUT_OF_VIEW = String.raw`(height) => {
  ${NOT_POSTS}
  const parentOf = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
  const all = [];
  const gather = (root) => { for (const el of root.querySelectorAll("*")) { all.push(el); if (el.shadowRoot) gather(el.shadowRoot); } };
  if (document.body) gather(document.body);
  const top = document.documentElement, body = document.body;
  // The part of the page a box's overflow lets be seen, within every box around it that clips (not the window).
  const clipCache = new Map();
  const clipOf = (el) => {
    if (!el || el === top || el === body) return null;
    if (clipCache.has(el)) return clipCache.get(el);
    let clip = clipOf(parentOf(el));
    const cs = getComputedStyle(el);
    if (cs.position === "fixed") clip = null;
    if (cs.overflowX !== "visible" || cs.overflowY !== "visible") {
      const r = el.getBoundingClientRect();
      const scrolls = /auto|scroll/.test(cs.overflowX) || /auto|scroll/.test(cs.overflowY);
      const own = { left: r.left, top: r.top, right: r.right, bottom: r.bottom, scrolls };
      clip = clip ? { left: Math.max(clip.left, own.left), top: Math.max(clip.top, own.top), right: Math.min(clip.right, own.right), bottom: Math.min(clip.bottom, own.bottom), scrolls: clip.scrolls || scrolls } : own;
    }
    clipCache.set(el, clip);
    return clip;
  };
  const words = (el) => (el.innerText || el.textContent || "").replace(/\s+/g, " ").trim();
  const faded = (el) => el.checkVisibility ? !el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) : false;
  const rows = [];
  const counted = new Set();
  const share = (r, clip) => {
    const w = Math.max(0, Math.min(r.right, clip.right) - Math.max(r.left, clip.left));
    const h = Math.max(0, Math.min(r.bottom, clip.bottom) - Math.max(r.top, clip.top));
    return (w * h) / (r.width * r.height);
  };
  for (const p of all) {
    if (p.childElementCount < 3 || inNavigation(p)) continue;
    const clip = clipOf(p);
    // Cheap looks first, words only of a box with something out of view: a large page has thousands of lists.
    const kids = [];
    for (const c of p.children) {
      if (counted.has(c)) continue;
      const r = c.getBoundingClientRect();
      if (r.width < 2 || r.height < 2 || r.top + scrollY >= height) continue;
      // Stacked slides: faded ones in the place of one shown.
      const stacked = faded(c);
      kids.push({ c, r, stacked, inside: !stacked && (!clip || share(r, clip) >= 0.5) });
    }
    if (kids.length < 3 || kids.every((k) => k.inside)) continue;
    const items = kids.map((k) => ({ ...k, t: words(k.c) })).filter((k) => k.t.length >= 10 && !onlyALink(k.c, k.t));
    if (items.length < 3) continue;
    const inView = items.filter((k) => k.inside), out = items.filter((k) => !k.inside);
    if (!inView.length || !out.length) continue;
    // Faded children count only where they lie over one shown, as a slideshow's do; others are hidden for reasons of their own.
    const over = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 * a.width && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5 * a.height;
    const hidden = out.filter((it) => !it.stacked || inView.some((v) => over(it.r, v.r)));
    if (!hidden.length || hidden.reduce((n, it) => n + it.t.length, 0) < 60) continue;
    const kind = hidden.some((it) => !it.stacked) && clip && clip.scrolls ? "scrolls" : "clipped";
    // A box cut at its foot (a list of comments in a box of fixed height, no arrows, no slides) is no
    // row a visitor moves: its words below the cut are a text cut short (CUT_SHORT), said once, there.
    if (kind === "clipped" && clip && hidden.every((it) => !it.stacked && it.r.top >= clip.bottom - 1 && it.r.left >= clip.left - 1 && it.r.right <= clip.right + 1)) continue;
    for (const it of items) counted.add(it.c);
    rows.push({ kind, items: inView.length + hidden.length, hidden: hidden.length, texts: hidden.map((it) => it.t.slice(0, ${OUT_OF_VIEW_TEXT_CHARS})) });
  }
  return rows;
}`;

/** What the record says of rows of posts out of view: counts by kind, and the words of the hidden posts, bounded. */
export interface OutOfViewNotes {
  /** Posts beyond the edge of a box that scrolls by itself (with box-scrolls-separately). */
  inScrollingBoxes: number;
  /** Posts in a row a visitor moves with arrow buttons, or a slideshow's slides not shown (carousel-hidden-items). */
  inCarousels: number;
  texts: string[];
}

export function outOfViewNotes(rows: HiddenRow[]): OutOfViewNotes {
  const sum = (kind: HiddenRow["kind"]) => rows.filter((r) => r.kind === kind).reduce((n, r) => n + r.hidden, 0);
  const texts = rows.flatMap((r) => r.texts).map((t) => t.slice(0, OUT_OF_VIEW_TEXT_CHARS)).slice(0, OUT_OF_VIEW_TEXTS);
  return { inScrollingBoxes: sum("scrolls"), inCarousels: sum("clipped"), texts };
}
