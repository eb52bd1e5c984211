/**
 * Posts a platform shows behind a warning (Mastodon's content warning, "Visa mer", and its cover over
 * a picture, "Känsligt innehåll"): a visitor sees them covered until pressing, so the picture is right
 * as taken, and nothing is pressed. But the record must say what it holds covered: the hidden words are
 * neither in the picture nor in its text. Run in the page once it is taken (BEHIND_WARNINGS); what it
 * finds is said by behindWarningNotes (pure).
 */

/** How many hidden texts the manifest keeps, and how long each: the record's words, not a copy of the site. */
export const BEHIND_WARNING_TEXTS = 200;
export const BEHIND_WARNING_TEXT_CHARS = 200;

/**
 * Posts whose text is hidden behind a button that would show it, and pictures or videos under a cover
 * that says they are sensitive, down to the page's end as taken (`height` px). A post is known by its
 * structure: a "Visa mer" button with aria-expanded="false" whose aria-controls names a hidden element with words,
 * or a "Visa mer" / "Show more" button beside a hidden element with words (Mastodon's spoiler, kept with
 * the `hidden` attribute or display:none), or beside the warning it names, its text not in the page until
 * pressed (Mastodon since 4.3), also inside open shadow roots. Words cut by CSS (a line-clamped caption) are not hidden
 * elements, and are not counted here. A covered picture may be in the page only as its blurred preview (a canvas).
 *
 * A hidden element whose shown words before it end in "…" is no warning but the rest of a post cut short
 * (Facebook's "… Visa mer", Instagram's "… mer"): given apart, as `continued`, with the post's whole words,
 * and said as a text cut short (continuedTexts). A button finds only its own post's hidden element: none with
 * another button between them (a "Visa mer" that hides nothing is not made the owner of the next post's warning).
 */
export const BEHIND_WARNINGS = String.raw`(height) => {
  const SHOW_MORE = /^(visa mer|visa innehåll|show more|show content|näytä lisää|vis mer|vis mere|mehr anzeigen|afficher plus|voir plus)$/i;
  // The words of a button that shows the rest of a post cut short: only with "…" before the hidden rest.
  const MORE = /^(…\s*)?(visa mer|visa innehåll|se mer|läs mer|mer|visa hela|show more|show content|see more|read more|more|näytä lisää|vis mer|vis mere|mehr anzeigen|afficher plus|voir plus)$/i;
  const SENSITIVE = /känsligt innehåll|känsligt|sensitive|arkaluonteista|sensitivt|følsomt|sensibler inhalt|sensible/i;
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1 && (!el.checkVisibility || el.checkVisibility({ visibilityProperty: true })); };
  const hiddenWithWords = (el) => el && !shown(el) && (el.textContent || "").replace(/\s+/g, " ").trim().length > 0;
  const words = (el) => (el.textContent || "").replace(/\s+/g, " ").trim();
  const inPage = (el) => el.getBoundingClientRect().top + scrollY < height;
  // Posts built of web components (a feed whose posts each have a shadow root) are looked through too.
  const all = [];
  const gather = (root) => { for (const el of root.querySelectorAll("*")) { all.push(el); if (el.shadowRoot) gather(el.shadowRoot); } };
  gather(document);
  const posts = new Set();
  // A warning that stands alone (Mastodon since 4.3): the button names the warning's words as what it is
  // about (aria-describedby), a short text shown whole beside it, and the post's text is put in the page
  // only once it is pressed, so there is nothing hidden to find. A clamped text (a bio cut at two lines)
  // its "Visa mer" names is words cut short, not a warning.
  const warnedAlone = (b) => {
    const root = b.getRootNode();
    return (b.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean).some((id) => {
      const w = (root.getElementById ? root : document).getElementById(id);
      if (!w || w.contains(b) || w.parentElement !== b.parentElement || !shown(w)) return false;
      const said = words(w);
      return said.length > 0 && said.length <= 500 && w.scrollHeight <= w.clientHeight + 1;
    });
  };
  let unrendered = 0;
  const buttons = all.filter((el) => el.matches('button, [role="button"]') && shown(el));
  const follows = (p, q) => (p.compareDocumentPosition(q) & (Node.DOCUMENT_POSITION_FOLLOWING | Node.DOCUMENT_POSITION_DISCONNECTED)) === Node.DOCUMENT_POSITION_FOLLOWING;
  // What another button opens (a menu's list) or the site's navigation holds is no post's hidden text.
  const controlled = buttons.flatMap((o) => (o.getAttribute("aria-controls") || "").split(/\s+/).filter(Boolean).map((id) => { const root = o.getRootNode(); return (root.getElementById ? root : document).getElementById(id); }).filter(Boolean).map((t) => [o, t]));
  const othersOwn = (b, el) => controlled.some(([o, t]) => o !== b && t.contains(el)) || !!el.closest('nav, header, [role="navigation"], [role="menu"], [role="banner"]');
  // Another shown button between the button and the hidden element: the element is another post's.
  const buttonBetween = (b, el) => buttons.some((o) => o !== b && !o.contains(b) && !b.contains(o) && !o.contains(el) && (follows(b, el) ? follows(b, o) && follows(o, el) : follows(el, o) && follows(o, b)));
  // The shown words just before the hidden element, in the element around it (its paragraph), not a button's.
  const wordsBefore = (el) => {
    const box = el.parentElement;
    if (!box) return "";
    let out = "";
    const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!follows(n, el)) break;
      const p = n.parentElement;
      if (!p || !shown(p) || p.closest('button, [role="button"]')) continue;
      out += n.data;
    }
    return out.replace(/\s+/g, " ").trim();
  };
  const continued = [];
  const cutShort = (el) => /(…|\.\.\.)$/.test(wordsBefore(el));
  const addContinued = (el) => { if (!continued.some((c) => c.el === el)) continued.push({ el, words: wordsBefore(el).replace(/\s*(…|\.\.\.)$/, "") + " " + words(el) }); };
  for (const b of buttons) {
    if (!inPage(b)) continue;
    // Only a button that says it shows more: a menu's button (aria-controls naming its hidden list) hides no post.
    const label = (b.innerText || "").replace(/\s+/g, " ").trim();
    if (!MORE.test(label)) continue;
    const controls = b.getAttribute("aria-controls");
    if (b.getAttribute("aria-expanded") === "false" && controls) {
      // The id is looked up where the button is: in its own shadow root, if it is in one.
      const root = b.getRootNode();
      for (const id of controls.split(/\s+/)) {
        const t = (root.getElementById ? root : document).getElementById(id);
        if (!hiddenWithWords(t)) continue;
        if (cutShort(t)) addContinued(t);
        else if (SHOW_MORE.test(label)) posts.add(t);
      }
      continue;
    }
    // The post around the button: its nearest ancestor (three at most) that holds a hidden element with words.
    let found = null;
    for (let a = b.parentElement, i = 0; a && i < 3 && !found; a = a.parentElement, i++) {
      found = [...a.querySelectorAll("[hidden], div, p, section, span")].find((el) => !el.contains(b) && hiddenWithWords(el) && (el.hidden || getComputedStyle(el).display === "none") && !buttonBetween(b, el) && !othersOwn(b, el)) || null;
    }
    if (found && cutShort(found)) addContinued(found);
    else if (!SHOW_MORE.test(label)) continue;
    else if (found) posts.add(found);
    else if (warnedAlone(b)) unrendered++;
  }
  // A picture or video under a cover: an element over most of it (not holding it) that says it is sensitive.
  const media = [];
  // A picture a platform keeps out of the page until pressed is there only as its blurred preview drawn in
  // a canvas (Mastodon's blurhash under "Känsligt innehåll"): the canvas stands for it, unless the picture
  // itself is beside it, under the same cover.
  for (const m of all.filter((el) => el.matches("img, video, canvas"))) {
    if (!inPage(m)) continue;
    if (m.matches("canvas") && m.parentElement && m.parentElement.querySelector("img, video")) continue;
    const r = m.getBoundingClientRect();
    if (r.width < 48 || r.height < 48) continue;
    let cover = null;
    for (let a = m.parentElement, i = 0; a && i < 3 && !cover; a = a.parentElement, i++) {
      cover = [...a.querySelectorAll("button, [role='button'], div, span")].find((c) => {
        if (c.contains(m) || !shown(c) || !SENSITIVE.test(c.innerText || "")) return false;
        const q = c.getBoundingClientRect();
        const w = Math.min(q.right, r.right) - Math.max(q.left, r.left), h = Math.min(q.bottom, r.bottom) - Math.max(q.top, r.top);
        return w > 0 && h > 0 && w * h >= r.width * r.height * 0.8;
      }) || null;
    }
    if (cover) media.push(m);
  }
  // A post whose text was not in the page is counted, with no words to keep.
  return { posts: [...[...posts].map(words), ...Array(unrendered).fill("")], media: media.map((m) => (m.getAttribute("alt") || m.getAttribute("aria-label") || "").replace(/\s+/g, " ").trim()), continued: continued.map((c) => c.words) };
}`;

/** The whole words of each post cut short with its rest hidden (the page's `continued`), as texts cut short. */
export function continuedTexts(found: unknown): string[] {
  const c = (found as { continued?: unknown } | null)?.continued;
  return (Array.isArray(c) ? c : []).map((t) => String(t ?? "").replace(/\s+/g, " ").trim()).filter(Boolean);
}

/** What the record says of it: how many, and the hidden words (a covered picture's alternative text). */
export interface BehindWarningNotes {
  behindWarnings: { posts: number; media: number };
  textBehindWarnings: string[];
}

/** The page's answer as the record keeps it; null when nothing was behind a warning. */
export function behindWarningNotes(found: unknown): BehindWarningNotes | null {
  const f = found as { posts?: unknown; media?: unknown } | null;
  const list = (v: unknown) => (Array.isArray(v) ? v : []).map((t) => String(t ?? ""));
  const posts = list(f?.posts), media = list(f?.media);
  if (!posts.length && !media.length) return null;
  const texts = [...posts, ...media].map((t) => t.replace(/\s+/g, " ").trim()).filter(Boolean)
    .slice(0, BEHIND_WARNING_TEXTS).map((t) => [...t].slice(0, BEHIND_WARNING_TEXT_CHARS).join(""));
  return { behindWarnings: { posts: posts.length, media: media.length }, textBehindWarnings: texts };
}
