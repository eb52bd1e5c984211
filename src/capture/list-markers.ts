/**
 * `listMarker(li, visible)`, run in the page inside COLLECT_WORDS: the words a list item's marker
 * draws ("3." of an agenda's "punkt 3"), each with its box in viewport pixels, or null when it
 * draws none. The marker (::marker) is no node of the DOM, so no text walk finds it: its
 * text is counted here as Chromium counts it (the list's start, reversed, an item's value, items
 * that are not shown not counted, each nested list counting anew) and placed where Chromium draws
 * it: left of the item's first line when outside (right of it in a right-to-left list), at the
 * start of that line when inside. Bullets (disc, circle, square) and pictures are no words.
 */
export const LIST_MARKER = String.raw`
  const LISTS = new Set(["OL", "UL", "MENU"]);
  const listOf = (li) => {
    for (let n = li.parentElement; n; n = n.parentElement) if (LISTS.has(n.tagName)) return n;
    return li.parentElement;
  };
  const isItem = (el) => el.tagName === "LI" && /list-item/.test(getComputedStyle(el).display);
  // Each list's items in order with the number each one's marker counts.
  const ordinals = new Map();
  const ordinalsOf = (list) => {
    if (ordinals.has(list)) return ordinals.get(list);
    const items = [...list.querySelectorAll("li")].filter((e) => listOf(e) === list && isItem(e));
    const reversed = list.tagName === "OL" && list.hasAttribute("reversed");
    const startAttr = list.tagName === "OL" && list.hasAttribute("start") ? parseInt(list.getAttribute("start"), 10) : NaN;
    let n = Number.isNaN(startAttr) ? (reversed ? items.length : 1) : startAttr;
    const byItem = new Map();
    items.forEach((e, i) => {
      if (i > 0) n += reversed ? -1 : 1;
      const v = e.hasAttribute("value") ? parseInt(e.getAttribute("value"), 10) : NaN;
      if (!Number.isNaN(v)) n = v;
      byItem.set(e, n);
    });
    ordinals.set(list, byItem);
    return byItem;
  };
  const alphabetic = (n, letters) => {
    let s = "";
    for (let k = n; k > 0; k = Math.floor((k - 1) / letters.length)) s = letters[(k - 1) % letters.length] + s;
    return s;
  };
  const roman = (n) => {
    const parts = [[1000, "m"], [900, "cm"], [500, "d"], [400, "cd"], [100, "c"], [90, "xc"], [50, "l"], [40, "xl"], [10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"]];
    let s = "";
    for (const [v, r] of parts) while (n >= v) { s += r; n -= v; }
    return s;
  };
  const LATIN = "abcdefghijklmnopqrstuvwxyz", GREEK = "αβγδεζηθικλμνξοπρστυφχψω";
  // A number as the list style writes it; outside a style's range it is written in decimal, as the
  // browser does. Null for a style that draws no word (bullets) or one not written out here.
  const counterText = (n, type) => {
    switch (type) {
      case "decimal": return String(n);
      case "decimal-leading-zero": return n >= 0 && n < 10 ? "0" + n : n < 0 && n > -10 ? "-0" + -n : String(n);
      case "lower-alpha": case "lower-latin": return n >= 1 ? alphabetic(n, LATIN) : String(n);
      case "upper-alpha": case "upper-latin": return n >= 1 ? alphabetic(n, LATIN).toUpperCase() : String(n);
      case "lower-greek": return n >= 1 ? alphabetic(n, GREEK) : String(n);
      case "lower-roman": return n >= 1 && n <= 3999 ? roman(n) : String(n);
      case "upper-roman": return n >= 1 && n <= 3999 ? roman(n).toUpperCase() : String(n);
      default: return null;
    }
  };
  // What a ::marker's own content writes (li::marker { content: counter(list-item) ") " }).
  const MARKER_TOKEN = /"((?:[^"\\]|\\[^])*)"|'((?:[^'\\]|\\[^])*)'|counter\(\s*list-item\s*(?:,\s*([a-z-]+)\s*)?\)|\//gi;
  const markerContent = (content, n, type) => {
    let out = "";
    MARKER_TOKEN.lastIndex = 0;
    let m;
    while ((m = MARKER_TOKEN.exec(content))) {
      if (m[0] === "/") break;
      if (m[1] !== undefined || m[2] !== undefined) out += m[1] !== undefined ? m[1] : m[2];
      else out += counterText(n, m[3] || type) || "";
    }
    return out;
  };
  const markerRuler = document.createElement("canvas").getContext("2d");
  const markerRange = document.createRange();
  const listMarker = (li, visible) => {
    if (!isItem(li) || !visible(li)) return null;
    const cs = getComputedStyle(li);
    const type = cs.listStyleType;
    if (!type || type === "none" || cs.listStyleImage !== "none") return null;
    const ms = getComputedStyle(li, "::marker");
    if (ms.content === "none" || ms.visibility !== "visible" || parseFloat(ms.fontSize) < 2) return null;
    if (ms.color === "transparent" || /rgba\(.*,\s*0\)$/.test(ms.color)) return null;
    const n = ordinalsOf(listOf(li) || li).get(li);
    let drawn;
    if (ms.content && ms.content !== "normal") drawn = markerContent(ms.content, n, type);
    else if (/^["']/.test(type)) drawn = type.slice(1, -1);
    else {
      const t = counterText(n, type);
      if (t === null) return null;
      drawn = t + ". ";
    }
    const text = drawn.replace(/\s+/g, " ").trim();
    if (!/[\p{L}\p{N}]/u.test(text)) return null;
    markerRuler.font = ms.fontStyle + " " + ms.fontWeight + " " + ms.fontSize + " " + ms.fontFamily;
    const whole = markerRuler.measureText(drawn).width, width = markerRuler.measureText(text).width;
    const px = (v) => parseFloat(v) || 0;
    const size = px(ms.fontSize), lineH = ms.lineHeight === "normal" ? size * 1.2 : px(ms.lineHeight);
    const box = li.getBoundingClientRect();
    const inner = {
      l: box.left + px(cs.borderLeftWidth) + px(cs.paddingLeft), r: box.right - px(cs.borderRightWidth) - px(cs.paddingRight),
      t: box.top + px(cs.borderTopWidth) + px(cs.paddingTop),
    };
    markerRange.selectNodeContents(li);
    const first = [...markerRange.getClientRects()].find((r) => r.width > 0.5 && r.height > 0.5);
    const rtl = cs.direction === "rtl";
    const inside = cs.listStylePosition === "inside";
    // The marker's box holds its text and the space after it ("1. "); that space lies toward the
    // item's words, on the right in a left-to-right list, on the left in a right-to-left one.
    let boxLeft;
    if (inside && first) boxLeft = rtl ? first.right : first.left - whole;
    else if (inside) boxLeft = rtl ? inner.r - whole : inner.l;
    else boxLeft = rtl ? inner.r : inner.l - whole;
    const left = rtl ? boxLeft + whole - width : boxLeft;
    const top = first ? first.top + (first.height - lineH) / 2 : inner.t;
    const out = [];
    const word = /\S+/g;
    let m;
    while ((m = word.exec(text))) {
      const x = left + markerRuler.measureText(text.slice(0, m.index)).width, w = markerRuler.measureText(m[0]).width;
      out.push({ text: m[0], r: { left: x, top, right: x + w, bottom: top + lineH, width: w, height: lineH } });
    }
    return out;
  };
`;
