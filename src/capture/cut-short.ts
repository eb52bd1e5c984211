/**
 * Post texts a platform cuts to their first lines behind a "Visa mer" ("See more"): a caption with
 * -webkit-line-clamp, or one in a box of max-height with overflow hidden. The picture shows the first
 * lines, and the searchable text holds only what the picture shows, so the rest of the post's words
 * are in neither. They are not opened (pressing "Visa mer" changes the page from how a visitor first
 * sees it, and may open another page): the record keeps their whole words in the manifest and says
 * how many were cut. Run in the page once it is taken (CUT_SHORT); what it finds is said by cutShortNotes (pure).
 */
import { NOT_POSTS } from "./out-of-view.ts";

/** How many cut texts the manifest keeps, and how long each: a post's whole words, not a copy of the site. */
export const CUT_SHORT_TEXTS = 100;
export const CUT_SHORT_TEXT_CHARS = 2_000;

/**
 * The whole words of each text the page cuts short, in the page's order, down to its end as taken
 * (`height` px): an element that clamps its lines or hides what overflows its foot, showing at least
 * one line of its words and hiding at least one below. Not the site's navigation or a row of short
 * links (NOT_POSTS: a menu of one line whose links wrap under it), not a closed answer (no line shown)
 * or text for screen readers only (no room for a line), not a title cut at its line's end with "…"
 * (nothing below), and not a text inside a box that hides it whole (a carousel's post out of view,
 * said with carousel-hidden-items). A box around a text already counted is not counted again, unless it
 * hides words of its own beside it (a paragraph below the clamped one, hidden whole): then the box is
 * the post's text, counted once in its stead with all its words.
 */
export const CUT_SHORT = String.raw`(height) => {
  ${NOT_POSTS}
  const all = [];
  const gather = (root) => { for (const el of root.querySelectorAll("*")) { all.push(el); if (el.shadowRoot) gather(el.shadowRoot); } };
  if (document.body) gather(document.body);
  const said = (el) => (el.innerText || el.textContent || "").replace(/\s+/g, " ").trim();
  const shown = (el) => !el.checkVisibility || el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  const parentOf = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
  // Half of it at least within every box around it that does not show what overflows it.
  const inView = (el, r) => {
    for (let p = parentOf(el); p && p !== document.body && p !== document.documentElement; p = parentOf(p)) {
      const cs = getComputedStyle(p);
      if (cs.overflowX === "visible" && cs.overflowY === "visible") continue;
      const b = p.getBoundingClientRect();
      const w = Math.max(0, Math.min(r.right, b.right) - Math.max(r.left, b.left)), h = Math.max(0, Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top));
      if (w * h < 0.5 * r.width * r.height) return false;
      if (cs.position === "fixed") break;
    }
    return true;
  };
  const range = document.createRange();
  const counted = [];
  const found = [];
  // Innermost first: the caption, not the post's card around it.
  for (let i = all.length - 1; i >= 0; i--) {
    const el = all[i];
    if (el === document.body || el === document.documentElement) continue;
    const cs = getComputedStyle(el);
    const clamps = cs.webkitLineClamp && cs.webkitLineClamp !== "none";
    if (!clamps && !/hidden|clip/.test(cs.overflowY)) continue;
    if (el.scrollHeight - el.clientHeight < 4) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 100 || r.height < 10 || r.top + scrollY >= height || !shown(el) || inNavigation(el)) continue;
    if (!inView(el, r)) continue;
    // Texts inside it already counted: their lines are theirs, and it is their post's box.
    const inner = counted.filter((c) => el.contains(c));
    let before = 0, below = 0;
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n && !(before && below); n = walk.nextNode()) {
      const p = n.parentElement;
      if (!n.data.trim() || !p || !shown(p) || inShortLink(p, el) || inner.some((c) => c.contains(p))) continue;
      range.selectNodeContents(n);
      for (const line of range.getClientRects()) {
        if (line.width < 1 || line.height < 1) continue;
        if (line.top >= r.bottom - 1) below++;
        else if (line.bottom <= r.bottom + 1) before++;
      }
    }
    // A box around a counted text is counted in its stead only when it hides words of its own (a
    // second paragraph below the clamped first): one text for the post, with all its words.
    if (!below || (!before && !inner.length)) continue;
    for (const c of inner) {
      const at = counted.indexOf(c);
      counted.splice(at, 1);
      found.splice(at, 1);
    }
    counted.push(el);
    found.push(said(el));
  }
  return found.reverse();
}`;

/** What the record says of texts cut short: how many, and their whole words, bounded. */
export interface CutShortNotes {
  count: number;
  texts: string[];
}

/** The notes of the texts the page cut short, or null when it cut none. */
export function cutShortNotes(found: unknown): CutShortNotes | null {
  const texts = (Array.isArray(found) ? found : []).filter((t): t is string => typeof t === "string" && t.trim() !== "");
  if (!texts.length) return null;
  return { count: texts.length, texts: texts.slice(0, CUT_SHORT_TEXTS).map((t) => [...t].slice(0, CUT_SHORT_TEXT_CHARS).join("")) };
}
