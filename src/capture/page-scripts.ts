/**
 * Code that runs inside the page. Kept as plain JavaScript strings, not TypeScript
 * functions, because the TypeScript loader may add helpers (such as `__name`) that do not
 * exist in the page.
 */

import { ANSWER_RANK, CLOSE_ALTERNATIVES, CLOSE_WORDS, CONFIRMS_DECLINE, CONFIRM_TEXTS, LABEL_KEY } from "./decisions.ts";
import { HIDES_LINES } from "./hidden-lines.ts";
import { LIST_MARKER } from "./list-markers.ts";
import { NOT_POSTS } from "./out-of-view.ts";

/**
 * somarkiv's own timers in the page: the page's native setTimeout, which the timer gate neither holds
 * nor counts among the page's own (a 3 s cap on fonts counted as a box the page might open at 3 s,
 * and every capture waited for it).
 */
export const OWN_TIMEOUT = "(window.__somarkivTimers ? window.__somarkivTimers.setTimeout : setTimeout)";

/**
 * A close button's words ("Stäng", "Avfärda", "Schließen", the symbols), as a pattern's source;
 * the words are decisions.ts's CLOSE_WORDS and DISMISS_WORDS.
 */
const CLOSE_SAYS = `${CLOSE_ALTERNATIVES}|×|✕|✖|x|stäng dialogrutan`;

/**
 * A close drawn as a picture named so by its class, id or title ("btn-close", "artdeco-modal__dismiss",
 * "stang-knapp"): a part of a name, so only the longer close words (a "luk" is in too many names).
 */
const CLOSE_NAMED = `/${["kryss", "st[äa]ng", "avf[äa]rda", ...CLOSE_WORDS.filter((w) => w.length >= 5 && !/[äöüß]/.test(w))].join("|")}/i`;

/** Whether a button says close: its name (aria-label), its words or its title; a "✕" names an "Avfärda" of a tongue not known. */
const SAYS_CLOSE = String.raw`(b, pattern) => [b.getAttribute("aria-label"), b.innerText, b.getAttribute("title")].some((l) => pattern.test((l || "").replace(/\s+/g, " ").trim()))`;

/**
 * Resolves after two rendered frames, or 200 ms when the page renders none (a hidden tab). Its
 * timer is the browser's own, which the page's timers being held (TIMER_GATE) does not stop.
 */
export const TWO_FRAMES = `new Promise((r) => { ${OWN_TIMEOUT}(r, 200); requestAnimationFrame(() => requestAnimationFrame(() => r(true))); })`;

/**
 * TWO_FRAMES for a step of the scroll through the page's own document, which must be drawn for the
 * page to see it: on a busy machine a frame took more than 200 ms, the scroll went on before the page
 * had seen the screen, and its lazy pictures or its feed's next batch never came (CI, 2026-12-07).
 * Waited up to a second; a document that draws none (not expected of the page in view) costs that
 * three times, then 200 ms as TWO_FRAMES. One that draws, however late, is given the second again: a
 * feed on a machine so busy that three frames came late was then scrolled on at 200 ms, undrawn, and
 * its watch never saw its end leave and come back (seven of 54 such captures ended early, 2026-12-07).
 */
export const FRAMES_DRAWN = `new Promise((r) => {
  const late = window.__somarkivFramesLate || 0;
  let drawn = false;
  ${OWN_TIMEOUT}(() => { if (!drawn) { window.__somarkivFramesLate = late + 1; r(false); } }, late >= 3 ? 200 : 1000);
  requestAnimationFrame(() => requestAnimationFrame(() => { drawn = true; window.__somarkivFramesLate = 0; r(true); }));
})`;

/**
 * Run before any of the page's own scripts, in every frame: the page's timers (setTimeout,
 * setInterval) can be held while its words are read and its picture taken. A slideshow or a
 * counter the page's own script turns every few seconds changed between the two, and the record's
 * text was of another slide than its picture. A timer that comes due while held runs once it
 * is let go (an interval once, however many times it came due). Proxies, not functions of ours:
 * to the page's scripts they still read as the browser's own.
 *
 * It also notes the one-off timers (0.3 to 2 s) that the page sets as it is scrolled (within 150 ms
 * of a scroll: in a scroll event, or in a visibility observer's callback, which runs a frame after;
 * not a consent tool's or a tracker's own pacing, which a wider window took for the feed's):
 * a feed that waits a moment before it asks for its next batch (a debounce) shows nothing meanwhile,
 * and the wait at the bottom took it as ended. (Wrapping the observer's callbacks instead changed how
 * some pages' pictures loaded.)
 */
export const TIMER_GATE = String.raw`(() => {
  if (window.__somarkivTimers) return;
  const nativeSetTimeout = window.setTimeout;
  let held = false;
  // Whether the observers below are held with the timers (see hold).
  let observersHeld = false;
  const due = new Map();
  // Timers set while the page reacts to a scroll, by id: when each comes due (the page's clock).
  const reactions = new Map();
  // How many of them have run: one that ran while the capture looked (a second or more on a busy
  // machine) may have asked for the next batch after the network was looked at.
  let reactionsRan = 0;
  let scrolledAt = -1e9;
  const gate = (native, once) => new Proxy(native, {
    apply(target, self, args) {
      const fn = args[0];
      if (typeof fn !== "function") return Reflect.apply(target, self, args);
      let id;
      const gated = function (...given) {
        // A timer set by one that reacted to a scroll (a debounce that then waits again) reacts too,
        // one step down only: a slideshow that sets its next turn from each turn is no feed.
        const step = once && reactions.has(id) ? reactions.get(id).step : -1;
        const late = once && lates.has(id);
        if (once) { reactions.delete(id); lates.delete(id); }
        if (step >= 0) reactionsRan++;
        if (held) { due.set(id, () => fn.apply(this, given)); return undefined; }
        if (late) return watchLate(() => { inTimer++; try { return fn.apply(this, given); } finally { inTimer--; } });
        if (step !== 0) { inTimer++; try { return fn.apply(this, given); } finally { inTimer--; } }
        reacting++;
        try { return fn.apply(this, given); } finally { reacting--; }
      };
      id = Reflect.apply(target, self, [gated, ...args.slice(1)]);
      const delay = Number(args[1]) || 0;
      // Shorter ones run within the quiet the bottom waits for anyway (and somarkiv's own page scripts tick at 50–250 ms).
      if (once) react(id, delay);
      // A box the page opens a few seconds in (a consent dialog at 3 s, a newsletter offer): set by
      // the page as it starts (before its load event, or within a second of it), not by a timer (a
      // slideshow's next turn), in reaction to a scroll, or later by a handler (a toast hidden after
      // 3 s, a carousel re-armed on each turn), which kept almost every capture waiting.
      const starting = loadedAt === 0 || performance.now() - loadedAt < 1000;
      if (once && starting && inTimer === 0 && reacting === 0 && delay >= 1000 && delay <= 5000 && performance.now() - scrolledAt >= 150 && lates.size < 100) lates.set(id, performance.now() + delay);
      return id;
    },
  });
  // A timer set while the page reacts to a scroll, up to 5 s: a feed that waits for the scroll to
  // rest before it asks for more (a debounce of 2.5 s lost all but the first batch).
  let reacting = 0;
  // One-off timers of 1 to 5 s the page set itself (not from a timer's own run), by id: when each comes due.
  const lates = new Map();
  let inTimer = 0;
  // What the page's own late timers changed (the elements whose attributes they set, the nodes they
  // added), and whether somarkiv's first look at the page (FIRST_LOOK) has been taken: a box such a
  // timer brings over the page (a login wall sliding in at 2.5 s) came after the start page was
  // shown, also where the capture's first look comes later than the timer, as it does on a busy machine.
  const lateChanged = [];
  let firstLooked = false;
  const NativeMutationObserver = window.MutationObserver;
  // How many late timers have run: one that ran after somarkiv's last look at the boxes over the
  // page (as the look ended, on a busy machine) may have brought one that look did not see.
  let lateRuns = 0;
  const watchLate = (run) => {
    lateRuns++;
    if (!firstLooked) {
      firstLooked = true;
      try { if (typeof window.__somarkivFirstLook === "function") window.__somarkivFirstLook(); } catch (e) { /* the page goes on as without it */ }
    }
    const note = (records) => {
      for (const r of records) {
        if (lateChanged.length >= 2000) break;
        if (r.type === "attributes") lateChanged.push(r.target);
        else for (const n of r.addedNodes) lateChanged.push(n);
      }
    };
    let watch = null;
    try { watch = new NativeMutationObserver(note); watch.observe(document, { subtree: true, childList: true, attributes: true }); } catch (e) { watch = null; }
    try { return run(); } finally {
      // After the timer's own promises too (a render queued as a microtask).
      if (watch) Promise.resolve().then(() => { note(watch.takeRecords()); watch.disconnect(); });
    }
  };
  let loadedAt = document.readyState === "complete" ? performance.now() : 0;
  addEventListener("load", () => { loadedAt = performance.now(); }, { once: true });
  const react = (id, delay) => {
    const scrolled = performance.now() - scrolledAt < 150;
    if ((reacting > 0 || scrolled) && delay >= 300 && delay <= 5000 && reactions.size < 100) reactions.set(id, { at: performance.now() + delay, step: scrolled ? 0 : 1 });
  };
  // The same wait asked of the browser's task scheduler (scheduler.postTask with a delay).
  if (window.scheduler && typeof window.scheduler.postTask === "function") {
    let tasks = 0;
    window.scheduler.postTask = new Proxy(window.scheduler.postTask, {
      apply(target, self, args) {
        const delay = Number(args[1] && args[1].delay) || 0;
        const id = "task" + tasks++;
        react(id, delay);
        const p = Reflect.apply(target, self, args);
        const done = () => { if (reactions.delete(id)) reactionsRan++; };
        if (p && typeof p.then === "function") p.then(done, done);
        return p;
      },
    });
  }
  // Animation frames asked for, and when last: a page that asks for one at every frame runs a loop,
  // which may be a feed counting frames of rest before it asks for more.
  let frames = 0;
  let frameAskedAt = -1e9;
  const nativeFrame = window.requestAnimationFrame;
  window.requestAnimationFrame = new Proxy(window.requestAnimationFrame, {
    apply(target, self, args) { frames++; frameAskedAt = performance.now(); return Reflect.apply(target, self, args); },
  });
  const clearing = (native) => new Proxy(native, {
    apply(target, self, args) { due.delete(args[0]); reactions.delete(args[0]); lates.delete(args[0]); return Reflect.apply(target, self, args); },
  });
  window.setTimeout = gate(window.setTimeout, true);
  window.setInterval = gate(window.setInterval, false);
  window.clearTimeout = clearing(window.clearTimeout);
  window.clearInterval = clearing(window.clearInterval);
  addEventListener("scroll", () => { scrolledAt = performance.now(); }, { capture: true, passive: true });
  // The page's observers of what is in view and of sizes are held with its timers: a screenshot
  // of the whole page lays it out in a window 1 px high for a moment, and a feed that takes
  // its pictures away when they leave the view took those on the first screen away as the band was
  // taken (grey in the record), to give them back a moment too late. Held, each sees the moment
  // afterwards, in order, and ends where the page is.
  let observed = 0;
  // How many watches on what is in view the page made: a scroll waits until they have been told of
  // where it brought the page (watchesTold).
  let watches = 0;
  const NativeIntersectionObserver = window.IntersectionObserver;
  // Whether a watch's word is of a place a scroll just brought (the browser works out what is in view
  // in the frame after the scroll, and tells the watches in a task after that frame): a timer the
  // page sets as its watch sees its feed's end is its reaction to the scroll, however late the task
  // comes on a busy machine (one second or more after the scroll, and a debounce of the feed was
  // not noted, nor waited for at its end, 2026-12-07).
  const ofScroll = (entries) => Array.isArray(entries) && entries.some((e) => e && typeof e.time === "number" && e.time - scrolledAt > -100 && e.time - scrolledAt < 1000);
  const observing = (name) => {
    const native = window[name];
    if (typeof native !== "function") return;
    const counted = name === "IntersectionObserver";
    window[name] = new Proxy(native, {
      construct(target, args, newTarget) {
        const cb = args[0];
        if (typeof cb !== "function") return Reflect.construct(target, args, newTarget);
        if (counted) watches++;
        const gated = function (...given) {
          if (held && observersHeld) { due.set("observed" + observed++, () => cb.apply(this, given)); return undefined; }
          if (!counted || !ofScroll(given[0])) return cb.apply(this, given);
          reacting++;
          try { return cb.apply(this, given); } finally { reacting--; }
        };
        return Reflect.construct(target, [gated, ...args.slice(1)], newTarget);
      },
    });
  };
  observing("IntersectionObserver");
  observing("ResizeObserver");
  // The window's own "resize" there and back is not the page's to see either (a handler that sets a
  // hero's height from innerHeight made it 1 px high): the window is as it was once the bands are taken.
  addEventListener("resize", (e) => { if (held && observersHeld) e.stopImmediatePropagation(); }, { capture: true });
  Object.defineProperty(window, "__somarkivTimers", { value: {
    setTimeout: nativeSetTimeout,
    // How long until the last timer set in reaction to a scroll comes due, in ms; 0 when none waits.
    // One already due that has not run yet (the page's thread was busy) still waits: at least 1.
    // And how many such timers have run so far.
    reactions() { const now = performance.now(); let last = 0; for (const r of reactions.values()) last = Math.max(last, r.at - now, 1); return { due: Math.max(0, Math.ceil(last)), ran: reactionsRan }; },
    // Made before a scroll: resolves once the page's watches on what is in view have been told of the
    // place scrolled to, whether or not it changed what they watch. A fresh watch is told of its first
    // look in the same delivery as the others of that frame (the browser tells all of a document's
    // watches at once), and the page's own have run by the task after. Not a fixed time: on a busy
    // machine that delivery came a second or more after the frame. True at once for a page without watches.
    watchesTold() {
      if (watches === 0 || typeof NativeIntersectionObserver !== "function") return Promise.resolve(true);
      return new Promise((done) => {
        const watch = new NativeIntersectionObserver(() => { watch.disconnect(); nativeSetTimeout(() => done(true), 0); });
        watch.observe(document.documentElement);
      });
    },
    // How long until the last of the page's own one-off timers due by "by" (ms of the page's clock) comes due; 0 when none waits.
    // One already due that has not run yet (the page's thread was busy) still waits: at least 1.
    lateDue(by) { const now = performance.now(); let last = 0; for (const at of lates.values()) if (at <= by) last = Math.max(last, at - now, 1); return Math.max(0, Math.ceil(last)); },
    // How many of those one-off timers have run so far.
    lateRan() { return lateRuns; },
    // Whether one of the page's late timers changed the element, something in it, or an element around it.
    byLateTimer(el) { return lateChanged.some((n) => n === el || el.contains(n) || (n.nodeType === 1 && n.contains(el))); },
    // Whether the first look was taken, at the first late timer or at the capture's own first look.
    looked() { const was = firstLooked; firstLooked = true; return was; },
    // Whether the page asks for a frame in each frame the browser draws (a loop runs now), and how long
    // a frame takes: counted against frames of somarkiv's own, not a fixed time, for a heavy page or a
    // busy machine draws fewer frames a second, and its loop was taken for none.
    frameLoop() {
      const n = frames;
      const started = performance.now();
      let drawn = 0;
      return new Promise((done) => {
        let ended = false;
        const end = () => {
          if (ended) return;
          ended = true;
          const elapsed = performance.now() - started;
          const msPerFrame = drawn ? elapsed / drawn : 0;
          done({ loop: drawn >= 3 && frames - n >= drawn - 1 && performance.now() - frameAskedAt < Math.max(100, 2 * msPerFrame), msPerFrame });
        };
        const tick = () => { if (++drawn >= 5) end(); else Reflect.apply(nativeFrame, window, [tick]); };
        Reflect.apply(nativeFrame, window, [tick]);
        // A page that draws no frames (a hidden tab) runs no loop.
        nativeSetTimeout(end, 1000);
      });
    },
    // With observers false, only the timers are held: a frame from another site is scrolled into view
    // to be drawn (see patchFramesOutOfSight), and what it shows there may wait on its observers.
    hold(observers = true) { held = true; observersHeld = observers !== false; return true; },
    // Each as a task of its own, as a timer runs: one that throws does not keep the others from running.
    release() { held = false; observersHeld = false; const waiting = [...due.values()]; due.clear(); for (const f of waiting) nativeSetTimeout(f, 0); return waiting.length; },
  } });
})()`;

/**
 * Run before any of the page's own scripts, in every frame: shadow roots the page asks to be
 * closed are made open. A closed root cannot be reached from outside its component, and a consent
 * dialog built in one (a web component over the page) could not be answered, its words were not
 * in the text layer, and the record said no dialog was shown while the picture showed one. Only
 * reachability changes: what the page draws is the same, and its own code keeps the root it was given.
 */
export const OPEN_SHADOW_ROOTS = String.raw`(() => {
  const attach = Element.prototype.attachShadow;
  if (!attach) return;
  // A proxy, not a function of ours: to the page's scripts (and the checks some sites run on the
  // browser's own functions) it still reads as native code, with its own name and length.
  Element.prototype.attachShadow = new Proxy(attach, {
    apply(target, host, args) {
      const init = args[0];
      return Reflect.apply(target, host, [init && init.mode === "closed" ? { ...init, mode: "open" } : init, ...args.slice(1)]);
    },
  });
})()`;

/**
 * The open shadow roots of the page (closed ones are opened, see OPEN_SHADOW_ROOTS), nested ones too,
 * and every element matching a selector in the document and in them: a feed whose posts are web
 * components (Threads-like, sites built with Lit or Stencil) keeps its posts' words and pictures there,
 * where querySelectorAll, document.images and parentElement do not reach. One pass over the page's
 * elements finds the hosts: a page of 20,000 elements without web components costs one
 * querySelectorAll("*").
 */
const DEEP = String.raw`
  const shadowRoots = () => {
    const roots = [];
    const look = (root) => { for (const e of root.querySelectorAll("*")) if (e.shadowRoot) roots.push(e.shadowRoot); };
    look(document);
    for (let i = 0; i < roots.length; i++) look(roots[i]);
    return roots;
  };
  // A caller that has the roots already gives them: each finding of them walks the whole page.
  const deepAll = (sel, roots = shadowRoots()) => {
    const out = [...document.querySelectorAll(sel)];
    for (const root of roots) out.push(...root.querySelectorAll(sel));
    return out;
  };
  // Up the tree across shadow roots: from an element in one to its host.
  const parentOf = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
  const insideOf = (box, n) => { for (; n; n = parentOf(n)) if (n === box) return true; return false; };
  const deepClosest = (el, sel) => { for (let n = el; n; n = parentOf(n)) if (n.matches(sel)) return n; return null; };
  // Walks over the text of an element and of the shadow roots within it (of those given, or all).
  const textWalksOf = (from, roots = shadowRoots()) => [from, ...roots.filter((r) => insideOf(from, r.host))].map((r) => document.createTreeWalker(r, NodeFilter.SHOW_TEXT));
`;

/** Shared helpers, prepended to the scripts below. */
const HELPERS = String.raw`
  ${DEEP}
  const labelKey = ${LABEL_KEY};
  const answerRank = ${ANSWER_RANK};
  const confirmsDecline = ${CONFIRMS_DECLINE};
  const CONFIRM_KEYS = ${JSON.stringify(CONFIRM_TEXTS)};
  const isShown = (el) => {
    if (!el || !el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  };
  const labelOf = (el) => (el.innerText || el.value || el.getAttribute("aria-label") || el.getAttribute("title") || "").replace(/\s+/g, " ").trim();
  // The shown labels of a box's buttons, as a dialog left over the page is said (at most 6, each cut
  // at 40 characters): words somarkiv may not know, which whoever keeps it can be told.
  const buttonLabelsOf = (box) => {
    const seen = [];
    for (const b of box.querySelectorAll('button, [role="button"], a, input[type="button"], input[type="submit"]')) {
      if (seen.length >= 6) break;
      if (!isShown(b)) continue;
      const label = labelOf(b);
      const cut = label.length > 40 ? label.slice(0, 39).trim() + "…" : label;
      if (cut && !seen.includes(cut)) seen.push(cut);
    }
    return seen;
  };
  // Not every consent dialog names cookies: Usercentrics speaks of services from third parties,
  // the IAB framework's text of "we and our partners" storing information on the device.
  // Norwegian names cookies "informasjonskapsler" (nynorsk "-kapslar") where it does not say "cookies"; German
  // speaks of "Einwilligung", "Zustimmung" and "Datenschutz" where it names no cookie, Norwegian and Danish of
  // "samtykke", "personvern" and "privatliv".
  const CONSENT_WORDS = /cookie|kakor|samtycke|consent|gdpr|integritet|privacy|personuppgifter|dataskydd|tredje part|third[- ]part|våra partner|our partners|spårning|tracking|eväste|suostumu|tietosuoja|gáhkkoš|informasjonskaps|einwilligung|zustimmung|datenschutz|samtykke|personvern|privatliv/i;
  const LOGIN_WORDS = /logga in|log in|sign in|login|registrera|sign up|skapa konto|create new account/i;
  // Some dialogs make their buttons of plain elements with a click handler and a pointer;
  // only short ones whose own words are the label can be such a button.
  const PLAIN_CLICKABLE = 'div, span, li, p, label, [onclick], [class*="btn" i], [class*="button" i], [class*="close" i]';
  const looksClickable = (el) => {
    if (el.matches('button, [role="button"], a, input, [tabindex]')) return true;
    if (el.childElementCount > 2 || (el.textContent || "").length > 60) return false;
    return el.hasAttribute("onclick") || getComputedStyle(el).cursor === "pointer";
  };
  const clickables = (sel) => {
    // Cheap tests first: a large page has thousands of divs, and only short ones can be buttons.
    const plain = deepAll(PLAIN_CLICKABLE).filter((el) => el.childElementCount <= 2 && (el.textContent || "").length <= 60 && /\S/.test(el.textContent || ""));
    return [...new Set([...deepAll(sel), ...plain])];
  };
  // Small controls without words, drawn as a picture (an "×" in SVG): outermost ones only.
  const iconControls = (holder) => {
    const icons = [];
    for (const el of holder.querySelectorAll("*")) {
      if (icons.some((i) => i.contains(el)) || (el.innerText || "").trim()) continue;
      if (!el.matches("button, [role='button'], a, [tabindex], [onclick]") && getComputedStyle(el).cursor !== "pointer") continue;
      const r = el.getBoundingClientRect();
      if (r.width > 64 || r.height > 64 || !isShown(el)) continue;
      // Drawn as a picture: an SVG or image in it, a background, or an icon font's character.
      const drawn = () => {
        if (el.querySelector("svg, img") || el.matches("button, [role='button']")) return true;
        if (/url\(/.test(getComputedStyle(el).backgroundImage)) return true;
        const icon = getComputedStyle(el, "::before").content;
        return Boolean(icon) && icon !== "none" && icon !== "normal" && icon !== '""';
      };
      if (!drawn()) continue;
      icons.push(el);
    }
    return icons;
  };
  // A consent dialog whose detailed choices were opened is marked, so that its next layer, which
  // may not name cookies again ("Anpassa", its switches, "Bekräfta"), is still known as its own.
  const CONSENT_MARK = "data-somarkiv-consent";
  // A box in which a decline was pressed is marked too: its next step, a confirmation that may not
  // name cookies ("Är du säker? Du missar personligt anpassat innehåll." with "Ja, neka"), is its own,
  // but only for a decline: a "Tack! [OK]" left in it is no dialog to answer.
  const DECLINED_MARK = "data-somarkiv-declined";
  const declinedIn = (n) => Boolean(n.hasAttribute && n.hasAttribute(DECLINED_MARK));
  const speaksOfConsent = (n) => CONSENT_WORDS.test(n.innerText || "") || CONSENT_WORDS.test((n.getAttribute && n.getAttribute("aria-label")) || "") || Boolean(n.hasAttribute && n.hasAttribute(CONSENT_MARK));
  // Where the cookie words of a short page lie beside a button, in the parts along its way up to the
  // body: "apart", a footer's or a box's with buttons of its own; "prose", words of the page's own (a
  // consent page's question above its buttons). "prose" only where no other words stand nearer the
  // button: a newsletter offer's "Nej tack" beside its own question belongs to that question, though
  // a post further up says the site uses cookies.
  // A page's footer, by its markup or its name: its cookie sentence is the site's small print, not a question.
  const isFooter = (n) => n.matches('footer, [role="contentinfo"]') || /footer/i.test((n.id || "") + " " + (n.getAttribute("class") || ""));
  const cookieWordsBeside = (el) => {
    let apart = false, prose = false, ownFirst = false;
    for (let a = el, p = parentOf(el); p && a !== document.body && a !== document.documentElement; a = p, p = parentOf(p)) {
      let otherWords = false;
      for (const other of p.children) {
        if (other === a || !isShown(other)) continue;
        if (!speaksOfConsent(other)) {
          // Its sibling buttons ("Prenumerera", a div made a button) are answers beside it, not a question of their own.
          if (!looksClickable(other) && proseOf(other).trim()) otherWords = true;
          continue;
        }
        if (isFooter(other) || other.querySelector('button, [role="button"], input[type="button"], input[type="submit"]')) apart = true;
        else if (!ownFirst) prose = true;
      }
      if (otherWords && !apart && !prose) ownFirst = true;
    }
    return { apart, prose, ownFirst };
  };
  const COOKIE_WORDS = /cookie|kakor|eväste|gáhkkoš|informasjonskaps/i;
  // Cookies asked to be accepted, in a sentence: a pay-or-accept wall says no more than that of them.
  const ASKS_FOR_COOKIES = /\b(godkänn(a|er)?|acceptera|tillåta|accept(ing)?|allow)\s+(alla\s+|all\s+)?(cookies|kakor)\b/i;
  // That they are used, said in a sentence: also in German ("verwenden", "nutzen", "setzen … ein", "speichern"),
  // Norwegian and Danish ("bruker", nynorsk "brukar", "bruger", "benytter", "anvender", and as "brukes", "bruges").
  const USES_WORDS = /använder|används|lagrar|sparar|\buses?\b|\bstores?\b|käyttää|tallenta|\bverwende[nt]?\b|\b(be)?nutz(en|t)\b|\bsetz(en|t)\b|\bspeicher(n|t)\b|\bbruke[rs]\b|\bbrukar\b|\bbruge[rs]\b|\bbenytte[rs]\b|\banvende[rs]\b/i;
  // The words of an element outside its links and buttons: a banner says in a sentence that cookies
  // are used; a footer's row of links ("Cookies", "Meta Store", "Inställningar") says nothing.
  const proseOf = (el) => {
    let out = "";
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n && out.length < 4000; n = walk.nextNode()) {
      if (n.parentElement && n.parentElement.closest('a, button, [role="button"]')) continue;
      out += n.textContent + " ";
    }
    return out;
  };
  // Words of a part's own around a button, outside links and buttons, a sentence long: a post's or an
  // invitation's, whose buttons answer it. Walking up from a button, a part with such words that do not
  // speak of consent is where the button belongs; a cookie sentence further up, in another post, is not its question.
  const ownWordsOf = (n) => proseOf(n).replace(/\s+/g, " ").trim().length >= 40;
  // A dialog by its markup; one over the page also when it is fixed (or sticky) to the screen.
  const isDialog = (el) => el.getAttribute("role") === "dialog" || el.getAttribute("role") === "alertdialog" || el.getAttribute("aria-modal") === "true" || el.tagName === "DIALOG";
  const overScreen = (el, cs) => isDialog(el) || cs.position === "fixed" || cs.position === "sticky";
  const overlayOf = (el) => {
    for (let n = el; n && n !== document.body && n !== document.documentElement; n = parentOf(n)) {
      if (overScreen(n, getComputedStyle(n))) return n;
    }
    return null;
  };
`;

/**
 * Generic consent fallback for one frame: finds a visible button whose label is in the
 * given list, inside something that talks about cookies, and presses the best one.
 * Returns the pressed button's words as it shows them, or null. `declines` (the decline
 * list) lets a settings label that also names declining count as settings (see ANSWER_RANK).
 */
export const PRESS_CONSENT_BUTTON = String.raw`(texts, mark, declining, declines) => {
  ${HELPERS}
  const wanted = texts.map(labelKey);
  const declineKeys = declines ? declines.map(labelKey) : null;
  const candidates = clickables('button, [role="button"], a, input[type="button"], input[type="submit"], [tabindex]');
  let best = null;
  for (const el of candidates) {
    if (!isShown(el)) continue;
    // A bare symbol ("×") says nothing; its name (aria-label "Stäng") does.
    const label = labelKey(labelOf(el)) || labelKey(el.getAttribute("aria-label") || el.getAttribute("title") || "");
    let rank = answerRank(wanted, label, declineKeys);
    // A plain "Ja" declines only as the answer to a confirmation in a box where a decline was pressed (below).
    const confirming = rank < 0 && declining && CONFIRM_KEYS.includes(label);
    if (confirming) rank = wanted.length;
    if (rank < 0 || !looksClickable(el)) continue;
    // A link to another page is no answer to a dialog: the footer's "Inställningar" leads to the
    // platform's settings, and the record would be of that page.
    let leadsElsewhere = false;
    if (el.tagName === "A" && el.getAttribute("href")) {
      let to = null;
      try { to = new URL(el.getAttribute("href"), location.href); } catch { /* no address: a button in a link's dress */ }
      leadsElsewhere = Boolean(to && /^https?:$/.test(to.protocol) && (to.origin !== location.origin || to.pathname !== location.pathname));
    }
    // The button must belong to a consent dialog: an ancestor (or the whole small frame) talks about cookies.
    // Not the whole page, though: a "Neka" in a poll on a page that mentions privacy somewhere is not a consent button.
    // Nor a footer's row of links that names "Cookies" and "Integritetspolicy": a dialog over the page, or a
    // banner that says cookies are used, is.
    let ctx = parentOf(el), ok = false;
    const smallFrame = window.top !== window || (document.body.innerText || "").length < 1200;
    const over = overlayOf(el) !== null;
    for (let i = 0; ctx && i < 8; i++, ctx = parentOf(ctx)) {
      if ((ctx === document.body || ctx === document.documentElement) && !smallFrame) break;
      const t = ctx.innerText || "";
      if (t.length > 6000) break;
      if (declining && declinedIn(ctx)) { ok = !confirming || confirmsDecline(label, proseOf(ctx)); break; }
      if (confirming) continue;
      if (speaksOfConsent(ctx) && (over || window.top !== window || USES_WORDS.test(proseOf(ctx)) || ASKS_FOR_COOKIES.test(proseOf(ctx)) || (ctx.hasAttribute && ctx.hasAttribute(CONSENT_MARK)))) { ok = true; break; }
      // In the page's own flow, a part with words of its own that speak of no consent is the button's
      // question: an invitation's "Avböj", though a post further up says "Vi använder kakor".
      if (!over && window.top === window && ownWordsOf(ctx) && !speaksOfConsent(ctx)) break;
    }
    if (!ok) continue;
    // On a short page the whole body speaks of cookies, by its cookie box or its footer: a button
    // whose only such words are the whole page's ("Avvisa alla" of the account's invitations) is the
    // page's own where the cookie words beside it are a footer's or a box's with buttons of its own.
    // Pressed, it would act on the account (signed in, decline its invitations), and answer nothing.
    // So is one beside words of its own nearer it than the page's cookie words: a newsletter offer's
    // "Nej tack" under its question, on a short page whose post says the site uses cookies.
    if (window.top === window && !over && (ctx === document.body || ctx === document.documentElement) && ((w) => w.ownFirst || (w.apart && !w.prose))(cookieWordsBeside(el))) continue;
    if (leadsElsewhere) {
      // A consent dialog's link to more choices on a page of their own is remembered: if the question
      // is then accepted, the record says a no may lie behind it, not that none was found (CHOICES_ELSEWHERE).
      if (mark) window.__somarkivChoicesElsewhere = labelOf(el).slice(0, 100) || label;
      continue;
    }
    if (!best || rank < best.rank) best = { el, rank, label, ctx };
  }
  if (!best) return null;
  // Opening the detailed choices: the box over the page that holds them is the consent dialog's.
  if (mark) {
    const box = overlayOf(best.el) || best.ctx;
    if (box && box !== document.body && box !== document.documentElement) box.setAttribute(CONSENT_MARK, "");
    // A frame that is itself the banner: its body is the dialog, and its next layer may not name cookies.
    else if (window.top !== window && box === document.body) box.setAttribute(CONSENT_MARK, "");
    // A small frame whose choices were opened is the consent tool's own (Sourcepoint's way): its next
    // layer may be a box beside the first ("Dina val", switches, "Spara mina val"), not inside it.
    if (window.top !== window && (document.body.innerText || "").length < 3000) document.body.setAttribute(CONSENT_MARK, "");
    // The layer over the page that holds the dialog (a backdrop fixed over the screen) is its own too:
    // the detailed choices may be a box beside the first in it, not inside it (Didomi's way), whose
    // words name no cookies ("Hantera mina preferenser"), and their "Neka alla" was never pressed.
    for (let a = box && box.parentElement, i = 0; a && a !== document.body && a !== document.documentElement && i < 4; a = a.parentElement, i++) {
      if ((a.innerText || "").length > 3000) break;
      if (/^(fixed|sticky)$/.test(getComputedStyle(a).position)) { a.setAttribute(CONSENT_MARK, ""); break; }
    }
  }
  if (declining) {
    const box = overlayOf(best.el) || best.ctx;
    if (box && box !== document.body && box !== document.documentElement) box.setAttribute(DECLINED_MARK, "");
  }
  // Pressed just after the answer is sent: a banner in a frame that its press removes took the answer with it.
  ${OWN_TIMEOUT}(() => best.el.click(), 0);
  // Its words as shown ("Godkänn alla"), for the record that says what was pressed.
  return labelKey(labelOf(best.el)) ? labelOf(best.el).slice(0, 100) : best.label;
}`;

/**
 * A cookie notice whose only control is a close drawn as a picture (an "×" in SVG, no words, no
 * name): that control is pressed, as a person closes the notice. Only inside a dialog or a bar
 * fixed to the screen that talks about cookies, only a small control without words, and only the
 * one named close (by class, id or title) or, failing a name, the only such control there, where
 * a close stands. Returns "×" when one was pressed.
 */
export const PRESS_CONSENT_CLOSE_ICON = String.raw`() => {
  ${HELPERS}
  if (!document.body) return null;
  const NAMED_CLOSE = ${CLOSE_NAMED};
  const holders = deepAll('[role="dialog"], [role="alertdialog"], [aria-modal="true"], dialog, div, section, aside, footer, header').filter((el) => {
    if (el === document.body || el.children.length > 200) return false;
    const cs = getComputedStyle(el);
    const dialogish = overScreen(el, cs);
    if (!dialogish || !isShown(el)) return false;
    const text = el.innerText || "";
    return text.length <= 3000 && CONSENT_WORDS.test(text);
  });
  for (const holder of holders) {
    const icons = iconControls(holder);
    const name = (el) => [typeof el.className === "string" ? el.className : (el.className && el.className.baseVal) || "", el.id, el.getAttribute("title") || "", el.getAttribute("data-testid") || ""].join(" ");
    const named = icons.filter((el) => NAMED_CLOSE.test(name(el)));
    // Without a name, only where a close stands (at the right end, near the top) of a box that
    // names cookies, not only privacy: a sticky header with a privacy link and a menu icon is no notice.
    const box = holder.getBoundingClientRect();
    const where = (el) => { const r = el.getBoundingClientRect(); return r.right >= box.right - 96 && r.top <= box.top + 96; };
    const unnamed = icons.length === 1 && where(icons[0]) && COOKIE_WORDS.test(holder.innerText || "") ? icons[0] : null;
    const pick = named.length ? named[0] : unnamed;
    if (!pick) continue;
    ${OWN_TIMEOUT}(() => pick.click(), 0);
    return "×";
  }
  return null;
}`;

/**
 * Switches a consent layer draws itself, with no checkbox or role: an element without words of a
 * switch's size beside a category's name, pressable (a handler, a pointer, a name that says so) or
 * shaped as one (a coloured pill); outermost ones only, not the knob inside a track. Its handler may
 * be its list's, not its own (one listener for all), so a pill need not look pressable.
 * Their state is read from the page's own marks: an attribute (aria-pressed, aria-checked,
 * data-state, data-checked) or a word of the class ("on", "is-active", "toggle--checked"); one
 * without a mark is off where a switch of the same drawing (its class words, those aside) was seen
 * marked on, and unknown (null) otherwise.
 */
const DRAWN_SWITCHES = String.raw`
  // The nearest of its wrappers (three at most, within the layer) that has words: the category's row.
  const rowOf = (el, box) => {
    let a = el.parentElement;
    for (let i = 0; a && i < 3 && a !== box; i++, a = a.parentElement) if ((a.innerText || "").trim()) return a;
    return null;
  };
  const drawnSwitches = (box) => {
    const found = [];
    for (const el of box.querySelectorAll("span, div, i, b")) {
      if (found.some((f) => f.contains(el))) continue;
      if (el.querySelector("input, [role='switch'], [role='checkbox'], svg, img, button") || el.closest("button, a, input, [role='switch'], [role='checkbox'], label:has(input)") || (el.innerText || "").trim()) continue;
      // The drawing of a checkbox its label names by "for" (OneTrust's knob beside a hidden input): a
      // press of it toggles that checkbox, and the probe below turned the one just switched off on again.
      const label = el.closest("label");
      if (label && label.control) continue;
      if (${CLOSE_NAMED}.test((el.getAttribute("aria-label") || "") + " " + (el.getAttribute("title") || "") + " " + String(el.className))) continue;
      // A necessary category's switch, locked on, is no choice to turn off.
      if (el.getAttribute("aria-disabled") === "true" || [...el.classList].some((w) => /^(is-?)?(disabled|locked)$|[-_](disabled|locked)$/i.test(w))) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 14 || r.width > 80 || r.height < 10 || r.height > 48 || !isShown(el)) continue;
      // Beside a category's name: in the same row, however many wrappers without words stand between.
      if (!rowOf(el, box)) continue;
      const cs = getComputedStyle(el);
      const coloured = (cs.backgroundColor !== "rgba(0, 0, 0, 0)" && cs.backgroundColor !== "transparent") || parseFloat(cs.borderTopWidth) > 0;
      const pill = coloured && r.width >= r.height * 1.4 && parseFloat(cs.borderTopLeftRadius) >= r.height / 3;
      const pressable = el.hasAttribute("onclick") || cs.cursor === "pointer" || /toggle|switch|slider/i.test(String(el.className));
      if (pill || pressable) found.push(el);
    }
    return found;
  };
  const ON_WORD = /^(is-?)?(on|active|checked|enabled|selected|toggled)$|[-_](on|active|checked|enabled|selected|toggled)$/i;
  const OFF_WORD = /^(is-?)?(off|inactive|unchecked)$|[-_](off|inactive|unchecked)$/i;
  const markOfOne = (el) => {
    for (const name of ["aria-pressed", "aria-checked", "data-state", "data-checked"]) {
      const v = (el.getAttribute(name) || "").toLowerCase();
      if (/^(true|on|checked|active)$/.test(v)) return "on";
      if (/^(false|off|unchecked|inactive)$/.test(v)) return "off";
    }
    if ([...el.classList].some((w) => ON_WORD.test(w))) return "on";
    if ([...el.classList].some((w) => OFF_WORD.test(w))) return "off";
    return null;
  };
  // Its own mark, or that of a wrapper between it and its row's words ("<label class='is-on'><span>").
  const markOf = (el) => {
    let mark = markOfOne(el);
    for (let a = el.parentElement, i = 0; !mark && a && i < 3 && !(a.innerText || "").trim(); a = a.parentElement, i++) mark = markOfOne(a);
    return mark;
  };
  const drawingOf = (el) => el.tagName + " " + [...el.classList].filter((w) => !ON_WORD.test(w) && !OFF_WORD.test(w)).sort().join(" ");
  const markedOn = new Set();
  const switchState = (el) => {
    const mark = markOf(el);
    if (mark === "on") markedOn.add(drawingOf(el));
    return mark || (markedOn.has(drawingOf(el)) ? "off" : null);
  };
`;

/**
 * In a consent dialog's detailed layer: switches off every optional category that is on, then
 * presses the save button. Returns the pressed label, or null when there is no such button. With
 * `needToggles`, only a save button in a box that shows its categories' switches (a first layer
 * that offers them beside "accept all"): a bare "Spara" saves whatever was chosen before.
 */
export const SAVE_WITH_OPTIONAL_OFF = String.raw`async (texts, needToggles) => {
  ${HELPERS}
  ${DRAWN_SWITCHES}
  const wanted = texts.map(labelKey);
  let best = null;
  for (const el of clickables('button, [role="button"], a, input[type="button"], input[type="submit"]')) {
    if (!isShown(el)) continue;
    const rank = wanted.indexOf(labelKey(labelOf(el)));
    if (rank < 0 || !looksClickable(el)) continue;
    let box = parentOf(el);
    for (let i = 0; box && i < 10; i++, box = parentOf(box)) {
      if (box === document.body && window.top === window) { box = null; break; }
      if (speaksOfConsent(box)) break;
    }
    if (!box) continue;
    if (needToggles && !box.querySelector('input[type="checkbox"], input[type="radio"], [role="switch"], [role="checkbox"]')) continue;
    if (!best || rank < best.rank) best = { el, rank, box, label: labelKey(labelOf(el)) };
  }
  if (!best) return null;
  // Choices given as a pair of radio buttons per category ("Av" / "På", as YouTube's older settings
  // page): each group set to its "off" answer. "Bekräfta" with every group left at "På" was recorded
  // as a decline while the site was told yes to all.
  const radioWords = (r) => labelKey((r.labels && r.labels[0] ? r.labels[0].innerText : "") || r.getAttribute("aria-label") || r.value || "");
  const OFF_ANSWER = /^(av|nej|off|no|neka|avvisa|avböj|tillåt inte|godkänn inte|reject|deny|decline|don't allow|do not allow|disabled?|inaktiv|inaktivera|ei|pois|fra|nei)$/;
  const radioGroups = () => {
    const groups = new Map();
    for (const r of best.box.querySelectorAll('input[type="radio"]')) {
      if (r.disabled || !r.name) continue;
      if (!groups.has(r.name)) groups.set(r.name, []);
      groups.get(r.name).push(r);
    }
    return [...groups.values()];
  };
  for (const group of radioGroups()) {
    const off = group.find((r) => OFF_ANSWER.test(radioWords(r)));
    if (!off) { window.__somarkivChoicesUnsaved = true; return null; }
    if (!off.checked) off.click();
  }
  if (radioGroups().some((group) => !group.find((r) => OFF_ANSWER.test(radioWords(r)))?.checked)) { window.__somarkivChoicesUnsaved = true; return null; }
  // Saved as a decline only once its optional choices are seen to be off: a switch that turns on a
  // press (pointerdown) rather than a click, or one drawn without a checkbox or role (a span that
  // changes its class), was saved on, and the record said declined while the site was told "accepted".
  const on = () => [
    ...[...best.box.querySelectorAll('input[type="checkbox"]')].filter((c) => c.checked && !c.disabled),
    ...[...best.box.querySelectorAll('[role="switch"][aria-checked="true"], [role="checkbox"][aria-checked="true"]')].filter((sw) => sw.getAttribute("aria-disabled") !== "true"),
  ];
  for (const c of on()) c.click();
  for (const c of on()) {
    const r = c.getBoundingClientRect(), at = { bubbles: true, cancelable: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 };
    for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup"]) c.dispatchEvent(type.startsWith("pointer") ? new PointerEvent(type, at) : new MouseEvent(type, at));
  }
  // Refused for its choices, not for want of a save button: said to the caller (UNSAVED_CHOICES).
  const unsaved = () => { window.__somarkivChoicesUnsaved = true; return null; };
  if (on().length) return unsaved();
  // Switches of the page's own drawing, not a checkbox nor named one, are turned off as a person
  // does, by pressing each that reads "on" until it reads "off"; a layer with one whose state cannot
  // be read is not saved as a decline. They were known only by a pointer or a handler of their own,
  // and a layer that listens on their list (one handler for all) was saved with every one on.
  const drawn = drawnSwitches(best.box);
  drawn.forEach(switchState);
  // A drawing none of whose switches is marked on yet (all off, or marked only when on): one press
  // of one of them shows how it marks "on", and the pass below turns that one off again.
  const probed = new Set();
  for (const sw of drawn) {
    if (switchState(sw) !== null || probed.has(drawingOf(sw))) continue;
    probed.add(drawingOf(sw));
    sw.click();
  }
  if (probed.size) await ${TWO_FRAMES};
  if (drawn.some((sw) => switchState(sw) === null)) return unsaved();
  const turnOff = drawn.filter((sw) => switchState(sw) === "on");
  for (const sw of turnOff) sw.click();
  if (turnOff.length) await ${TWO_FRAMES};
  const stillOn = drawn.filter((sw) => switchState(sw) === "on");
  for (const sw of stillOn) {
    const r = sw.getBoundingClientRect(), at = { bubbles: true, cancelable: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 };
    for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup"]) sw.dispatchEvent(type.startsWith("pointer") ? new PointerEvent(type, at) : new MouseEvent(type, at));
  }
  if (stillOn.length) await ${TWO_FRAMES};
  if (drawn.some((sw) => switchState(sw) !== "off")) return unsaved();
  ${OWN_TIMEOUT}(() => best.el.click(), 0);
  return labelOf(best.el).slice(0, 100) || best.label;
}`;

/**
 * Whether SAVE_WITH_OPTIONAL_OFF in this frame found the choices and would not save them as a decline
 * (a switch it could not read, or one that stayed on): the dialog offered a no that could not be given.
 */
export const UNSAVED_CHOICES = String.raw`() => (window.__somarkivChoicesUnsaved ? "unsaved choices" : null)`;

/**
 * The words of a link to more choices on a page of their own ("Fler alternativ" on YouTube's older
 * consent page), which PRESS_CONSENT_BUTTON did not follow, in this frame; or null.
 */
export const CHOICES_ELSEWHERE = String.raw`() => (typeof window.__somarkivChoicesElsewhere === "string" ? window.__somarkivChoicesElsewhere : null)`;

/**
 * Whether a consent dialog is still shown in this frame: a fixed or dialog element that talks about cookies and has buttons.
 * With `listButtons`, the shown labels of that dialog's buttons instead of true (at most 6, each cut at 40
 * characters): a dialog left over the page in words somarkiv does not know is said with the words it used.
 * `questionLabels` are the answers to the question itself (a decline or an accept, not "Cookieinställningar").
 */
export const CONSENT_DIALOG_VISIBLE = String.raw`(labels, declineLabels, listButtons, questionLabels) => {
  ${HELPERS}
  if (!document.body) return false;
  const found = (box) => listButtons ? buttonLabelsOf(box) : true;
  const inFrame = window.top !== window;
  // A frame that is itself the banner (a consent manager's frame at the foot of the page): its
  // words and buttons lie loose in its body, with no box of their own to find below.
  if (inFrame && labels) {
    const text = document.body.innerText || "";
    if (text.length <= 600 && COOKIE_WORDS.test(text) && USES_WORDS.test(text)) {
      const wanted = new Set(labels.map(labelKey));
      if ([...document.body.querySelectorAll('button, [role="button"], a, input[type="button"], input[type="submit"]')].some((b) => isShown(b) && wanted.has(labelKey(labelOf(b))))) return found(document.body);
    }
  }
  for (const el of deepAll("*")) {
    if (el === document.documentElement || el === document.body || el.tagName === "HEAD" || el.closest("head")) continue;
    if (el.children.length > 200) continue;
    const cs = getComputedStyle(el);
    const dialogish = overScreen(el, cs);
    // A banner in the page's flow at its top or its foot (it pushes the page down, or ends it,
    // rather than lying over it): as wide as the page, low, and saying that cookies are used.
    let banner = false;
    if (!dialogish && !inFrame) {
      const r = el.getBoundingClientRect();
      const end = Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);
      banner = (r.top + window.scrollY < 300 || r.bottom + window.scrollY > end - 300) && r.width >= innerWidth * 0.6 && r.height > 0 && r.height <= 300;
    }
    if (!dialogish && !banner && !(inFrame && el.parentElement === document.body)) continue;
    if (!isShown(el)) continue;
    const text = el.innerText || "";
    // The confirmation asked in a box where a decline was pressed: still the dialog while it offers a
    // decline, or while it asks a question with buttons to answer it ("Är du säker?" with "Ja, godkänn
    // ändå" and a no in words somarkiv does not know): the site has not had the no, and the box is over
    // the page. A "Tack! Dina val har sparats. [OK]" left in it asks nothing and is no dialog.
    if (dialogish && declinedIn(el) && !speaksOfConsent(el) && declineLabels) {
      const declines = declineLabels.map(labelKey);
      const prose = proseOf(el);
      const buttons = [...el.querySelectorAll('button, [role="button"], a, input[type="button"], input[type="submit"]')].filter(isShown);
      if (buttons.some((b) => answerRank(declines, labelKey(labelOf(b))) >= 0 || confirmsDecline(labelKey(labelOf(b)), prose))) return found(el);
      if (buttons.length && /\?/.test(prose)) return found(el);
      continue;
    }
    if (!speaksOfConsent(el) || text.length > 6000) continue;
    if (banner && !dialogish) {
      // Only with a consent answer among its buttons: a news item at the top about cookies is no banner.
      // A decline or an accept, not only a way to the choices: a site's footer says in its small print
      // that it uses cookies, beside a "Cookieinställningar" that opens them again; it asks nothing, lies
      // over nothing, and was recorded as a dialog that could not be closed.
      if (!COOKIE_WORDS.test(text) || !USES_WORDS.test(proseOf(el)) || text.length > 600 || !labels) continue;
      const wanted = new Set((questionLabels || labels).map(labelKey));
      if (![...el.querySelectorAll('button, [role="button"], a, input[type="button"], input[type="submit"]')].some((b) => isShown(b) && wanted.has(labelKey(labelOf(b))))) continue;
      return found(el);
    }
    if (el.querySelector('button, [role="button"], input[type="button"], input[type="submit"], [onclick], [class*="btn" i], [class*="button" i]')) return found(el);
    // A notice about cookies whose only control is a close drawn as a picture.
    if (COOKIE_WORDS.test(text) && iconControls(el).length) return found(el);
  }
  // A frame that is the dialog itself: a consent platform's message in a frame of its own, laid
  // over the page (Sourcepoint, TrustArc), its words and buttons straight in the body. Its
  // buttons must be consent answers, so that an embedded post or video that mentions privacy is not taken for one.
  if (inFrame && labels && isShown(document.body)) {
    const text = document.body.innerText || "";
    if (text.length <= 3000 && CONSENT_WORDS.test(text)) {
      const wanted = new Set(labels.map(labelKey));
      for (const b of clickables('button, [role="button"], a, input[type="button"], input[type="submit"]')) if (isShown(b) && wanted.has(labelKey(labelOf(b)))) return found(document.body);
    }
  }
  return false;
}`;

/**
 * Whether the page's own document is a consent page of its own (YouTube's "Innan du fortsätter till
 * YouTube", Google's "Before you continue"), not a dialog over a page: a short document that says it
 * uses cookies, with a consent answer (a decline or an accept, not a link to another page) among its
 * buttons in its own flow, in the part of it that asks. The shown labels of its
 * buttons (at most 6, each cut at 40 characters) when it is, null otherwise. Only the top document: a
 * consent manager's frame is a dialog over the page, which CONSENT_DIALOG_VISIBLE finds.
 */
export const CONSENT_DOCUMENT = String.raw`(labels) => {
  ${HELPERS}
  if (window.top !== window || !document.body) return null;
  const text = document.body.innerText || "";
  // An account's page has its posts: a consent page is its question and little more. It says that
  // cookies are used, or asks for them to be accepted ("godkänna cookies", a pay-or-accept wall's).
  const prose = proseOf(document.body);
  if (text.length > 5000 || !CONSENT_WORDS.test(text) || !(USES_WORDS.test(prose) || ASKS_FOR_COOKIES.test(prose))) return null;
  const wanted = new Set(labels.map(labelKey));
  // A link to another page is no answer (a footer's "Godkänn alla" leading to the cookie policy).
  const elsewhere = (b) => {
    if (b.tagName !== "A" || !b.getAttribute("href")) return false;
    try {
      const to = new URL(b.getAttribute("href"), location.href);
      return /^https?:$/.test(to.protocol) && (to.origin !== location.origin || to.pathname !== location.pathname);
    } catch { return false; }
  };
  // The answer's own part of the page says it uses cookies, or asks for them, as a consent question does.
  const asks = (b) => {
    for (let n = parentOf(b), i = 0; n && i < 8; n = parentOf(n), i++) {
      // The body is the whole page: on a short one its footer's "we use cookies" would make any button
      // with an answer's words ("Avvisa alla" of invitations) the question's. The question is words of
      // the page's own beside the buttons, not a footer's.
      if (n === document.body || n === document.documentElement) return cookieWordsBeside(b).prose;
      if ((n.innerText || "").length > 6000) return false;
      if (CONSENT_WORDS.test(n.innerText || "") && (USES_WORDS.test(proseOf(n)) || ASKS_FOR_COOKIES.test(proseOf(n)))) return true;
      // An invitation's "Avböj" in a post of its own, on a page where another post says "Vi använder kakor", was pressed.
      if (ownWordsOf(n) && !speaksOfConsent(n)) return false;
    }
    return false;
  };
  const answers = clickables('button, [role="button"], a, input[type="button"], input[type="submit"]')
    .filter((b) => isShown(b) && wanted.has(labelKey(labelOf(b))) && !overlayOf(b) && !elsewhere(b) && asks(b));
  return answers.length ? buttonLabelsOf(document.body) : null;
}`;

/**
 * The buttons of a consent page of its own whatever words its answers have (a language somarkiv
 * has no words for: "Tout refuser"), or null. No answer's words to go by, so the page itself must be
 * the question: short, with buttons (not links) in a part of it that says "cookie" in a sentence of
 * its own words, that is no footer, header or box over the page, and that holds nearly all the page's
 * words. An account's short page has its posts beside such a part, and its cookie sentence sits in its
 * footer; a sign-up page's small print names the cookie policy beside its "Logga in".
 */
export const CONSENT_PAGE_UNKNOWN_ANSWERS = String.raw`() => {
  ${HELPERS}
  if (window.top !== window || !document.body) return null;
  const wordsIn = (n) => (n.innerText || "").replace(/\s+/g, " ").trim().length;
  const all = wordsIn(document.body);
  if (!all || all > 3000) return null;
  // "kakor" as a word of its own: "pepparkakor" and "havrekakor" are baked.
  const ASKS = /cookie|\bkakor|eväste|gáhkkoš|informasjonskaps|samtycke|consent|gdpr/i;
  const asideOrOver = (n) => isFooter(n) || n.matches('header, nav, [role="banner"], [role="navigation"]') || overScreen(n, getComputedStyle(n));
  // Said in a sentence (a block of 40 characters or more), not a word in a name or a label.
  const asks = (n) => {
    const walk = document.createTreeWalker(n, NodeFilter.SHOW_TEXT);
    for (let t = walk.nextNode(); t; t = walk.nextNode()) {
      const block = t.parentElement;
      if (!block || block.closest('a, button, [role="button"]') || !ASKS.test(t.textContent || "")) continue;
      if (wordsIn(block) >= 40) return true;
    }
    return false;
  };
  const buttons = deepAll('button, [role="button"], input[type="button"], input[type="submit"]').filter(isShown);
  for (const b of buttons) {
    for (let n = parentOf(b), i = 0; n && n !== document.body && n !== document.documentElement && i < 8; n = parentOf(n), i++) {
      if (asideOrOver(n)) break;
      // A post's "Gilla" on a short page whose other post bakes "cookies" belongs to its own post.
      if (!asks(n)) { if (ownWordsOf(n) && !speaksOfConsent(n)) break; continue; }
      // The nearest part that says it: the question's box, or a part of the account's page.
      if (wordsIn(n) < all * 0.8) break;
      let inside = false;
      for (let m = parentOf(n); m && m !== document.body; m = parentOf(m)) if (asideOrOver(m)) inside = true;
      if (inside) break;
      // A sign-up or login page whose small print names the cookie policy asks for an account, not about cookies.
      const labels = buttonLabelsOf(n);
      if (n.querySelector('input[type="password"]') || labels.some((l) => LOGIN_WORDS.test(l))) return null;
      return labels;
    }
  }
  return null;
}`;

/**
 * Keeps the box whose close CLOSE_LOGIN_PROMPT or CLOSE_PAGE_DIALOG pressed, and that close, so that whether it went can be
 * asked once the page has had a moment: a close may do nothing (Threads' "Säg mer med Threads" until the
 * visitor logs in), and a box still there was not closed, whatever was pressed. The elements themselves,
 * not a mark on them: a close the page took out of the document with its prompt could no longer be found by its mark.
 */
const KEEP_CLOSING = String.raw`(box, close) => Object.defineProperty(window, "__somarkivClosing", { value: [box, close], configurable: true, writable: true })`;

/**
 * Whether a box whose close was pressed is still shown over the page, with that close, after `ms` (asked
 * every 100 ms, as one may fade away slowly); what was kept is let go, so that the next box closed is
 * asked of alone.
 */
export const CLOSED_BOX_STAYS = String.raw`async (ms) => {
  ${HELPERS}
  const marked = Array.isArray(window.__somarkivClosing) ? window.__somarkivClosing : [];
  window.__somarkivClosing = undefined;
  // The box and the close pressed both still there: a layer of the page's that stays (a portal's root)
  // while the dialog in it went is no box left.
  for (let waited = 0; marked.length && marked.every(isShown); waited += 100) {
    if (waited >= ms) return true;
    await new Promise((r) => ${OWN_TIMEOUT}(r, 100));
  }
  return false;
}`;

/**
 * A box's close drawn with no words (an "×" in SVG, a background, an icon font): named so by its
 * class, id or title, or else the only such control at the top right of the panel it belongs to (the
 * nearest painted box around it, within the fixed layer: a dimmed layer holds the panel in its
 * middle), where a close stands; null when there is none. For use after HELPERS.
 */
const ICON_CLOSE = String.raw`
  const iconCloseOf = (box) => {
    const NAMED_CLOSE = ${CLOSE_NAMED};
    const name = (el) => [typeof el.className === "string" ? el.className : (el.className && el.className.baseVal) || "", el.id, el.getAttribute("title") || "", el.getAttribute("data-testid") || ""].join(" ");
    const panelOf = (el) => {
      for (let n = parentOf(el); n && n !== box; n = parentOf(n)) {
        const bg = getComputedStyle(n).backgroundColor;
        if (bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent") return n;
      }
      return box;
    };
    const icons = iconControls(box);
    const where = (el) => { const r = panelOf(el).getBoundingClientRect(), q = el.getBoundingClientRect(); return q.right >= r.right - 96 && q.top <= r.top + 96; };
    return icons.find((el) => NAMED_CLOSE.test(name(el))) || (icons.length === 1 && where(icons[0]) ? icons[0] : null);
  };
`;

/**
 * Closes a login prompt shown over the real page (Instagram's and Facebook's "log in to see
 * more"): a dialog or fixed overlay about logging in with a close button. Returns true when one was closed.
 */
export const CLOSE_LOGIN_PROMPT = String.raw`() => {
  ${HELPERS}
  // "Avfärda" and "Avvisa" are how LinkedIn names its close in Swedish (dismiss); in a consent dialog "Avvisa" would be a decline, which is not looked for here.
  const CLOSE = new RegExp("^(${CLOSE_SAYS}|inte nu|not now|avbryt)$", "i");
  const saysClose = ${SAYS_CLOSE};
  const buttons = clickables('button, [role="button"], a, [aria-label]');
  for (const b of buttons) {
    if (!isShown(b)) continue;
    if (!saysClose(b, CLOSE) || !looksClickable(b)) continue;
    const overlay = overlayOf(b);
    if (!overlay) continue;
    const text = overlay.innerText || "";
    if (!LOGIN_WORDS.test(text) && !overlay.querySelector('input[type="password"]')) continue;
    if (CONSENT_WORDS.test(text) && !overlay.querySelector('input[type="password"]')) continue;
    (${KEEP_CLOSING})(overlay, b);
    b.click();
    return true;
  }
  return false;
}`;

/**
 * Closes another kind of box the page puts over itself (a newsletter offer, a survey, an app
 * advert) by its "no thanks" or close button, as a visitor would before reading the page. Only
 * a dialog, a fixed box covering a fair part of the screen, or a smaller fixed box by its "no
 * thanks"; never a consent dialog (that needs an answer, see PRESS_CONSENT_BUTTON). Returns true
 * when one was closed.
 */
export const CLOSE_PAGE_DIALOG = String.raw`() => {
  ${HELPERS}
  ${ICON_CLOSE}
  // What the box said, for the record: a notice closed (a water outage) is words the picture no longer
  // holds. Read while it is shown: a closed box has no layout, and its text would run its lines together.
  // Without its buttons' labels: "Se fler videor i TikTok-appen. Öppna appen" read as if "Öppna appen"
  // were what was pressed, where "Inte nu" was.
  // Its shown words, block by block (a heading and its text apart, not run together).
  const blockOf = (n) => { for (let e = n.parentElement; e; e = e.parentElement) if (!getComputedStyle(e).display.startsWith("inline")) return e; return null; };
  const said = (box, close) => {
    let text = "", last = null;
    const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let t = walk.nextNode(); t && text.length < 4000; t = walk.nextNode()) {
      const el = t.parentElement;
      if (!el || close.contains(t) || el.closest('button, [role="button"], script, style, template') || !isShown(el)) continue;
      const block = blockOf(t);
      text += (block !== last ? " " : "") + t.textContent;
      last = block;
    }
    text = text.replace(/\s+/g, " ").trim();
    return text || true;
  };
  // "Open it in the app" boxes are turned down by staying on the web, as a visitor without the app does.
  const STAY = "fortsätt (på webben|i webbläsaren|till webbplatsen|på webbplatsen)|stanna på webben|använd webbversionen|continue (on|in|to) (the )?(web|browser|website|mobile web)|stay on (the )?web|use (the )?web( version)?|not now, continue on web|jatka (selaimessa|verkossa|verkkosivulla)";
  const CLOSE = new RegExp("^(nej tack|nej, tack|no thanks|no, thanks|${CLOSE_SAYS}|inte nu|not now|kanske senare|maybe later|" + STAY + ")\\s*[›>→»]?$", "i");
  const saysClose = ${SAYS_CLOSE};
  const screen = innerWidth * innerHeight;
  // A small fixed box that asks the visitor to fill something in (an e-mail address for a newsletter,
  // a survey's answer) is an offer, closed by its close as a larger one is; a notice with only words
  // and a close is not. A bar across the whole window (a header with its search field) is the page's own.
  const asks = (box) => box.getBoundingClientRect().width < innerWidth * 0.9
    && [...box.querySelectorAll('input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]):not([type="button"]):not([type="submit"]), textarea, select')].some(isShown);
  for (const b of clickables('button, [role="button"], a, [aria-label]')) {
    if (!isShown(b)) continue;
    const label = (b.getAttribute("aria-label") || b.innerText || b.getAttribute("title") || "").replace(/\s+/g, " ").trim();
    if (!saysClose(b, CLOSE) || !looksClickable(b)) continue;
    const overlay = overlayOf(b);
    if (!overlay) continue;
    const cs = getComputedStyle(overlay);
    const dialog = isDialog(overlay);
    const r = overlay.getBoundingClientRect();
    // A small fixed box is closed only when it asks for something a visitor turns down ("Nej tack"
    // to notifications, an app, a survey); a bare close is left, for an important notice (a water
    // outage, a storm warning) in a small fixed box is part of the page the record must show.
    const turnsDown = new RegExp("^(nej tack|nej, tack|no thanks|no, thanks|inte nu|not now|kanske senare|maybe later|" + STAY + ")\\s*[›>→»]?$", "i").test(label);
    if (!dialog && !(cs.position === "fixed" && (r.width * r.height >= screen * 0.1 || turnsDown || asks(overlay)))) continue;
    const text = overlay.innerText || "";
    if (CONSENT_WORDS.test(text) || text.length > 3000) continue;
    const words = said(overlay, b);
    (${KEEP_CLOSING})(overlay, b);
    b.click();
    return words;
  }
  // A close with no words at all, drawn as a picture (an "×" in SVG, a background, an icon font),
  // only in a dialog or a fixed box over a fair part of the screen, as above (ICON_CLOSE).
  const boxes = deepAll('[role="dialog"], [role="alertdialog"], [aria-modal="true"], dialog, div, section, aside').filter((el) => {
    if (el === document.body || el.children.length > 200 || !isShown(el)) return false;
    const cs = getComputedStyle(el);
    if (!isDialog(el) && cs.position !== "fixed") return false;
    const r = el.getBoundingClientRect();
    if (!isDialog(el) && r.width * r.height < screen * 0.1 && !asks(el)) return false;
    const text = el.innerText || "";
    return text.length <= 3000 && !CONSENT_WORDS.test(text);
  });
  for (const box of boxes) {
    const pick = iconCloseOf(box);
    if (!pick) continue;
    // A login box whose only close is drawn (Instagram's "×" in SVG): closed as a visitor closes it,
    // and said as a login prompt closed, where it was hidden as a wall and the operator sent to log in.
    // Only a dialog, or a layer over a good part of the screen: a panel of links beside the page with
    // "Logga in" in it is the page's own.
    const login = LOGIN_WORDS.test(box.innerText || "") || box.querySelector('input[type="password"]') !== null;
    if (login) { const r = box.getBoundingClientRect(); if (!isDialog(box) && r.width * r.height < screen * 0.3) continue; }
    const words = login ? { login: true } : said(box, pick);
    (${KEEP_CLOSING})(box, pick);
    pick.click();
    return words;
  }
  return false;
}`;

/**
 * A box over the page that shows nothing to close it by (Pinterest's sign-up box, closed by the
 * Escape key or a click beside it; a modal <dialog>): a person presses Escape, as most such boxes
 * listen for. The outermost dialog, or painted fixed layer over a third of the screen, with words and no
 * words about cookies (a consent dialog needs an answer, not a key), that holds little of the page's
 * text (an app shell that holds the whole page is the page). Kept for CLOSED_BOX_STAYS; its words,
 * and whether it asks the visitor to log in; null when there is none.
 */
export const BOX_FOR_ESCAPE = String.raw`() => {
  ${HELPERS}
  if (!document.body) return null;
  const screen = innerWidth * innerHeight;
  // The page's whole text only once a box is found: it is asked at every look that closed nothing, on a feed of thousands of posts too.
  let pageText = -1;
  for (const el of deepAll('dialog, [role="dialog"], [role="alertdialog"], [aria-modal="true"], div, section, aside')) {
    if (el === document.body || !isShown(el)) continue;
    const dialog = isDialog(el);
    const cs = getComputedStyle(el);
    if (!dialog && cs.position !== "fixed") continue;
    const r = el.getBoundingClientRect();
    const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0)), h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
    if (w * h < screen * (dialog ? 0.05 : 0.3)) continue;
    // Something a person sees: painted, or a dialog by its markup; a transparent layer for clicks is not.
    if (!dialog && (cs.backgroundColor === "rgba(0, 0, 0, 0)" || cs.backgroundColor === "transparent") && cs.backgroundImage === "none" && cs.backdropFilter === "none") continue;
    const text = (el.innerText || "").replace(/\s+/g, " ").trim();
    if (!text || text.length > 3000 || CONSENT_WORDS.test(text)) continue;
    if (pageText < 0) pageText = (document.body.innerText || "").length;
    if (pageText > 600 && text.length > pageText * 0.3) continue;
    (${KEEP_CLOSING})(el, el);
    return { words: text.slice(0, 300), login: LOGIN_WORDS.test(text) || el.querySelector('input[type="password"]') !== null };
  }
  return null;
}`;

/**
 * What still lies over the page's first screen once everything that can be closed is closed: a
 * dialog, or a fixed box with words (of any size) over the page's words, that holds little of the page's text
 * (an app shell that holds the whole page is the page). Its first words, and whether it speaks of
 * cookies; null when nothing covers the page.
 */
export const BOX_OVER_PAGE = String.raw`() => {
  ${HELPERS}
  if (!document.body) return null;
  const screen = innerWidth * innerHeight;
  const pageText = (document.body.innerText || "").length;
  const hidesLines = ${HIDES_LINES};
  // The page's words and pictures in web components are in their shadow roots, which a walk of the
  // body, querySelectorAll and contains do not enter, and where elementsFromPoint names only their host.
  const roots = shadowRoots();
  const textWalks = () => textWalksOf(document.body, roots);
  // The roots an element is in, its own first, out to the document.
  const rootsOf = (n) => { const out = []; for (let r = n.getRootNode(); ; r = r.host.getRootNode()) { out.push(r); if (!r.host) break; } return out; };
  const inScope = (n, scope) => { while (n && n.getRootNode() !== scope) n = n.getRootNode().host; return n; };
  // The pieces of the page's lines on the first screen, each with the element its words are in,
  // gathered once for every box looked at: a rectangle per line of each text, as laid out.
  let lines = null;
  const pageLines = () => {
    if (lines) return lines;
    lines = [];
    const range = document.createRange();
    for (const walker of textWalks()) for (let t = walker.nextNode(); t && lines.length < 600; t = walker.nextNode()) {
      const e = t.parentElement;
      if (!e || !/\S/.test(t.textContent)) continue;
      const q = e.getBoundingClientRect();
      if (q.bottom < 0 || q.top > innerHeight || q.right < 0 || q.left > innerWidth || !isShown(e) || overlayOf(e)) continue;
      range.selectNodeContents(t);
      for (const p of range.getClientRects()) {
        if (p.width < 1 || p.height < 1 || p.bottom < 0 || p.top > innerHeight) continue;
        lines.push({ left: p.left, top: p.top, right: p.right, bottom: p.bottom, el: e });
      }
    }
    return lines;
  };
  for (const el of deepAll('[role="dialog"], [role="alertdialog"], [aria-modal="true"], dialog, div, section, aside, form, iframe')) {
    if (el === document.body || !isShown(el)) continue;
    const cs = getComputedStyle(el);
    if (cs.position !== "fixed" && !(el.tagName === "DIALOG" && el.matches(":modal"))) continue;
    const r = el.getBoundingClientRect();
    const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
    const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
    // A smaller box counts too where it hides the page's words (below): a newsletter offer of a
    // twelfth of the screen over the posts hides them as a larger one does. The picture draws a
    // fixed box once, where it stands on the first screen, so that screen is where it covers.
    const small = w * h < screen / 3;
    if (w * h <= 0) continue;
    // Something a person sees: painted, or a dialog by its markup; a transparent layer for clicks is not.
    const painted = (cs.backgroundColor !== "rgba(0, 0, 0, 0)" && cs.backgroundColor !== "transparent") || cs.backgroundImage !== "none" || cs.backdropFilter !== "none" || el.tagName === "IFRAME";
    if (!painted && !isDialog(el)) continue;
    if (Number(cs.opacity) < 0.2) continue;
    const text = (el.innerText || "").replace(/\s+/g, " ").trim();
    if (text.length > 2000 || (pageText > 600 && text.length > pageText * 0.3)) continue;
    // A small box without words (a chat bubble, a button to the top, a tint) is no box a person reads.
    if (small && !text) continue;
    // Over the page's words and pictures, not behind them (a fixed background picture): at each
    // piece of a line of the page's words the box covers (HIDES_LINES: the start of a long
    // paragraph's first lines, whose middle is below the box), and at the middle of each element
    // and picture within it on the first screen, the box is hit first, and never after. Another box
    // over the page (the panel in a dimmed layer) is not the page's content.
    // Asked where both are seen: the nearest root that holds both, each as it is named there (itself, or
    // the host of the web component it is in).
    const mineRoots = rootsOf(el);
    const stacked = (x, y, e) => {
      const scope = rootsOf(e).find((r) => mineRoots.includes(r)) || document;
      const box = inScope(el, scope), them = inScope(e, scope);
      if (!box || !them || box === them) return null;
      const stack = scope.elementsFromPoint(x, y);
      const mine = stack.findIndex((n) => n === box || box.contains(n));
      const theirs = stack.indexOf(them);
      if (mine < 0 || theirs < 0) return null;
      return mine < theirs ? "over" : "under";
    };
    const box = { left: Math.max(r.left, 0), top: Math.max(r.top, 0), right: Math.min(r.right, innerWidth), bottom: Math.min(r.bottom, innerHeight) };
    const words = hidesLines(box, pageLines().filter((l) => !insideOf(el, l.el)), (l, x, y) => stacked(x, y, l.el));
    if (words === "under") continue;
    let over = words === "over" ? 1 : 0, under = 0;
    // The middle of each element with words within the box (the middle of a post it lies over,
    // whose lines end short of it), and of each picture beside or under it.
    const content = [];
    for (const walker of textWalks()) for (let t = walker.nextNode(); t && content.length < 40; t = walker.nextNode()) {
      const e = t.parentElement;
      if (!e || !/\S/.test(t.textContent) || insideOf(el, e) || content.includes(e)) continue;
      const q = e.getBoundingClientRect();
      const cx = q.left + q.width / 2, cy = q.top + q.height / 2;
      if (cy < 0 || cy > innerHeight || cx < r.left || cx > r.right || cy < r.top || cy > r.bottom || !isShown(e) || overlayOf(e)) continue;
      content.push(e);
    }
    for (const m of deepAll("img, video, canvas")) if (content.length < 60 && !insideOf(el, m) && isShown(m) && !overlayOf(m)) {
      const q = m.getBoundingClientRect();
      if (q.top + q.height / 2 > 0 && q.top + q.height / 2 < innerHeight && q.left + q.width / 2 > r.left && q.left + q.width / 2 < r.right) content.push(m);
    }
    for (const e of content) {
      const q = e.getBoundingClientRect();
      const said = stacked(q.left + q.width / 2, q.top + q.height / 2, e);
      if (said === "over") over++;
      else if (said === "under") under++;
    }
    if (over === 0 || under > 0) continue;
    // The box's words, or those of a dialog it darkens the page behind.
    const dialog = text ? null : [...document.querySelectorAll('[role="dialog"], [aria-modal="true"], dialog')].filter(isShown).find((d) => /\S/.test(d.innerText || ""));
    const said = text || (dialog ? (dialog.innerText || "").replace(/\s+/g, " ").trim() : "");
    // Nothing to press in it, nor in the dialog it darkens the page behind (a splash screen, an
    // intro): it may go by itself, as such screens do.
    const CONTROLS = 'a[href], button, input, select, textarea, [role="button"], [onclick]';
    const controls = el.tagName === "IFRAME" ? 1 : el.querySelectorAll(CONTROLS).length + (dialog ? dialog.querySelectorAll(CONTROLS).length : 0);
    // Its buttons' labels, kept for a cookie notice the consent look did not know, as for one it did.
    const buttons = el.tagName === "IFRAME" ? [] : buttonLabelsOf(text ? el : dialog || el);
    return { words: said.slice(0, 120), cookies: COOKIE_WORDS.test(said) || CONSENT_WORDS.test(said), controls, buttons };
  }
  // A box built in a shadow root closed to every script (one written into the HTML,
  // <template shadowrootmode="closed">) is not among the elements above; where it lies over the
  // page's words, the browser names its host, an element that does not itself reach there.
  let words = 0, hidden = 0;
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let t = walk.nextNode(); t && words < 30; t = walk.nextNode()) {
    const e = t.parentElement;
    if (!e || !/\S/.test(t.textContent) || !isShown(e)) continue;
    const q = e.getBoundingClientRect();
    const cx = q.left + q.width / 2, cy = q.top + q.height / 2;
    if (cy < 0 || cy > innerHeight || cx < 0 || cx > innerWidth) continue;
    words++;
    const top = document.elementFromPoint(cx, cy);
    if (!top || top === e || top.contains(e) || e.contains(top) || top.shadowRoot) continue;
    const h = top.getBoundingClientRect();
    if (cx < h.left || cx > h.right || cy < h.top || cy > h.bottom) hidden++;
  }
  if (words >= 3 && hidden >= words / 2) return { words: "", cookies: false, controls: 1, unreadable: true };
  return null;
}`;

/** Facts for the login-wall decision. */
/**
 * Hides what holds a visible password field over the page (a dialog or a fixed box: a login wall
 * that cannot be closed) and lets the page scroll again; returns how many were hidden. A login form
 * that is part of the page itself is left alone.
 */
export const HIDE_LOGIN_WALL = String.raw`() => {
  ${HELPERS}
  let hidden = 0;
  for (const p of document.querySelectorAll('input[type="password"]')) {
    if (!isShown(p)) continue;
    const box = overlayOf(p);
    if (!box) continue;
    box.style.setProperty("display", "none", "important");
    hidden++;
  }
  if (hidden) for (const n of [document.documentElement, document.body]) if (n) n.style.setProperty("overflow", "visible", "important");
  return hidden;
}`;

/**
 * The boxes over the page that ask the visitor to log in or sign up: found from the words (text
 * nodes that say so), each the outermost dialog or fixed layer around them. A walk of the page's
 * text, not a style look at every element: it runs on every capture.
 */
const LOGIN_BOXES = String.raw`
  const loginBoxes = () => {
    const boxes = new Set();
    if (!document.body) return boxes;
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (n.data.length > 200 || !LOGIN_WORDS.test(n.data) || !n.parentElement) continue;
      let box = null;
      for (let el = overlayOf(n.parentElement); el; el = parentOf(el) && overlayOf(parentOf(el))) box = el;
      if (box) boxes.add(box);
    }
    return boxes;
  };
`;

/** The boxes about logging in over the page when it was first shown, marked so that one that came later can be told from them. */
export const MARK_BOXES_AT_START = String.raw`() => {
  ${HELPERS}
  ${LOGIN_BOXES}
  // Only those a visitor sees now: one the page keeps hidden until the visitor scrolls is not there
  // yet, nor one it keeps below the window (bottom: -100%, translateY(100%)) to slide in later (TikTok's).
  const inView = (el) => {
    const r = el.getBoundingClientRect();
    return Math.min(r.right, innerWidth) - Math.max(r.left, 0) > 1 && Math.min(r.bottom, innerHeight) - Math.max(r.top, 0) > 1;
  };
  // Nor one the page's own late timer brought (see TIMER_GATE), unless it was marked just before that
  // timer ran: the first look was then taken as the timer came due (FIRST_LOOK), not when somarkiv
  // got to it, which on a busy machine or a slow page is after the timer.
  const timers = window.__somarkivTimers;
  if (timers && timers.looked) timers.looked();
  const byTimer = (el) => !!(timers && timers.byLateTimer && !el.hasAttribute("data-somarkiv-at-start") && timers.byLateTimer(el));
  const shown = [...loginBoxes()].filter((el) => isShown(el) && inView(el) && !byTimer(el));
  for (const el of shown) el.setAttribute("data-somarkiv-at-start", "");
  return shown.length;
}`;

/**
 * Run before any of the page's own scripts, in the page's own document (not its frames): the
 * boxes over the page are marked as the page's first late timer comes due (TIMER_GATE), when
 * somarkiv has not yet looked at them itself. That is the start page a visitor saw before the timer.
 */
export const FIRST_LOOK = String.raw`window.top === window && Object.defineProperty(window, "__somarkivFirstLook", { value: ${MARK_BOXES_AT_START}, configurable: true })`;

/**
 * A box about logging in that came over the page only once it was scrolled, with no password field
 * and nothing to close it ("Se fler foton … Logga in / Registrera dig", the page locked behind it):
 * the start page was shown before it, and is what the record is of. The box is hidden and the page
 * may scroll again, as HIDE_LOGIN_WALL does for a wall with a password field; one that was there
 * when the page was first shown is left, for the visitor sees it on arrival. Only a box over a
 * fair part of the screen: a header or a bar with "Logga in" is part of the page. Returns how many were hidden.
 */
export const HIDE_LATE_LOGIN_BOX = String.raw`() => {
  ${HELPERS}
  ${LOGIN_BOXES}
  const screen = innerWidth * innerHeight;
  let hidden = 0;
  for (const el of loginBoxes()) {
    if (el === document.body || !isShown(el) || el.hasAttribute("data-somarkiv-at-start")) continue;
    if (getComputedStyle(el).position === "sticky") continue;
    const r = el.getBoundingClientRect();
    if (r.width * r.height < screen * 0.3) continue;
    const text = el.innerText || "";
    if (text.length > 1500 || CONSENT_WORDS.test(text)) continue;
    el.style.setProperty("display", "none", "important");
    hidden++;
  }
  if (hidden) for (const n of [document.documentElement, document.body]) if (n) n.style.setProperty("overflow", "visible", "important");
  return hidden;
}`;

/**
 * Whether a check for automated visitors lies over the page: a puzzle or "I am not a robot" box in
 * a dialog or a fixed box (TikTok's slider, a captcha provider's frame), while the page behind it
 * is the account's. The capture cannot answer it; the record says it shows it.
 */
export const BOT_CHECK_OVER_PAGE = String.raw`() => {
  ${HELPERS}
  const WORDS = /captcha|verify you are (a )?human|verify to continue|drag the (puzzle|slider)|i'?m not a robot|jag är inte en robot|verifiera att du är en människa|dra (pusselbiten|reglaget)/i;
  // A provider's challenge, not its badge ("protected by reCAPTCHA") or the checkbox in a form.
  for (const f of document.querySelectorAll("iframe")) {
    if (/captcha|arkoselabs|funcaptcha|geetest/i.test(f.src || "") && isShown(f) && f.getBoundingClientRect().height >= 250) return true;
  }
  // A box over the page that asks for the check; a cookie dialog that lists reCAPTCHA among its vendors is not one.
  const asks = (el) => { const t = el.innerText || ""; return t.length < 2000 && WORDS.test(t) && !CONSENT_WORDS.test(t); };
  for (const el of document.querySelectorAll('[role="dialog"], [aria-modal="true"], dialog')) {
    if (isShown(el) && asks(el)) return true;
  }
  for (const el of document.body ? document.body.querySelectorAll("div, section, aside") : []) {
    if (getComputedStyle(el).position === "fixed" && isShown(el) && asks(el)) return true;
  }
  return false;
}`;

export const LOGIN_FACTS = String.raw`() => {
  ${HELPERS}
  let passwordFieldVisible = false;
  for (const p of document.querySelectorAll('input[type="password"]')) if (isShown(p)) { passwordFieldVisible = true; break; }
  let textOutsideForms = 0;
  if (document.body) {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest("form, script, style, noscript, template, [role=dialog]")) continue;
      const t = n.textContent.trim();
      if (!t || !isShown(el)) continue;
      textOutsideForms += t.length;
    }
  }
  return { passwordFieldVisible, textOutsideForms };
}`;

/**
 * The box the page scrolls in, marked by MARK_INNER_SCROLLER until it is expanded: while it is
 * marked, the scroll through the page scrolls it, and the page's height is its content's.
 */
export const SCROLLER = "(window.__somarkivScroller && window.__somarkivScroller.isConnected ? window.__somarkivScroller : null)";

/**
 * How tall the page's content is: the marked box's, or the document's. A body drawn smaller with
 * CSS zoom (body { zoom: 0.75 }) reports its height in its own, unzoomed, pixels: counted as drawn,
 * so that the page is not taken with white below it, nor its feed's end looked for below the end.
 */
const CONTENT_HEIGHT = String.raw`() => {
  const box = ${SCROLLER};
  if (box) return box.scrollHeight;
  const d = document.documentElement, b = document.body;
  const zoom = b ? parseFloat(getComputedStyle(b).zoom) || 1 : 1;
  return Math.max(d.scrollHeight, b ? Math.round(b.scrollHeight * Math.min(1, zoom)) : 0, d.clientHeight);
}`;

/**
 * The page's shape: its size and its pictures, loaded or not. A feed that brings more, a picture
 * that arrives, a box that opens all change it; a ticker or a counter changing its words does not.
 */
const PAGE_SHAPE_BODY = String.raw`() => {
  const d = document.documentElement, b = document.body, box = ${SCROLLER};
  const h = Math.max(d ? d.scrollHeight : 0, b ? b.scrollHeight : 0, box ? box.scrollHeight : 0);
  const w = Math.max(d ? d.scrollWidth : 0, b ? b.scrollWidth : 0);
  const imgs = document.images.length;
  const loaded = [...document.images].filter((i) => i.complete).length;
  return h + "x" + w + ":" + imgs + ":" + loaded;
}`;
export const PAGE_SHAPE = PAGE_SHAPE_BODY;

/**
 * Resolves when the page has stopped changing: its shape (size, pictures) unchanged, and no
 * element added or removed nor its text's length changed, for `quietMs`, sampled every 50 ms,
 * or at `capMs`. After `strictMs` only the shape counts, so a ticker, a counter or a carousel
 * that keeps changing its words or swapping elements without changing the page cannot hold the
 * capture to the cap (a news ticker held every wait of a capture to its cap: 26 s for one screen).
 * Returns true when the page went quiet, false at the cap, and "grew" as soon as the page is
 * taller than `growFrom` (when given: at the end of a feed, growth needs no further waiting).
 */
export const LAYOUT_QUIET = String.raw`(quietMs, capMs, strictMs, growFrom) => new Promise((resolve) => {
  const shape = ${PAGE_SHAPE_BODY};
  const textLength = () => document.body ? (document.body.innerText || "").length : 0;
  const start = performance.now();
  let lastShape = shape(), lastText = textLength(), changedAt = start, detailChangedAt = start;
  const mo = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) if (n.nodeType === 1) { detailChangedAt = performance.now(); return; }
      for (const n of r.removedNodes) if (n.nodeType === 1) { detailChangedAt = performance.now(); return; }
    }
  });
  mo.observe(document, { childList: true, subtree: true });
  const tick = () => {
    const now = performance.now();
    if (typeof growFrom === "number" && (${CONTENT_HEIGHT})() > growFrom) { mo.disconnect(); resolve("grew"); return; }
    const sh = shape();
    if (sh !== lastShape) { lastShape = sh; changedAt = now; }
    const strict = now - start < strictMs;
    // Read only while it counts: innerText lays out the whole page, every 50 ms.
    if (strict) {
      const t = textLength();
      if (t !== lastText) { lastText = t; detailChangedAt = now; }
    }
    const since = Math.max(changedAt, strict ? detailChangedAt : 0);
    if (now - since >= quietMs || now - start >= capMs) {
      mo.disconnect();
      resolve(now - since >= quietMs);
      return;
    }
    ${OWN_TIMEOUT}(tick, 50);
  };
  ${OWN_TIMEOUT}(tick, 50);
})`;

/**
 * Prepares the page for the screenshot as Playwright's `animations: "disabled"` and
 * `caret: "hide"` do: finite animations jump to their end, endless ones go back to their
 * start, no text caret. Resolves when the web fonts are ready, or after 3 s: a font whose
 * server never answers kept fonts.ready waiting, and the capture ran into its time limit; the
 * browser shows such text in a fallback font by then.
 */
export const PREPARE_SCREENSHOT = String.raw`() => {
  const roots = [document];
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ELEMENT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.shadowRoot) roots.push(n.shadowRoot);
  for (const root of roots) {
    if (root.getAnimations) for (const a of root.getAnimations()) {
      if (!a.effect || a.playbackRate === 0) continue;
      try { if (Number.isFinite(a.effect.getComputedTiming().endTime)) a.finish(); else a.cancel(); } catch {}
    }
    for (const el of root.querySelectorAll("input,textarea,[contenteditable]")) el.style.setProperty("caret-color", "transparent", "important");
  }
  return document.fonts ? Promise.race([document.fonts.ready.then(() => true), new Promise((r) => ${OWN_TIMEOUT}(() => r(false), 3000))]) : true;
}`;

/**
 * Sections with content-visibility: auto are not drawn while they are off screen: scrolled back
 * to the top, everything below the first screen would be blank in the screenshot and missing
 * from the words. They are drawn as a person scrolling sees them. content-visibility: hidden is
 * meant to stay hidden (a closed tab) and is left alone. Returns how many were changed.
 */
export const RENDER_SKIPPED_CONTENT = String.raw`() => {
  ${HELPERS}
  // Remembered, so that a section's style put back by REVEAL_RESTORE keeps being drawn.
  const drawn = window.__somarkivDrawn || (window.__somarkivDrawn = new WeakSet());
  let changed = 0;
  for (const el of deepAll("*")) {
    if (getComputedStyle(el).contentVisibility !== "auto") continue;
    el.style.setProperty("content-visibility", "visible", "important");
    drawn.add(el);
    changed++;
  }
  return changed;
}`;

/**
 * From the first scroll step on, keeps the text the page takes away (up to 500 distinct texts of 8
 * characters or more, and shorter ones that are a whole element a reader sees, such as a post's
 * heading): elements removed, and the words of a box rewritten in place. A feed that shows
 * only the posts near the screen (a virtualised list) removes the others as it is scrolled, or keeps a
 * dozen rows and writes each next post into one scrolled past; see REMOVED_TEXT_MISSING.
 */
export const WATCH_REMOVED_TEXT = String.raw`() => {
  if (window.__somarkivRemoved || !document.body) return;
  const texts = new Set();
  window.__somarkivRemoved = texts;
  // Short posts count too ("God jul! #21"); a short text that says when ("2 min sedan", "14:05",
  // "3 days ago") is a post's time rewritten as the clock goes, not a post taken away.
  // A removed post's words with a space between its parts ("Inlägg 5 Klipp 5", not "Inlägg 5Klipp 5"):
  // its heading and its text are separate elements, and textContent runs them together.
  const spaced = (n) => {
    if (n.nodeType === 3) return n.data;
    const parts = [];
    const walk = document.createTreeWalker(n, NodeFilter.SHOW_TEXT);
    for (let t = walk.nextNode(); t && parts.length < 200; t = walk.nextNode()) parts.push(t.data);
    return parts.join(" ");
  };
  const TIME_LIKE = /^\W*(\d+\s*(s|sek|min|minuter|minut|t|tim|timmar|timme|h|hr|hrs|d|dagar|dag|v|veckor|vecka|m|mån|år|y|w|wk|weeks?|days?|hours?|minutes?|seconds?|sekunder)\.?(\s+(sedan|ago|sitten))?|\d{1,2}[:.]\d{2}(:\d{2})?|(för|i går|igår|yesterday|just nu|nyss|now|just now)\b.*)\W*$/i;
  // Shorter still, a whole element a reader sees, removed apart from its post ("Post 10", a post's
  // heading): words of two letters or more, not a control's label, an icon or what is hidden from view.
  const NOT_READ = 'button, [role="button"], input, select, option, textarea, label, svg, i, [aria-hidden="true"], [hidden], [class*="icon" i], [class*="sr-only" i], [class*="visually-hidden" i]';
  // Its words, less those of icons and controls in it.
  const readWords = (el) => {
    if (el.nodeType !== 1 || el.matches(NOT_READ) || el.style.display === "none") return "";
    const parts = [];
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, { acceptNode: (n) => n.parentElement && n.parentElement.closest(NOT_READ) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT });
    for (let n = walk.nextNode(); n && parts.length < 20; n = walk.nextNode()) parts.push(n.data);
    return parts.join(" ").replace(/\s+/g, " ").trim();
  };
  const keep = (text, el) => {
    if (texts.size >= 500) return;
    const t = (text || "").replace(/\s+/g, " ").trim();
    // A control or an icon removed on its own (a like button's "Gilla 14") is no post taken away.
    if (el && el.nodeType === 1 && el.matches(NOT_READ)) return;
    if (t.length >= 20 || (t.length >= 8 && !TIME_LIKE.test(t))) { texts.add(t.slice(0, 200)); return; }
    if (!el || t.length < 3) return;
    const w = readWords(el);
    if (w.length >= 3 && /\p{L}{2}/u.test(w) && !TIME_LIKE.test(w)) texts.add(w);
  };
  // A change made where the visitor is looking (a ticker, a counter, a clock rewritten in place) is
  // the page changing before their eyes, not posts taken away once scrolled past: those are removed
  // from a list that reaches beyond the window, or from a row above or below it.
  const inView = new Map();
  const seenChange = (el) => {
    if (!el || el.nodeType !== 1) return false;
    if (!inView.has(el)) {
      const r = el.getBoundingClientRect();
      inView.set(el, r.height > 0 && r.top >= 0 && r.bottom <= innerHeight);
    }
    return inView.get(el);
  };
  new MutationObserver((records) => {
    inView.clear();
    // When the page's words last changed (not its pictures or empty boxes): a number counting up as
    // it comes into view is waited out before the words and the picture are taken (TEXT_AT_REST).
    const worded = (nodes) => [...nodes].some((n) => /\S/.test(n.textContent || ""));
    if (records.some((r) => r.type === "characterData" || worded(r.addedNodes) || worded(r.removedNodes))) window.__somarkivTextChangedAt = performance.now();
    for (const r of records) {
      if (texts.size >= 500) return;
      if (r.type === "characterData") { if (!seenChange(r.target.parentElement)) keep(r.oldValue); continue; }
      if (seenChange(r.target)) continue;
      for (const n of r.removedNodes) if (n.nodeType === 1 || n.nodeType === 3) keep(spaced(n), n);
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true, characterDataOldValue: true });
}`;

/**
 * Waits, at most capMs, until the page's words have not changed for quietMs (see WATCH_REMOVED_TEXT):
 * a figure that counts up as it comes into view ("3 412 invånare", drawn frame by frame) was taken
 * mid-count, and its words said one number and the picture another. A page whose words are still
 * costs nothing; one that changes them for ever (a ticker) costs the cap. True when at rest.
 */
export const TEXT_AT_REST = String.raw`(quietMs, capMs) => new Promise((done) => {
  const start = performance.now();
  const look = () => {
    const since = performance.now() - (window.__somarkivTextChangedAt || 0);
    if (since >= quietMs) return done(true);
    if (performance.now() - start >= capMs) return done(false);
    (window.__somarkivTimers ? window.__somarkivTimers.setTimeout : setTimeout)(look, Math.max(20, quietMs - since));
  };
  look();
})`;

/**
 * The class and style of a box, and putting them back: shared by the reveal's two scripts. A box
 * RENDER_SKIPPED_CONTENT made drawn stays drawn: the style it had in view did not have that yet, and a
 * section that both fades and is skipped off screen was left blank.
 */
const BOX_STATE = String.raw`
  const state = (el) => ({ el, cls: el.getAttribute("class"), style: el.getAttribute("style") });
  const unseen = (cs) => parseFloat(cs.opacity) <= 0.05 || cs.visibility === "hidden";
  const put = (v) => {
    v.cls === null ? v.el.removeAttribute("class") : v.el.setAttribute("class", v.cls);
    v.style === null ? v.el.removeAttribute("style") : v.el.setAttribute("style", v.style);
    if (window.__somarkivDrawn && window.__somarkivDrawn.has(v.el)) v.el.style.setProperty("content-visibility", "visible", "important");
  };
`;

/**
 * Sections that fade in as they come into view, and out again as they leave it (a reveal on
 * scrolling that is not "once": AOS, a scroll trigger, an IntersectionObserver that toggles a class).
 * A person scrolling sees each one; the picture, taken from the top, would show them blank. Noted at
 * the start of the scroll: the boxes in the page's flow that are invisible (opacity 0, or hidden
 * by visibility, as a feed hides the posts far from the view), with the
 * class and style of the box and of its nearest ancestors (three, below the body). What the box's
 * own class and style, or its ancestors', are changed to while the page is scrolled is kept: each
 * step of the scroll looks at the boxes in view, and a watch on class and style keeps each change as
 * it is made (up to four ways a box was, the last first). Boxes fixed to the screen (dialogs,
 * prompts) are not among them, so a box somarkiv or the visitor closed is never brought back.
 */
export const REVEAL_WATCH = String.raw`() => {
  if (!document.body) return 0;
  ${BOX_STATE}
  ${DEEP}
  const boxes = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (boxes.length >= 2000) break;
    const cs = getComputedStyle(el);
    if (!unseen(cs) || cs.display === "none" || cs.position === "fixed") continue;
    // Hidden by visibility, the box that hides is the one noted, not each box inside it that inherits it.
    if (parseFloat(cs.opacity) > 0.05 && el.parentElement && getComputedStyle(el.parentElement).visibility === "hidden") continue;
    const r = el.getBoundingClientRect();
    if (r.width < 16 || r.height < 16) continue;
    const above = [];
    for (let a = el.parentElement; a && a !== document.body && above.length < 3; a = a.parentElement) above.push(state(a));
    boxes.push({ own: state(el), above, seen: [] });
  }
  const changed = (first) => {
    const now = state(first.el);
    return now.cls === first.cls && now.style === first.style ? null : now;
  };
  const same = (a, b) => a.length === b.length && a.every((v, i) => v.el === b[i].el && v.cls === b[i].cls && v.style === b[i].style);
  const keep = (b, states) => {
    b.seen = b.seen.filter((c) => !same(c, states));
    b.seen.unshift(states);
    if (b.seen.length > 4) b.seen.pop();
  };
  window.__somarkivReveal = boxes;
  // Pictures as they were while in view: a feed that saves memory puts a placeholder (a 1×1 GIF) in
  // place of each picture scrolled past, and the record, taken from the top, showed grey boxes.
  const pictures = { seen: new WeakMap(), list: [] };
  window.__somarkivPictures = pictures;
  // Those of posts built as web components too, in their shadow roots (a post added later, in its own).
  // Run at each step of the scroll: the page's roots are found once for both.
  const notePictures = () => {
    const roots = shadowRoots();
    for (const root of roots) listen(root);
    for (const img of deepAll("img", roots)) {
      if (!img.complete || img.naturalWidth <= 2 || !img.currentSrc || img.currentSrc.startsWith("data:")) continue;
      const r = img.getBoundingClientRect();
      if (r.bottom <= 0 || r.top >= window.innerHeight || r.width < 16 || r.height < 16) continue;
      if (!pictures.seen.has(img)) pictures.list.push(img);
      pictures.seen.set(img, img.currentSrc);
    }
  };
  // A picture that comes after the scroll step that brought it into view has moved on (a slow photo,
  // a busy machine) is noted as it comes, when within a screen of the view: noted only at the steps, it
  // was taken away unnoted, pending again, flagged as never come and left grey.
  // A picture's load does not leave the shadow root it is in: each root is listened to as well.
  const onLoad = (e) => {
    const img = e.target;
    if (!(img instanceof HTMLImageElement) || img.naturalWidth <= 2 || !img.currentSrc || img.currentSrc.startsWith("data:")) return;
    const r = img.getBoundingClientRect();
    if (r.width < 16 || r.height < 16 || r.bottom <= -window.innerHeight || r.top >= 2 * window.innerHeight) return;
    if (!pictures.seen.has(img)) pictures.list.push(img);
    pictures.seen.set(img, img.currentSrc);
  };
  const listened = new WeakSet();
  const listen = (root) => { if (!listened.has(root)) { listened.add(root); root.addEventListener("load", onLoad, true); } };
  listen(document);
  for (const root of shadowRoots()) listen(root);
  // The page's own observer may say "in view" after the step that brought a box there has moved on
  // (a busy machine delivers its callbacks late), or say "in view" and "out of view" in one go: the
  // box was never shown at a step, and a section came out blank. Each change the page makes is kept,
  // with the values it had between changes made in one go (a change's new value is the next one's old).
  const whose = new Map();
  for (const b of boxes) for (const v of [b.own, ...b.above]) {
    if (!whose.has(v.el)) whose.set(v.el, []);
    whose.get(v.el).push(b);
  }
  const watch = new MutationObserver((records) => {
    const hits = records.filter((m) => whose.has(m.target));
    hits.forEach((m, i) => {
      const later = hits.slice(i + 1).find((n) => n.target === m.target && n.attributeName === m.attributeName);
      const v = state(m.target);
      if (later) v[m.attributeName === "class" ? "cls" : "style"] = later.oldValue;
      for (const b of whose.get(m.target)) {
        const first = m.target === b.own.el ? b.own : b.above.find((a) => a.el === m.target);
        if (v.cls !== first.cls || v.style !== first.style) keep(b, [v]);
      }
    });
  });
  watch.observe(document.body, { subtree: true, attributes: true, attributeFilter: ["class", "style"], attributeOldValue: true });
  window.__somarkivRevealStop = () => watch.disconnect();
  window.__somarkivRevealNote = () => {
    notePictures();
    for (const b of boxes) {
      const r = b.own.el.getBoundingClientRect();
      if (r.bottom <= 0 || r.top >= window.innerHeight) continue;
      const own = changed(b.own);
      if (own) { keep(b, [own]); continue; }
      // Shown, or on its way (a transition two frames into its fade is still near 0).
      if (unseen(getComputedStyle(b.own.el)) && !b.own.el.getAnimations().length) continue;
      const above = b.above.map(changed).filter(Boolean);
      if (above.length) keep(b, above);
    }
  };
  return boxes.length;
}`;

/**
 * After the scroll, with motion frozen: each noted box that is invisible again gets a class and
 * style it (or its ancestors) had while the page was scrolled, the last first, if it is then visible
 * (and not fixed to the screen); a way it was that does not show it (the page's "out of view") is put
 * back. A dialog, or a box that speaks of cookies or logging in, is left as it is: one that opened on
 * the way and was closed stays closed. Returns how many were shown.
 */
export const REVEAL_RESTORE = String.raw`() => {
  ${HELPERS}
  if (window.__somarkivRevealStop) window.__somarkivRevealStop();
  const boxes = window.__somarkivReveal || [];
  let shown = 0;
  const kept = new Map();
  ${BOX_STATE}
  for (const b of boxes) {
    const el = b.own.el;
    if (!b.seen.length || !el.isConnected || !unseen(getComputedStyle(el))) continue;
    const words = (el.textContent || "").slice(0, 2000);
    if (el.closest('dialog, [role="dialog"], [role="alertdialog"], [aria-modal="true"]') || CONSENT_WORDS.test(words) || LOGIN_WORDS.test(words)) continue;
    const showing = () => { const cs = getComputedStyle(el); return parseFloat(cs.opacity) >= 0.5 && cs.visibility !== "hidden" && cs.position !== "fixed" && cs.display !== "none"; };
    let ok = false;
    for (const seen of b.seen) {
      // Nearest first, and no further than needed: a wrapper further up may have changed for another
      // reason (a "scrolled" mark that shrinks the header) and is left as it is when the nearer one shows the box.
      const before = seen.map((v) => state(v.el));
      const putBack = [];
      for (const v of seen) { put(v); putBack.push(v.el); if ((ok = showing())) break; }
      if (ok) { for (const e of putBack) kept.set(e, state(e)); break; }
      before.forEach(put);
    }
    if (ok) shown++;
  }
  // The page may say "out of view" again once they are shown (at its next frame, or its observers' word
  // on the jump back to the top, late on a busy machine): each box shown is kept as it was shown until
  // the page is taken, put back as soon as the page changes it (before the browser draws it again).
  if (kept.size && !window.__somarkivRevealKept) {
    let left = 20000;
    const keeper = new MutationObserver((records) => {
      for (const m of records) {
        const was = kept.get(m.target);
        if (!was || left <= 0) continue;
        const now = state(m.target);
        if (now.cls === was.cls && now.style === was.style) continue;
        left--;
        put(was);
      }
    });
    keeper.observe(document.body, { subtree: true, attributes: true, attributeFilter: ["class", "style"] });
    window.__somarkivRevealKept = keeper;
  }
  return shown;
}`;

/**
 * After the scroll: each picture that showed while in view and now shows nothing or a placeholder
 * gets the address it showed then, loaded at once. Returns how many.
 */
export const PICTURES_RESTORE = String.raw`() => {
  const p = window.__somarkivPictures;
  if (!p) return 0;
  let n = 0;
  for (const img of p.list) {
    if (!img.isConnected) continue;
    if (img.complete && img.naturalWidth > 2 && img.currentSrc && !img.currentSrc.startsWith("data:")) continue;
    const was = p.seen.get(img);
    if (!was) continue;
    img.removeAttribute("loading");
    img.removeAttribute("srcset");
    img.removeAttribute("sizes");
    img.src = was;
    n++;
  }
  return n;
}`;

/**
 * The texts the page removed while it was scrolled that are nowhere on it now, in the order it
 * removed them; one that is part of another kept text (a post's line and the post) is given once.
 * Given texts (those still missing at the screens taken before), which of them are missing now.
 */
export const REMOVED_TEXT_MISSING = String.raw`(among) => {
  const texts = among || window.__somarkivRemoved;
  if (!texts || !document.body) return [];
  // Compared without spaces: a kept text has a space between a post's parts that the page's text runs together.
  // The page's words only: a script's or style sheet's text (a feed's posts as data in the page) is no post on it.
  const parts = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (t) => /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(t.parentNode ? t.parentNode.nodeName : "") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  for (let t = walk.nextNode(); t; t = walk.nextNode()) parts.push(t.data);
  const now = parts.join("").replace(/\s+/g, "");
  // A short one (a heading "Post 10", kept as a whole element) is on the page as an element's whole
  // words, or within others as a word of its own: "Post 100" still there is not "Post 10".
  const SHORT = 8;
  const alone = (within, t) => {
    for (let i = within.indexOf(t); i >= 0; i = within.indexOf(t, i + 1)) {
      if (!/[\p{L}\p{N}]/u.test(within[i - 1] || "") && !/[\p{L}\p{N}]/u.test(within[i + t.length] || "")) return true;
    }
    return false;
  };
  let wholes = null, spacedNow = null;
  const shown = (t) => {
    if (t.length >= SHORT) return now.includes(t.replace(/\s+/g, ""));
    if (!wholes) {
      wholes = new Set();
      for (const el of document.body.querySelectorAll("*")) {
        if (/^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(el.nodeName)) continue;
        const w = (el.textContent || "").replace(/\s+/g, " ").trim();
        if (w && w.length < 200) wholes.add(w);
      }
    }
    spacedNow ??= parts.join(" ").replace(/\s+/g, " ");
    return wholes.has(t) || alone(spacedNow, t);
  };
  const missing = [...texts].filter((t) => !shown(t));
  return missing.filter((t) => !missing.some((o) => o !== t && (t.length >= SHORT ? o.includes(t) : alone(o, t))));
}`;

export const PAGE_SIZE = String.raw`() => {
  const box = ${SCROLLER};
  return {
    height: (${CONTENT_HEIGHT})(),
    scrollY: box ? box.scrollTop : window.scrollY,
    innerHeight: box ? box.clientHeight : window.innerHeight,
  };
}`;

/**
 * How wide the page is taken: as far right as a visitor can scroll and see something there. How
 * far the window scrolls (the document's scrollWidth) also counts boxes no one sees (one hidden
 * with visibility or made transparent, far to the right), and the body's scrollWidth leaves out its
 * own margin and what is placed absolutely against the page, which a visitor scrolls to all the
 * same: so each box shown is measured, as far as the boxes around it let it be seen, with words
 * that run out of their box, and the furthest of them is the width, within how far the window
 * scrolls. A window that does not scroll sideways (overflow-x hidden on html, or on the body that
 * gives the window its overflow) shows its width and no more, as a visitor sees it: a carousel's
 * track or a closed menu lying beyond it does not widen the record. A page written right to left
 * starts at its right edge, and its picture at its far left end, where its scrolling begins: it is
 * taken as far as it scrolls, for a narrower picture would leave out its start.
 */
export const PAGE_WIDTH = String.raw`() => {
  // The window's own scroller: the body in a page without a doctype (quirks mode), whose html is as
  // wide as the window however far the page reaches.
  const d = document.documentElement, b = document.body, se = document.scrollingElement || d, cw = se.clientWidth, scrolls = se.scrollWidth;
  if (!b || scrolls <= cw) return cw;
  const ds = getComputedStyle(d);
  const windowOverflow = ds.overflowX === "visible" && ds.overflowY === "visible" ? getComputedStyle(b).overflowX : ds.overflowX;
  if (windowOverflow === "hidden" || windowOverflow === "clip") return cw;
  if (getComputedStyle(document.scrollingElement || d).direction === "rtl") return scrolls;
  const parentOf = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
  // A box fixed to the window stays in it as the page scrolls: a visitor never scrolls to it.
  const fixedCache = new Map();
  const inFixed = (el) => {
    if (!el || el === d || el === b) return false;
    if (!fixedCache.has(el)) fixedCache.set(el, getComputedStyle(el).position === "fixed" || inFixed(parentOf(el)));
    return fixedCache.get(el);
  };
  // How far right the boxes around it let a box be seen: one that does not show what overflows it
  // (a carousel's frame) cuts it, but only if it is a box it is placed in: a box placed absolutely
  // passes over the boxes between it and the positioned one it is placed against.
  const clipRight = (el, own) => {
    let right = Infinity, placed = !own && getComputedStyle(el).position === "absolute";
    for (let a = own ? el : parentOf(el); a && a !== d && a !== b; a = parentOf(a)) {
      const cs = getComputedStyle(a);
      if (placed && cs.position === "static" && cs.transform === "none") continue;
      if (cs.overflowX !== "visible") right = Math.min(right, a.getBoundingClientRect().right);
      placed = cs.position === "absolute";
    }
    return right;
  };
  const sx = window.scrollX;
  let far = cw;
  const seenTo = (el, r, own) => {
    if (r.right + sx <= far || inFixed(el)) return;
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return;
    const right = Math.min(r.right, clipRight(el, own));
    if (right > r.left) far = Math.max(far, right + sx);
  };
  const look = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width >= 1 && r.height >= 1) seenTo(el, r, false);
    // Words that run out of their box (an unbroken word, a line that does not wrap) reach past it.
    if (el.scrollWidth <= el.clientWidth + 1) return;
    for (const n of el.childNodes) {
      if (n.nodeType !== 3 || !n.data.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      seenTo(el, range.getBoundingClientRect(), true);
    }
  };
  const walk = (root) => { for (const el of root.querySelectorAll("*")) { look(el); if (el.shadowRoot) walk(el.shadowRoot); } };
  look(b);
  walk(b);
  return Math.max(cw, Math.min(scrolls, Math.ceil(far)));
}`;

/**
 * Waits (bounded) for images to load and decode so lazy pictures are painted, not grey boxes.
 * Returns how many pictures of the page had still not come: shown ones, not a hidden or 1 × 1
 * counting pixel, which a tracker that never answers leaves on many pages. In a frame (`inView`)
 * only those in its window count: the record shows a frame as it is drawn, not what scrolls in it.
 */
export const WAIT_FOR_IMAGES = String.raw`async (capMs, inView) => {
  // Also the pictures of posts built as web components, in their open shadow roots.
  const imgs = [...document.images];
  const gather = (root) => { for (const el of root.querySelectorAll("*")) if (el.shadowRoot) { imgs.push(...el.shadowRoot.querySelectorAll("img")); gather(el.shadowRoot); } };
  gather(document);
  const one = (img) => new Promise((resolve) => {
    if (img.complete) { (img.decode ? img.decode().catch(() => {}) : Promise.resolve()).then(resolve); return; }
    img.addEventListener("load", () => (img.decode ? img.decode().catch(() => {}) : Promise.resolve()).then(resolve), { once: true });
    img.addEventListener("error", resolve, { once: true });
  });
  for (const img of imgs) if (img.loading === "lazy") img.loading = "eager";
  // Only pictures a person sees are waited for: a counting pixel that never comes held every wait to its cap.
  const pixel = (i) => i.hasAttribute("width") && Number(i.getAttribute("width")) <= 2 && Number(i.getAttribute("height")) <= 2;
  const inWindow = (i) => { const r = i.getBoundingClientRect(); return r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth; };
  // A picture wholly beyond the edge of a box that cuts off what overflows it (the thumbnails of a
  // row of videos scrolled sideways, a carousel's next slides) is seen by no visitor until the row is
  // moved: its lazy address never set is no picture the site failed to give, and none to wait for.
  const cutOff = (i) => {
    const r = i.getBoundingClientRect();
    for (let a = i.parentElement || (i.parentNode && i.parentNode.host) || null; a && a !== document.body && a !== document.documentElement; a = a.parentElement || (a.parentNode && a.parentNode.host) || null) {
      const cs = getComputedStyle(a);
      if (cs.position === "fixed") return false;
      if (cs.overflowX === "visible" && cs.overflowY === "visible") continue;
      const b = a.getBoundingClientRect();
      if (r.right <= b.left || r.left >= b.right || r.bottom <= b.top || r.top >= b.bottom) return true;
    }
    return false;
  };
  const seen = (i) => i.isConnected && i.getClientRects().length > 0 && getComputedStyle(i).visibility !== "hidden" && !pixel(i) && (!inView || inWindow(i)) && !cutOff(i);
  const shown = imgs.filter(seen);
  await Promise.race([Promise.all(shown.map(one)), new Promise((r) => ${OWN_TIMEOUT}(r, capMs))]);
  // Pictures the site did not give (a broken address): no wait brings them, and a visitor sees them
  // broken too; those of some size are counted, not a broken icon of a few pixels. One with words in
  // alt is drawn as those words alone, in a line of text (its width and height no longer apply):
  // counted unless its own width and height say it is an icon.
  const sized = (i) => i.getBoundingClientRect().width >= 32 && i.getBoundingClientRect().height >= 32;
  // An icon by its own width and height, given as attributes or by the style sheet: drawn as a box
  // for a moment (a broken picture drawn as words ignores them), measured, and put back.
  const icon = (i) => {
    if (["width", "height"].every((a) => i.hasAttribute(a) && Number(i.getAttribute(a)) < 32)) return true;
    const was = i.style.getPropertyValue("display"), priority = i.style.getPropertyPriority("display");
    i.style.setProperty("display", "inline-block", "important");
    const r = i.getBoundingClientRect();
    if (was) i.style.setProperty("display", was, priority); else i.style.removeProperty("display");
    return r.width < 32 && r.height < 32;
  };
  const inWords = (i) => (i.getAttribute("alt") || "").trim() !== "" && !icon(i);
  const broken = shown.filter((i) => i.complete && i.naturalWidth === 0 && seen(i) && (sized(i) || inWords(i))).length;
  return { pending: shown.filter((i) => !i.complete && seen(i)).length, broken };
}`;

/**
 * Pictures a lazy loader of the page's own has not started: an <img> still without a picture of its
 * own (none, a data: placeholder, or one of a pixel or two), or a box without its background, that
 * keeps the picture's address in a data- attribute (data-src, data-original, data-bg, …) for the
 * loader to put in place. Shown ones only, above maxY. Each is marked once it has been visited, and
 * one found hidden there (a carousel's next slide, clipped by its box) is no longer counted.
 */
const LAZY_PENDING_HELPERS = String.raw`
  ${DEEP}
  const visited = window.__somarkivLazyVisited || (window.__somarkivLazyVisited = new WeakSet());
  const hidden = window.__somarkivLazyHidden || (window.__somarkivLazyHidden = new WeakSet());
  const PICTURE_ADDRESS = /^(https?:|\/|\.\.?\/)\S*$|\.(jpe?g|png|gif|webp|avif|svg)(\?\S*)?(\s+\d+[wx])?(,|$)/i;
  const keepsAddress = (el) => {
    for (const a of el.attributes) if (a.name.startsWith("data-") && a.value.length < 2000 && PICTURE_ADDRESS.test(a.value.trim())) return true;
    return false;
  };
  const empty = (el) => {
    if (el.tagName === "IMG") {
      const src = el.currentSrc || el.getAttribute("src") || "";
      // One its loader asked for that the site did not give (404) is broken, not still to come: said
      // as images-broken (WAIT_FOR_IMAGES), where waiting for it flagged the whole page as unfinished.
      if (src && !src.startsWith("data:") && el.complete && el.naturalWidth === 0) return false;
      return !src || src.startsWith("data:") || (el.complete && el.naturalWidth <= 2);
    }
    return getComputedStyle(el).backgroundImage === "none";
  };
  // A stand-in for a photo still to come: a picture of a few pixels drawn many times its size (a grey
  // or coloured tile of 1 to 64 px, as image platforms show first), whether or not its photo's address
  // is in an attribute (some keep it in the script); or a blurred picture whose address is.
  const standIn = (el) => {
    // A box whose background is a picture of a few bytes written into its style (a grey GIF drawn
    // over 300 × 300 px) until its photo comes.
    if (el.tagName !== "IMG") {
      const r = el.getBoundingClientRect();
      return r.width >= 100 && r.height >= 100 && /^url\("data:image\/[^"]{0,400}"\)$/.test(getComputedStyle(el).backgroundImage);
    }
    if (!el.complete || el.naturalWidth === 0) return false;
    const r = el.getBoundingClientRect();
    const small = el.naturalWidth <= 64 && el.naturalHeight <= 64;
    if (small && r.width >= 100 && r.height >= 100 && r.width >= 6 * el.naturalWidth && r.height >= 6 * el.naturalHeight) return true;
    return keepsAddress(el) && /blur\(/.test(getComputedStyle(el).filter);
  };
  const waiting = (el) => (keepsAddress(el) && empty(el)) || standIn(el);
  const pending = (maxY) => {
    const out = [];
    // Also those of posts built as web components, in their shadow roots.
    for (const el of deepAll('img, [data-bg], [data-background], [data-background-image], [data-bg-src], [style*="data:image"]')) {
      if (hidden.has(el) || !waiting(el)) continue;
      // Shown while in view and taken away since: not pending, it is shown again (PICTURES_RESTORE).
      // A stand-in still showing what it showed in view was never replaced: still pending.
      const seen = window.__somarkivPictures && window.__somarkivPictures.seen;
      if (seen && seen.has(el) && !(standIn(el) && seen.get(el) === el.currentSrc)) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 16 || r.height < 16 || r.top + window.scrollY >= maxY || r.right <= 0 || r.left >= window.innerWidth) continue;
      if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) continue;
      out.push(el);
    }
    return out;
  };
`;

/** Shared by the looks that show a passed-by screen again (see revisit in capture.ts). */
const REVISIT_HELPERS = String.raw`
  // How many there are, and where (page y) the first not yet visited stands; visited now, whether or
  // not the scroll can bring it into view: each look moves on.
  const nextOf = (all, visited) => {
    const next = all.find((el) => !visited.has(el));
    if (next) visited.add(next);
    return { count: all.length, next: next ? next.getBoundingClientRect().top + window.scrollY : null };
  };
  const inViewOf = (all) => all.filter((el) => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; });
`;

/** Where (page y) the first pending lazy picture not yet visited stands, and how many there are; null when none. */
export const LAZY_PENDING = String.raw`(maxY) => {
  ${LAZY_PENDING_HELPERS}
  ${REVISIT_HELPERS}
  return nextOf(pending(maxY), visited);
}`;

/**
 * Holds the page where it is until the pending lazy pictures now in view have been started by the
 * page's loader, at most capMs; they are marked visited. Those that something else covers where they
 * stand (a carousel's box that clips its next slides) are not waited for. Returns how many were
 * waited for and how many of them the page started (came).
 */
export const HOLD_FOR_LAZY = String.raw`async (capMs, maxY) => {
  ${LAZY_PENDING_HELPERS}
  ${REVISIT_HELPERS}
  const inView = inViewOf(pending(maxY));
  const seen = inView.filter((el) => {
    visited.add(el);
    const r = el.getBoundingClientRect();
    const x = Math.min(Math.max((r.left + r.right) / 2, 1), window.innerWidth - 1), y = Math.min(Math.max((r.top + r.bottom) / 2, 1), window.innerHeight - 1);
    // Asked of the picture's own shadow root, if it is in one: the document names only its host there.
    const root = el.getRootNode();
    const hit = (root.elementFromPoint ? root : document).elementFromPoint(x, y);
    if (hit && (hit === el || el.contains(hit))) return true;
    hidden.add(el);
    return false;
  });
  // Those its loader has just started (a slow photo) are waited for too: moved on from, a feed that
  // takes each picture away once scrolled past dropped it before it came, and it was pending for good.
  const loading = deepAll("img").filter((el) => {
    // Its currentSrc is empty until it has come: the address asked for is its src.
    const src = el.currentSrc || el.getAttribute("src") || "";
    if (el.complete || seen.includes(el) || !src || src.startsWith("data:")) return false;
    const r = el.getBoundingClientRect();
    return r.width >= 16 && r.height >= 16 && r.bottom > 0 && r.top < window.innerHeight;
  });
  const end = Date.now() + capMs;
  // Come means drawn: a picture whose loader has only set its address is still on its way.
  const coming = (el) => el.isConnected && (waiting(el) || (el.tagName === "IMG" && !el.complete));
  while (Date.now() < end && (seen.some(coming) || loading.some(coming))) await new Promise((r) => ${OWN_TIMEOUT}(r, 100));
  // Noted as shown: a feed that takes each picture away once scrolled past would otherwise have it
  // pending again, flagged as never come, and left grey, where it came while held here.
  if (window.__somarkivRevealNote) window.__somarkivRevealNote();
  return { seen: seen.length, came: seen.filter((el) => !coming(el)).length };
}`;

/**
 * Parts of the page that say they are loading ("Laddar kommentarer…", "Loading…", aria-busy) and
 * fill in only once they have been in view a while (a comment field, a widget that waits a second
 * after it is seen): the scroll passes them by a screen at a time. Short texts only, that end as
 * loading texts do, so a post that speaks of loading something is not one. Gives how many there
 * are and where the next one not yet visited stands; each look moves on, as for LAZY_PENDING.
 */
const LOADING_HELPERS = String.raw`
  const visitedLoading = window.__somarkivLoadingVisited || (window.__somarkivLoadingVisited = new WeakSet());
  const LOADING = /(^|[\s:,(])(laddar|läser in|hämtar|loading|ladataan|lataa)\b.*(…|\.\.\.)\s*\)?$/i;
  // Out of sight inside a box that scrolls or clips (a feed in a box of its own, its "Laddar fler…"
  // at the box's end): nothing a visitor sees says the page is loading.
  const clippedAway = (el) => {
    const r = el.getBoundingClientRect();
    for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX === "visible" && cs.overflowY === "visible") continue;
      const b = a.getBoundingClientRect();
      if (r.bottom <= b.top || r.top >= b.bottom || r.right <= b.left || r.left >= b.right) return true;
    }
    return false;
  };
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1 && (!el.checkVisibility || el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) && !clippedAway(el); };
  // The page's text is read cheaply first (textContent); only the few that may be such parts are laid out (innerText).
  const WORD = /laddar|läser in|hämtar|loading|ladataan|lataa/i;
  const loading = (el) => {
    if (!el.isConnected) return false;
    if (el.getAttribute("aria-busy") !== "true") { const raw = el.textContent || ""; if (raw.length > 300 || !WORD.test(raw)) return false; }
    const t = (el.innerText || "").replace(/\s+/g, " ").trim();
    return t.length <= 60 && (LOADING.test(t) || el.getAttribute("aria-busy") === "true");
  };
  // Found from their words (text nodes that name loading), not by reading every element's text.
  const placeholders = (maxY) => {
    const found = new Set(document.body ? document.body.querySelectorAll('[aria-busy="true"]') : []);
    if (document.body) {
      const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n && found.size < 200; n = walk.nextNode()) {
        if (n.data.length > 300 || !WORD.test(n.data)) continue;
        // The smallest box that holds the whole loading text ("Kommentarsfält 1: <b>laddar…</b>").
        let el = n.parentElement;
        while (el && !loading(el) && el.parentElement && el.parentElement !== document.body && (el.parentElement.textContent || "").length <= 60) el = el.parentElement;
        if (el) found.add(el);
      }
    }
    return [...found].filter((el) => el !== document.body && el.childElementCount <= 3 && loading(el) && !el.closest("button, a, form, script, style, noscript, template")
      && ![...el.children].some((c) => loading(c)) && shown(el) && el.getBoundingClientRect().top + window.scrollY < maxY).slice(0, 50);
  };
`;

/**
 * How many loading indicators still turn at the end of the page as the scroll leaves it (at most 5):
 * a small element (8 to 200 px) with an endless animation, named as one (role=progressbar, aria-busy,
 * or "spin", "load", "progress", "laddar" in its label, title, class or id), within the last screen and
 * a half of the page above maxY. A feed whose next batch takes longer than the scroll waits shows
 * its "Laddar fler" spinner there, and was taken at its first batch with nothing said. As a pending
 * look of the scroll's, { count }.
 */
export const FEED_END_LOADING = String.raw`(maxY) => {
  ${HELPERS}
  const doc = document.scrollingElement || document.documentElement;
  const bottom = Math.min(Math.max(doc.scrollHeight, document.body ? document.body.scrollHeight : 0), maxY);
  const from = bottom - innerHeight * 1.5;
  const NAMED = /spin|load|progress|laddar|läser in|hämtar|lataa|ladataan/i;
  const turning = new Set();
  for (const a of document.getAnimations ? document.getAnimations() : []) {
    if (a.effect && a.effect.target && a.effect.getComputedTiming().iterations === Infinity) turning.add(a.effect.target);
  }
  let count = 0;
  for (const el of turning) {
    if (count >= 5) break;
    if (!(el instanceof Element)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 8 || r.height < 8 || r.width > 200 || r.height > 200) continue;
    const top = r.top + scrollY;
    if (top < from || top > bottom) continue;
    const named = el.matches('[role="progressbar"], [aria-busy="true"]') || NAMED.test([el.getAttribute("aria-label"), el.getAttribute("title"), typeof el.className === "string" ? el.className : "", el.id].join(" "));
    if (named && isShown(el)) count++;
  }
  return { count };
}`;

export const LOADING_PENDING = String.raw`(maxY) => {
  ${LOADING_HELPERS}
  ${REVISIT_HELPERS}
  return nextOf(placeholders(maxY), visitedLoading);
}`;

/** Holds the page where it is until the loading parts in view have filled in, at most capMs. Returns how many were in view and how many filled in (came). */
export const HOLD_FOR_LOADING = String.raw`async (capMs, maxY) => {
  ${LOADING_HELPERS}
  ${REVISIT_HELPERS}
  const inView = inViewOf(placeholders(maxY));
  for (const el of inView) visitedLoading.add(el);
  const end = Date.now() + capMs;
  while (Date.now() < end && inView.some((el) => loading(el))) await new Promise((r) => ${OWN_TIMEOUT}(r, 100));
  return { seen: inView.length, came: inView.filter((el) => !loading(el)).length };
}`;

/**
 * `(top, bottom)`: the page drawn only from top to bottom (page pixels, a few more on each side)
 * while a band of its picture is taken; `(null)` draws it whole again. A band taken beyond the
 * window has Chromium draw the whole document, however little of it the band holds: a page of
 * 3 MB of minutes took 11 s a band, one of 10 MB more than the 20 s a band is given, and never got
 * a record. Drawn only where the band is, the same band took 2.5 s, with the same pixels (of 250
 * fixture pages compared, one had a few pixels under a half-transparent layer one level of 255
 * apart; sections skipped while off screen, content-visibility: auto, would differ, and are drawn
 * before the picture: RENDER_SKIPPED_CONTENT). A clip on the html element, in a sheet of somarkiv's
 * own (no change the page's observers of its elements see); not where the html element has a clip,
 * a transform or a zoom of its own, whose pixels would not be the page's. Returns whether the page
 * is clipped.
 */
export const BAND_CLIP = String.raw`(top, bottom) => {
  const d = document.documentElement;
  const had = window.__somarkivBandClip;
  if (top === null) {
    if (had) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== had);
    window.__somarkivBandClip = null;
    return false;
  }
  if (!d) return false;
  if (!had) {
    const cs = getComputedStyle(d);
    if (cs.clipPath !== "none" || cs.transform !== "none" || (parseFloat(cs.zoom) || 1) !== 1) return false;
    try {
      window.__somarkivBandClip = new CSSStyleSheet();
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, window.__somarkivBandClip];
    } catch { window.__somarkivBandClip = null; return false; }
  }
  // The clip is in the html element's own pixels: from its top, wherever its margin puts it.
  const at = d.getBoundingClientRect().top + window.scrollY;
  const t = Math.floor(top - at - 8), b = Math.ceil(bottom - at + 8);
  window.__somarkivBandClip.replaceSync("html { clip-path: polygon(-100000px " + t + "px, 100000px " + t + "px, 100000px " + b + "px, -100000px " + b + "px) !important; }");
  return true;
}`;

/**
 * Adds a style sheet of somarkiv's own to the document, once per name. A constructed sheet, not a
 * <style> element: a page whose security policy allows only its own style files (style-src
 * 'self') refuses a <style> element added by script, and the rule never applied.
 */
export const ADD_STYLE = String.raw`(name, css) => {
  const mark = "__somarkivStyle_" + name;
  if (window[mark]) return;
  window[mark] = true;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch {
    const s = document.createElement("style");
    s.textContent = css;
    (document.head || document.documentElement).appendChild(s);
  }
}`;

/** Freezes motion so the screenshot shows a still page: animations paused, transitions off, no blinking caret. */
export const FREEZE_MOTION = String.raw`() => {
  (${ADD_STYLE})("freeze", "*, *::before, *::after { animation-play-state: paused !important; transition: none !important; caret-color: transparent !important; scroll-behavior: auto !important; }");
  for (const v of document.querySelectorAll("video")) { try { v.pause(); } catch {} }
  // A <marquee> runs its text past in the browser's own animation, which nothing above stops: it
  // stood wherever it was, its notice cut off. It becomes a still box with the whole text.
  for (const m of document.querySelectorAll("marquee")) {
    const d = document.createElement("div");
    for (const a of ["id", "class", "style", "lang", "dir"]) if (m.hasAttribute(a)) d.setAttribute(a, m.getAttribute(a));
    while (m.firstChild) d.appendChild(m.firstChild);
    m.replaceWith(d);
  }
  if (document.getAnimations) for (const a of document.getAnimations()) { try { a.pause(); } catch {} }
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
}`;

/**
 * Backgrounds fixed to the screen: a picture set with background-attachment: fixed (a parallax hero),
 * or a layer with position: fixed that fills the screen behind the content (a gradient under cards).
 * A visitor sees them behind whatever is on screen, wherever they scroll; the full-page picture,
 * taken from the top, drew them only in the first screen, so a hero lower down came out white and
 * its white heading vanished. The picture is set to scroll with its box, and the layer made as tall
 * as the page. A layer counts as behind when something else is on top at the screen's middle (a
 * dialog over the page is itself on top there, and is left where it is). Run at the top of the page.
 */
export const FIXED_BACKGROUNDS = String.raw`() => {
  ${HELPERS}
  const vh = window.innerHeight, vw = window.innerWidth;
  const doc = document.scrollingElement || document.documentElement;
  const pageHeight = Math.max(doc.scrollHeight, document.body ? document.body.scrollHeight : 0);
  let changed = 0;
  for (const el of deepAll("*")) {
    const style = getComputedStyle(el);
    if (style.backgroundImage !== "none" && style.backgroundAttachment.split(",").some((a) => a.trim() === "fixed")) {
      el.style.setProperty("background-attachment", "scroll", "important");
      changed++;
    }
    // Behind the content, as a backdrop of a dialog (stacked above it) is not.
    if (style.position !== "fixed" || pageHeight <= vh + 2 || !isShown(el) || Number(style.zIndex) > 0) continue;
    const r = el.getBoundingClientRect();
    if (r.top > 1 || r.left > 1 || r.width < vw * 0.95 || r.height < vh * 0.95) continue;
    const top = document.elementFromPoint(vw / 2, vh / 2);
    if (!top || top === el || el.contains(top)) continue;
    const set = (k, v) => el.style.setProperty(k, v, "important");
    set("position", "absolute"); set("top", "0"); set("bottom", "auto"); set("left", "0");
    set("width", r.width + "px"); set("height", pageHeight + "px");
    changed++;
  }
  return changed;
}`;

/**
 * Bars fixed to the bottom of the screen ("Logga in eller registrera dig", "Öppna i appen", a chat
 * button, an informing cookie bar) lie over the content at the foot of the first screen. A person
 * scrolls on and reads what was under them; in the full-page picture, which is taken from the top,
 * it would stay covered. Such a bar is set below the content, where it covers nothing and is still in
 * the record. Only on pages that scroll (on one that does not, the person sees no more either), and
 * only boxes in the lower half of the screen, so a full-height sidebar or overlay stays where it is.
 * A bar that sticks to the foot of the screen only until its own place in the page is scrolled to
 * (position: sticky; bottom: 0) is shown in that place, where a person who scrolls there sees it rest.
 * Run at the top of the page. Returns how many of each were moved.
 */
export const BARS_BELOW_CONTENT = String.raw`() => {
  ${HELPERS}
  const vh = window.innerHeight, vw = window.innerWidth;
  const doc = document.scrollingElement || document.documentElement;
  if (!document.body || doc.scrollHeight <= vh + 2) return { fixed: 0, sticky: 0 };
  // One look at every element's position for both kinds: a style look at a whole page is not cheap.
  const stuck = [], fixed = [];
  for (const el of deepAll("*")) {
    const cs = getComputedStyle(el);
    if (/sticky/.test(cs.position) && cs.bottom !== "auto") stuck.push(el);
    else if (cs.position === "fixed") fixed.push(el);
  }
  let sticky = 0;
  for (const el of stuck) {
    if (!isShown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.bottom < vh - 48 || r.bottom > vh + 4 || r.top < vh / 2) continue;
    el.style.setProperty("position", "relative", "important");
    el.style.setProperty("bottom", "auto", "important");
    if (Math.abs(el.getBoundingClientRect().top - r.top) >= 2) sticky++;
  }
  const bars = [];
  for (const el of fixed) {
    if (!isShown(el)) continue;
    const r = el.getBoundingClientRect();
    // At the foot, or floating a little above it (a chat button).
    if (r.bottom < vh - 48 || r.bottom > vh + 4 || r.top < vh / 2 || r.right <= 0 || r.left >= vw) continue;
    let inner = false;
    for (let n = parentOf(el); n; n = parentOf(n)) if (bars.some((b) => b.el === n)) { inner = true; break; }
    if (!inner) bars.push({ el, r });
  }
  // A box that floats just above one of them, over it in the same column (a chat button's greeting,
  // "Hej! Jag är kommunens digitala assistent"), goes with it: left where it was, it covered the ends
  // of the lines at the foot of the first screen, while the button it belongs to was set below.
  const within = (el) => bars.some((b) => b.el === el || b.el.contains(el) || el.contains(b.el));
  for (let added = true; added;) {
    added = false;
    for (const el of fixed) {
      if (within(el) || !isShown(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.top < vh / 2 || r.height <= 0 || r.right <= 0 || r.left >= vw) continue;
      if (!bars.some((b) => r.bottom <= b.r.top + 4 && b.r.top - r.bottom <= 48 && r.left < b.r.right && r.right > b.r.left)) continue;
      bars.push({ el, r });
      added = true;
    }
  }
  if (!bars.length) return { fixed: 0, sticky };
  bars.sort((a, b) => a.r.top - b.r.top);
  let top = doc.scrollHeight;
  const total = bars.reduce((n, b) => n + b.r.height, 0);
  const spacer = document.createElement("div");
  spacer.id = "somarkiv-bars";
  spacer.style.cssText = "display:block;margin:0;padding:0;border:0;height:" + total + "px";
  document.body.appendChild(spacer);
  for (const { el, r } of bars) {
    const set = (k, v) => el.style.setProperty(k, v, "important");
    set("position", "absolute"); set("bottom", "auto"); set("right", "auto"); set("transform", "none");
    set("margin", "0"); set("box-sizing", "border-box");
    set("width", r.width + "px"); set("height", r.height + "px");
    set("left", r.left + "px"); set("top", top + "px");
    // A positioned ancestor is what absolute positions count from: correct by where it landed.
    const at = el.getBoundingClientRect();
    set("left", (r.left + (r.left - at.left)) + "px");
    set("top", (top + (top - (at.top + window.scrollY))) + "px");
    top += r.height;
  }
  return { fixed: bars.length, sticky };
}`;

/**
 * The visible area of an element, in its frame's viewport pixels, after clipping by the
 * ancestors that hide overflow; `all` is the frame's own visible area.
 */
const CLIP_OF = String.raw`
  const clipCache = new Map();
  const clipOf = (el) => {
    if (!el || el === document.documentElement || el === document.body) return all;
    if (clipCache.has(el)) return clipCache.get(el);
    const cs = getComputedStyle(el);
    // A box fixed to the window is not cut by the boxes around it, but by its own overflow all the
    // same: a side column of 100vh that scrolls by itself shows the entries in view in it, no more.
    const parent = cs.position === "fixed" ? all : clipOf(el.parentElement || (el.parentNode && el.parentNode.host) || null);
    let c = parent;
    if (cs.overflowX !== "visible" || cs.overflowY !== "visible" || cs.clipPath !== "none" && cs.clipPath) {
      const r = el.getBoundingClientRect();
      c = { l: Math.max(parent.l, r.left), t: Math.max(parent.t, r.top), r: Math.min(parent.r, r.right), b: Math.min(parent.b, r.bottom) };
    }
    // What an inset() clip leaves of the box: nothing at all for text for screen readers only
    // (inset(50%)), a part of it for one that reveals its text from a side (inset(0 0 0 100%)).
    const inset = /^inset\(([^)]*)\)/.exec(cs.clipPath || "");
    if (inset) {
      const v = inset[1].split(/\s+round\s+/)[0].trim().split(/\s+/);
      const r = el.getBoundingClientRect();
      const len = (x, size) => (/%$/.test(x) ? parseFloat(x) / 100 * size : parseFloat(x)) || 0;
      const top = len(v[0], r.height), right = len(v[1] ?? v[0], r.width), bottom = len(v[2] ?? v[0], r.height), left = len(v[3] ?? v[1] ?? v[0], r.width);
      c = { l: Math.max(c.l, r.left + left), t: Math.max(c.t, r.top + top), r: Math.min(c.r, r.right - right), b: Math.min(c.b, r.bottom - bottom) };
      if (c.r <= c.l || c.b <= c.t) c = { l: 1, t: 1, r: 0, b: 0 };
    }
    // Clipped away whole, as text for screen readers only is hidden (clip: rect(0 0 0 0), or
    // rect(1px, 1px, 1px, 1px) as X and others write it, on a box set apart): a pixel at most is drawn.
    const rect = (cs.position === "absolute" || cs.position === "fixed") && /^rect\(([^)]*)\)$/.exec(cs.clip || "");
    if (rect) {
      const [top, right, bottom, left] = rect[1].split(/[,\s]+/).filter(Boolean).map((v) => (v === "auto" ? NaN : parseFloat(v)));
      if (right - left <= 1 || bottom - top <= 1) c = { l: 1, t: 1, r: 0, b: 0 };
    }
    clipCache.set(el, c);
    return c;
  };
`;

/**
 * `uncovered(candidates)`: for each word ({ r: its box in viewport pixels, el: the element that
 * draws it }), whether the picture shows it, as far as what lies over it decides: a box with an
 * opaque background laid over a post, a cover picture or video. Only something opaque that is not
 * the word's own element, inside it or around it, nor part of the same link, button or label, can
 * hide a word; a veil that lets the page through (alpha below 1, opacity, a blend) does not.
 * First by geometry, which is cheap: most words have no such box over their centre, and are kept
 * without more. For the others the browser is asked what lies at the centre, as a click would find
 * it (every element taking part: a cover that lets clicks through, pointer-events: none, still
 * hides), in the word's own document or shadow root; whether the box is drawn above or below the
 * element's text is then known for all its words (a hit-test costs up to a millisecond on a page
 * of many layers). Hit-testing sees only the viewport: in the page itself a word lower down or
 * further right is looked at with the window scrolled to it and back, all in this one script, so
 * the page never draws itself or runs a script in between. A frame is never scrolled (its words
 * outside its viewport are not taken anyway).
 */
const UNCOVERED = String.raw`
  const uncovered = (candidates) => {
    const shown = candidates.map(() => true);
    if (!candidates.length || typeof document.elementsFromPoint !== "function") return shown;
    const up = (n) => n.parentElement || (n.parentNode && n.parentNode.host) || null;
    // a is b or holds it, across shadow roots.
    const holds = (a, b) => { for (let n = b; n; n = up(n)) if (n === a) return true; return false; };
    const CONTROL = "a, button, label, summary, [role=button], [role=link]";
    const ownerCache = new Map();
    const ownerOf = (el) => {
      if (!ownerCache.has(el)) ownerCache.set(el, el.closest(CONTROL));
      return ownerCache.get(el);
    };
    const own = (hit, el) => holds(hit, el) || holds(el, hit) || Boolean(ownerOf(el) && holds(ownerOf(el), hit));
    const alphaOf = (c) => {
      if (!c || c === "transparent") return 0;
      let m = /^rgba\(.*,\s*([\d.]+)\)$/.exec(c);
      if (m) return parseFloat(m[1]);
      m = /\/\s*([\d.]+)(%?)\s*\)$/.exec(c);
      if (m) return parseFloat(m[1]) / (m[2] ? 100 : 1);
      return 1;
    };
    const clearCache = new Map();
    // Lets what is below show through: itself or a box around it less than opaque, or blended.
    const seeThrough = (e) => {
      if (!e || e === document.documentElement) return false;
      if (clearCache.has(e)) return clearCache.get(e);
      const cs = getComputedStyle(e);
      const v = parseFloat(cs.opacity) < 1 || cs.mixBlendMode !== "normal" || /opacity\(/.test(cs.filter || "") || seeThrough(up(e));
      clearCache.set(e, v);
      return v;
    };
    // A picture hides what is under it only where its own pixels are opaque: a frame, a vignette or a
    // watermark with a clear middle lets the words through, as the picture shows. Its alpha is read at
    // the word's point from a small copy; a picture from another site that will not be read is taken
    // as opaque only when its format has no transparency (JPEG).
    const alphaMaps = new Map();
    const alphaMap = (img) => {
      if (alphaMaps.has(img)) return alphaMaps.get(img);
      let map = null;
      try {
        const scale = Math.min(1, 256 / Math.max(img.naturalWidth, img.naturalHeight));
        const w = Math.max(1, Math.round(img.naturalWidth * scale)), h = Math.max(1, Math.round(img.naturalHeight * scale));
        const g = document.createElement("canvas");
        g.width = w; g.height = h;
        const ctx = g.getContext("2d", { willReadFrequently: true });
        ctx.drawImage(img, 0, 0, w, h);
        map = { w, h, data: ctx.getImageData(0, 0, w, h).data };
      } catch { map = null; }
      alphaMaps.set(img, map);
      return map;
    };
    const JPEG = /^data:image\/jpe?g|\.jpe?g(\?|#|$)/i;
    // Whether a picture's pixel at (x, y) is opaque, the picture drawn over the rectangle q.
    const opaqueAt = (img, q, x, y) => {
      const map = alphaMap(img);
      if (!map) return JPEG.test(img.currentSrc || img.src || "");
      if (q.width < 1 || q.height < 1) return true;
      const px = Math.min(map.w - 1, Math.max(0, Math.floor((x - q.left) / q.width * map.w)));
      const py = Math.min(map.h - 1, Math.max(0, Math.floor((y - q.top) / q.height * map.h)));
      return map.data[(py * map.w + px) * 4 + 3] >= 250;
    };
    const backgroundOpaque = (e) => {
      const cs = getComputedStyle(e);
      return alphaOf(cs.backgroundColor) >= 1 && cs.backgroundClip !== "text" && cs.webkitBackgroundClip !== "text";
    };
    // What a video draws: its poster until it has started (also with a frame at hand, as the browser
    // does), then its frame; nothing while it has neither, or a poster that did not load. A poster is
    // read from the browser's memory of it, where the page's own load left it.
    const videoCache = new Map();
    const videoShows = (v) => {
      if (videoCache.has(v)) return videoCache.get(v);
      let shows = null;
      const started = v.played.length > 0 || v.currentTime > 0;
      if (v.poster && (!started || v.readyState < 2)) {
        const img = new Image();
        img.src = v.poster;
        if (img.complete && img.naturalWidth > 0) shows = { img, w: img.naturalWidth, h: img.naturalHeight };
      } else if (v.readyState >= 2 && v.videoWidth > 0) shows = { w: v.videoWidth, h: v.videoHeight };
      videoCache.set(v, shows);
      return shows;
    };
    // Where a replaced element draws a picture of w × h in its content box, as object-fit and
    // object-position place it: a poster or frame of another shape leaves bars that show the page.
    const fitted = (e, w, h) => {
      const q = e.getBoundingClientRect(), cs = getComputedStyle(e);
      const px = (v) => parseFloat(v) || 0;
      const l = q.left + px(cs.borderLeftWidth) + px(cs.paddingLeft), t = q.top + px(cs.borderTopWidth) + px(cs.paddingTop);
      const bw = Math.max(0, q.right - px(cs.borderRightWidth) - px(cs.paddingRight) - l), bh = Math.max(0, q.bottom - px(cs.borderBottomWidth) - px(cs.paddingBottom) - t);
      const fit = cs.objectFit;
      let s = fit === "cover" ? Math.max(bw / w, bh / h) : fit === "none" ? 1 : Math.min(bw / w, bh / h);
      if (fit === "scale-down") s = Math.min(1, s);
      const dw = fit === "fill" ? bw : w * s, dh = fit === "fill" ? bh : h * s;
      const [ox, oy] = (cs.objectPosition || "50% 50%").split(/\s+/);
      const at = (v, free) => /%$/.test(v || "") ? free * parseFloat(v) / 100 : /px$/.test(v || "") ? parseFloat(v) : free / 2;
      const left = l + at(ox, bw - dw), top = t + at(oy, bh - dh);
      // Drawn only inside its box: a cover's overflow is cut at it.
      return { left, top, width: dw, height: dh, l: Math.max(l, left), t: Math.max(t, top), r: Math.min(l + bw, left + dw), b: Math.min(t + bh, top + dh) };
    };
    const coversAt = (box, x, y) => {
      const e = box.e;
      if (e.tagName === "IMG") return opaqueAt(e, e.getBoundingClientRect(), x, y);
      if (e.tagName !== "VIDEO" || backgroundOpaque(e)) return true;
      const shows = videoShows(e);
      if (!shows) return false;
      const f = fitted(e, shows.w, shows.h);
      if (x < f.l || x > f.r || y < f.t || y > f.b) return false;
      return shows.img ? opaqueAt(shows.img, f, x, y) : true;
    };
    const opaque = (e) => {
      if (e.tagName === "IMG") return e.complete && e.naturalWidth > 0;
      if (e.tagName === "VIDEO") return backgroundOpaque(e) || Boolean(videoShows(e));
      return backgroundOpaque(e);
    };
    // Opaque boxes, where they are drawn (after the clipping of the boxes around them), in bands of 256 px.
    const BAND = 256;
    const bands = new Map();
    const gather = (root) => {
      for (const e of root.querySelectorAll("*")) {
        if (e.shadowRoot) gather(e.shadowRoot);
        if (e === document.body || e === document.documentElement || !opaque(e) || seeThrough(e)) continue;
        if (e.checkVisibility && !e.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
        const q = e.getBoundingClientRect(), c = clipOf(e);
        const box = { e, l: Math.max(q.left, c.l), t: Math.max(q.top, c.t), r: Math.min(q.right, c.r), b: Math.min(q.bottom, c.b) };
        if (box.r - box.l < 1 || box.b - box.t < 1) continue;
        for (let k = Math.floor(box.t / BAND); k <= Math.floor(box.b / BAND); k++) {
          if (!bands.has(k)) bands.set(k, []);
          bands.get(k).push(box);
        }
      }
    };
    gather(document);
    if (!bands.size) return shown;
    const ownCache = new Map();
    const ownOf = (box, el) => {
      if (!ownCache.has(el)) ownCache.set(el, new Map());
      const m = ownCache.get(el);
      if (!m.has(box.e)) m.set(box.e, own(box.e, el));
      return m.get(box.e);
    };
    // Per element, per box over it: "above" or "below" its text, once the browser has said.
    const order = new Map(), misses = new Map();
    const orderOf = (el, e) => (order.get(el) || new Map()).get(e);
    const decide = (w) => {
      let open = false;
      for (const e of w.over) {
        const o = orderOf(w.c.el, e);
        if (o === "above") return true;
        if (o === undefined) open = true;
      }
      return open ? undefined : false;
    };
    // What a stack of the browser's holds for a box of another shadow tree: its host there.
    const rootsOf = (root) => { const s = new Set(); for (let r = root; r; r = r.host ? r.host.getRootNode() : null) s.add(r); return s; };
    const retarget = (e, roots) => { let n = e; while (!roots.has(n.getRootNode()) && n.getRootNode().host) n = n.getRootNode().host; return n; };
    const look = (w, x, y) => {
      const root = w.c.el.getRootNode && w.c.el.getRootNode().elementsFromPoint ? w.c.el.getRootNode() : document;
      const roots = rootsOf(root);
      const stack = root.elementsFromPoint(x, y);
      let at = stack.findIndex((e) => own(e, w.c.el));
      if (at < 0) at = stack.length;
      if (!order.has(w.c.el)) order.set(w.c.el, new Map());
      const known = order.get(w.c.el);
      if (!misses.has(w.c.el)) misses.set(w.c.el, new Map());
      const missed = misses.get(w.c.el);
      for (const e of w.over) {
        const i = stack.indexOf(retarget(e, roots));
        if (i >= 0) known.set(e, i < at ? "above" : "below");
        // Not where its box says (a rounded or cut shape, a box the browser does not hit): after a
        // few looks it counts as drawing nothing over this element, not as a look for every word.
        else if (missed.set(e, (missed.get(e) || 0) + 1).get(e) >= 3) known.set(e, "below");
      }
    };
    const vw = document.documentElement.clientWidth || innerWidth, vh = document.documentElement.clientHeight || innerHeight;
    const screens = new Map();
    const boxesAt = (c, x, y) => {
      const over = [];
      for (const box of bands.get(Math.floor(y / BAND)) || []) {
        if (x >= box.l && x <= box.r && y >= box.t && y <= box.b && !ownOf(box, c.el) && coversAt(box, x, y)) over.push(box.e);
      }
      return over;
    };
    candidates.forEach((c, i) => {
      const x = c.r.left + c.r.width / 2, y = c.r.top + c.r.height / 2;
      const over = boxesAt(c, x, y);
      if (!over.length) return;
      // A wide word of which a box covers only the middle (a turned label over a big heading) still
      // shows at its ends, and is read there: left out, "Wp…001" in the picture could not be found.
      if (c.r.width >= 60 && (!boxesAt(c, c.r.left + c.r.width * 0.15, y).length || !boxesAt(c, c.r.right - c.r.width * 0.15, y).length)) return;
      const key = view ? "0 0" : Math.floor(x / vw) + " " + Math.floor(y / vh);
      if (!screens.has(key)) screens.set(key, []);
      screens.get(key).push({ c, i, x, y, over });
    });
    if (!screens.size) return shown;
    const x0 = window.scrollX, y0 = window.scrollY;
    let sheet = null;
    try {
      try {
        sheet = new CSSStyleSheet();
        sheet.replaceSync("*, *::before, *::after { pointer-events: auto !important; }");
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      } catch { sheet = null; }
      for (const [key, list] of screens) {
        let moved = false;
        for (const w of list) {
          let d = decide(w);
          if (d === undefined) {
            const [col, row] = key.split(" ").map(Number);
            if ((col || row) && !moved) { window.scrollTo({ left: x0 + col * vw, top: y0 + row * vh, behavior: "instant" }); moved = true; }
            const px = w.x - (window.scrollX - x0), py = w.y - (window.scrollY - y0);
            // Out of reach (a page that cannot be scrolled there): kept, as before this look.
            if (px >= 0 && py >= 0 && px < vw && py < vh) look(w, px, py);
            d = decide(w);
          }
          if (d) shown[w.i] = false;
        }
      }
    } finally {
      if (window.scrollX !== x0 || window.scrollY !== y0) window.scrollTo({ left: x0, top: y0, behavior: "instant" });
      if (sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
    return shown;
  };
`;

/**
 * Every visible word with its box in full-page CSS pixels, and the visible text in reading
 * order. Uses DOM Ranges over text nodes; skips hidden, zero-size and clipped text.
 * In the page itself `view` is null. In a frame it is where the frame's viewport lies on the
 * page (x, y) and what of that viewport is visible there (l, t, r, b, in the frame's own
 * pixels); words outside it are not seen in the screenshot and so are left out.
 */
export const COLLECT_WORDS = String.raw`(maxHeight, view) => {
  const words = [];
  const lines = [];
  if (!document.body) return { words, text: "" };
  // A right-to-left page wider than the window starts at its right edge: the picture begins at its
  // far left end, which lies that much left of the window (scrollX counts from the right edge there).
  const se = document.scrollingElement || document.documentElement;
  const rtlOverflow = !view && getComputedStyle(se).direction === "rtl" ? Math.max(0, se.scrollWidth - se.clientWidth) : 0;
  const sx = view ? view.x : window.scrollX + rtlOverflow, sy = view ? view.y : window.scrollY;
  // Words as far right as the picture is taken, and no further: none where no visitor scrolls.
  const pageW = view ? Infinity : (${PAGE_WIDTH})();
  const all = view ? { l: view.l, t: view.t, r: view.r, b: view.b } : { l: -Infinity, t: -Infinity, r: Infinity, b: Infinity };
  ${CLIP_OF}
  ${UNCOVERED}
  const visCache = new Map();
  const clear = (c) => c === "transparent" || /rgba\(.*,\s*0\)$/.test(c);
  // Text without a colour of its own is still seen when something else paints its letters: a
  // gradient clipped to the text (background-clip: text, on the text's box or one around it), an
  // outline (text-stroke) or a shadow. Without any of these it is hidden text, and left out.
  const painted = (el, cs) => {
    if (parseFloat(cs.webkitTextStrokeWidth) > 0 && !clear(cs.webkitTextStrokeColor)) return true;
    if (/rgb\(|rgba\([^)]*,\s*(?!0\))[\d.]+\)/.test(cs.textShadow || "")) return true; // a shadow of some colour
    for (let e = el, i = 0; e && i < 6; e = e.parentElement, i++) {
      const s = e === el ? cs : getComputedStyle(e);
      if (s.backgroundClip === "text" || s.webkitBackgroundClip === "text") return true;
    }
    return false;
  };
  // Text blurred past reading (the posts a login wall blurs behind it, filter: blur()) is in the
  // picture as a smear: no word of it can be read there, so none is searchable.
  const blurCache = new Map();
  const blurred = (el) => {
    if (!el || el === document.documentElement) return false;
    if (blurCache.has(el)) return blurCache.get(el);
    const m = /blur\(\s*([\d.]+)px/.exec(getComputedStyle(el).filter || "");
    const b = (m && parseFloat(m[1]) >= 3) || blurred(el.parentElement || (el.parentNode && el.parentNode.host) || null);
    blurCache.set(el, b);
    return b;
  };
  // An element that draws no box of its own (display: contents, a slot showing its fallback text)
  // is never "visible" to checkVisibility, though its words are drawn: its nearest box decides.
  const boxOf = (el) => {
    let n = el;
    while (n && getComputedStyle(n).display === "contents") n = n.parentElement || (n.getRootNode && n.getRootNode().host) || null;
    return n || el;
  };
  // A closed <details> shows its <summary> only. Text written straight into it, beside the summary,
  // belongs to no element checkVisibility could say is hidden, and Chromium gives it boxes all the
  // same (over the lines that follow): by the <details> itself, it is left out.
  const folded = (el) => {
    for (let n = el, from = null; n; from = n, n = n.parentElement) {
      if (n.tagName === "DETAILS" && !n.open && !(from && from.tagName === "SUMMARY" && from === n.querySelector(":scope > summary"))) return true;
    }
    return false;
  };
  const visible = (el) => {
    if (visCache.has(el)) return visCache.get(el);
    let v = true;
    if (el.closest("script, style, noscript, template, head, title")) v = false;
    else if (folded(el)) v = false;
    else if (blurred(el)) v = false;
    else if (el.checkVisibility && !boxOf(el).checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) v = false;
    else {
      const cs = getComputedStyle(el);
      // The letters' fill is their colour unless -webkit-text-fill-color says otherwise.
      if (cs.visibility !== "visible" || parseFloat(cs.opacity) === 0 || clear(cs.webkitTextFillColor || cs.color) && !painted(el, cs)) v = false;
      if (parseFloat(cs.fontSize) < 2) v = false;
      // Its own content is not drawn (hidden="until-found", content-visibility: hidden): the element
      // itself passes checkVisibility, the text in it is not on screen.
      if (cs.contentVisibility === "hidden") v = false;
    }
    visCache.set(el, v);
    return v;
  };
  // Letters as they are drawn: a heading the style sheet sets in capitals (text-transform) is
  // "NYHETER" in the picture, and so in the text layer, though the page's text says "Nyheter".
  const docLang = document.documentElement.lang || undefined;
  const caseCache = new Map();
  const caseOf = (text, transform) => {
    if (transform !== "uppercase" && transform !== "lowercase" && transform !== "capitalize") return text;
    const lower = transform === "lowercase";
    const change = (t) => { try { return lower ? t.toLocaleLowerCase(docLang) : t.toLocaleUpperCase(docLang); } catch { return lower ? t.toLowerCase() : t.toUpperCase(); } };
    if (transform !== "capitalize") return change(text);
    return text.replace(/\p{L}/u, (c) => change(c));
  };
  let line = null;
  // Text nodes in the order they are shown: into open shadow roots (web components), and
  // their slots filled with the host's own children, which a plain tree walk would miss.
  const texts = [];
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"]);
  // Form fields show text that is no text node of the page (a search box's value or its grey
  // hint, a comment box, a chosen option): they are taken in their place in the reading order.
  const FIELDS = new Set(["INPUT", "TEXTAREA", "SELECT"]);
  const visit = (node, depth) => {
    if (depth > 400) return;
    if (node.nodeType === 3) { texts.push(node); return; }
    if (node.nodeType !== 1 && node.nodeType !== 11) return;
    if (node.nodeType === 1 && SKIP.has(node.tagName)) return;
    if (node.nodeType === 1 && FIELDS.has(node.tagName)) { texts.push(node); return; }
    // A picture the site did not give is drawn as its alternative text: words in the record's picture.
    if (node.nodeType === 1 && node.tagName === "IMG" && node.complete && node.naturalWidth === 0 && node.alt && /\S/.test(node.alt)) texts.push(node);
    if (node.nodeType === 1 && node.tagName === "SLOT" && node.assignedNodes) {
      const assigned = node.assignedNodes({ flatten: false });
      if (assigned.length) { for (const a of assigned) visit(a, depth + 1); return; }
    }
    // Words a style sheet puts before or after an element's own (content: "Publicerad "), in their
    // place; looked for on elements with few children, where labels and badges are.
    const leaf = node.nodeType === 1 && node.childElementCount <= 3;
    // A list item's number is drawn before its words, though no node of the page holds it.
    if (node.nodeType === 1 && node.tagName === "LI") texts.push({ markerOf: node });
    if (leaf) texts.push({ generatedBy: node, pseudo: "::before" });
    const kids = node.nodeType === 1 && node.shadowRoot ? node.shadowRoot.childNodes : node.childNodes;
    for (const c of kids) visit(c, depth + 1);
    if (leaf) texts.push({ generatedBy: node, pseudo: "::after" });
  };
  visit(document.body, 0);
  const range = document.createRange();
  const re = /\S+/g;
  // Scripts written without spaces between words: a run of them is a whole sentence or paragraph,
  // so it is cut into words as the browser's own word breaking does, each with its own box.
  const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
  let segmenter = null;
  if (typeof Intl.Segmenter === "function") {
    // A page's lang can be anything ("sv_SE"); the word breaking of scripts hardly depends on it.
    try { segmenter = new Intl.Segmenter(document.documentElement.lang || undefined, { granularity: "word" }); }
    catch { segmenter = new Intl.Segmenter(undefined, { granularity: "word" }); }
  }
  const pieces = (run, at) => {
    if (!segmenter || !UNSPACED.test(run)) return [{ text: run, index: at }];
    const out = [];
    for (const seg of segmenter.segment(run)) if (/\S/.test(seg.segment)) out.push({ text: seg.segment, index: at + seg.index });
    return out;
  };
  // Words are first only candidates: whether something opaque lies over them is looked at for all
  // of them at once (see uncovered), before they make up the lines.
  const candidates = [];
  const place = (text, r, clip, el) => {
    const l = Math.max(r.left, clip.l), t = Math.max(r.top, clip.t), rr = Math.min(r.right, clip.r), b = Math.min(r.bottom, clip.b);
    if (rr - l < r.width * 0.5 || b - t < r.height * 0.5) return;
    const x = r.left + sx, y = r.top + sy;
    if (x + r.width <= 0 || y + r.height <= 0 || x >= pageW || y >= maxHeight) return;
    candidates.push({ text, r, el });
  };
  // Vertical writing (writing-mode vertical-*, sideways-*): each word runs down its box.
  const downCache = new Map();
  // So does a word turned a quarter by a CSS transform (a label rotated ±90°): laid across its tall
  // box, its letters stood on one another, and a reader's text dropped one of each pair ("fjäl et").
  const turnCache = new Map();
  const turn = (el) => {
    if (!el || el === document.body || el === document.documentElement) return 0;
    if (!turnCache.has(el)) {
      const m = /^matrix\(([^,]+),\s*([^,]+),/.exec(getComputedStyle(el).transform || "");
      turnCache.set(el, (m ? Math.atan2(Number(m[2]), Number(m[1])) * 180 / Math.PI : 0) + turn(el.parentElement));
    }
    return turnCache.get(el);
  };
  const quarterTurned = (el) => {
    const a = ((turn(el) % 360) + 360) % 360;
    return Math.abs(a - 90) < 15 || Math.abs(a - 270) < 15;
  };
  const down = (el) => {
    if (!el) return false;
    if (!downCache.has(el)) downCache.set(el, /^(vertical|sideways)/.test(getComputedStyle(el).writingMode || "") || quarterTurned(el));
    return downCache.get(el);
  };
  const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/;
  const leftCache = new Map();
  const leftwards = (el) => {
    if (!el) return false;
    if (!leftCache.has(el)) leftCache.set(el, getComputedStyle(el).direction === "rtl");
    return leftCache.get(el);
  };
  const keep = ({ text, r, el }) => {
    const x = r.left + sx, y = r.top + sy;
    if (down(el) && r.height > r.width) {
      words.push({ text, x, y, width: r.width, height: r.height, vertical: true });
      // A line of its own in the text: the words of a line run across, these down.
      line = null;
      lines.push({ y, mid: y + r.height / 2, right: x + r.width, parts: [text] });
      return;
    }
    words.push({ text, x, y, width: r.width, height: r.height });
    const sameRow = line && Math.abs(line.y - y) < Math.max(4, r.height * 0.5);
    // Words written right to left (Arabic, Persian, Hebrew, or any in a dir=rtl block) follow one
    // another leftwards: a sentence's next word stands left of the one before, on the same line.
    if (sameRow && (x >= line.right - 2 || (x + r.width <= line.left + 2 && (leftwards(el) || RIGHT_TO_LEFT.test(text))))) {
      // Words that touch are one word, as on the page: a run of an unspaced script, or one long
      // word of nodes of its own ("Bostads<wbr>anpassnings<wbr>bidraget", "<b>Obs</b>:").
      if (x - line.right < 0.5 && x >= line.right - 2) line.parts[line.parts.length - 1] += text;
      else line.parts.push(text);
      line.left = x;
      line.right = x + r.width;
    } else {
      line = { y, mid: y + r.height / 2, left: x, right: x + r.width, parts: [text] };
      lines.push(line);
    }
  };
  let ruler = null;
  const HIDDEN_VALUE = new Set(["password", "hidden", "checkbox", "radio", "range", "color", "file", "image"]);
  // A field's words, laid out as the browser draws them: one line for an input or a list, lines
  // wrapped at the box's width for a text area, each word's box measured in the field's font.
  const fieldWords = (el) => {
    if (!visible(el)) return;
    const type = el.tagName === "INPUT" ? (el.type || "text").toLowerCase() : el.tagName;
    // A password field shows dots for what was typed, and, empty, its hint as any field does.
    if (HIDDEN_VALUE.has(type) && !(type === "password" && !el.value)) return;
    let value = el.tagName === "SELECT" ? (el.multiple || el.size > 1 ? "" : (el.selectedOptions[0] ? el.selectedOptions[0].label || el.selectedOptions[0].text : "")) : el.value;
    if (!value && el.placeholder !== undefined) value = el.placeholder || "";
    if (!value || !/\S/.test(value)) return;
    const cs = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const px = (v) => parseFloat(v) || 0;
    const inner = {
      l: box.left + px(cs.borderLeftWidth) + px(cs.paddingLeft), r: box.right - px(cs.borderRightWidth) - px(cs.paddingRight),
      t: box.top + px(cs.borderTopWidth) + px(cs.paddingTop), b: box.bottom - px(cs.borderBottomWidth) - px(cs.paddingBottom),
    };
    const outer = clipOf(el);
    const clip = { l: Math.max(outer.l, inner.l), t: Math.max(outer.t, box.top), r: Math.min(outer.r, inner.r), b: Math.min(outer.b, box.bottom) };
    if (!ruler) ruler = document.createElement("canvas").getContext("2d");
    ruler.font = cs.fontStyle + " " + cs.fontWeight + " " + cs.fontSize + " " + cs.fontFamily;
    const size = px(cs.fontSize), lineH = cs.lineHeight === "normal" ? size * 1.2 : px(cs.lineHeight);
    const wide = (t) => ruler.measureText(t).width;
    const rows = [];
    if (el.tagName === "TEXTAREA") {
      for (const para of value.split("\n")) {
        let row = "";
        for (const w of para.split(/(\s+)/)) {
          if (row && /\S/.test(w) && wide(row + w) > inner.r - inner.l) { rows.push(row); row = ""; }
          if (row || /\S/.test(w)) row += w;
        }
        rows.push(row);
      }
    } else rows.push(value.replace(/\s+/g, " "));
    for (let i = 0; i < rows.length; i++) rows[i] = rows[i].replace(/\S+/g, (w) => caseOf(w, cs.textTransform));
    const button = type === "submit" || type === "button" || type === "reset";
    rows.forEach((row, i) => {
      const width = wide(row);
      let left = inner.l - (el.scrollLeft || 0);
      if (button || cs.textAlign === "center") left = inner.l + (inner.r - inner.l - width) / 2;
      else if (cs.textAlign === "right" || cs.textAlign === "end" && cs.direction === "ltr" || (cs.textAlign === "start" || cs.textAlign === "-webkit-auto") && cs.direction === "rtl") left = inner.r - width;
      const top = el.tagName === "TEXTAREA" ? inner.t + i * lineH - el.scrollTop : inner.t + (inner.b - inner.t - lineH) / 2;
      re.lastIndex = 0;
      let m;
      while ((m = re.exec(row))) {
        const x = left + wide(row.slice(0, m.index)), w = wide(m[0]);
        place(m[0], { left: x, top, right: x + w, bottom: top + lineH, width: w, height: lineH }, clip, el);
      }
    });
  };
  // The words of a computed content value: its strings and attr() values; counters, quotes and
  // pictures are not words, and alternative text (after "/") is not shown. Icon fonts draw their
  // pictures with characters of the private use areas, which are no words either.
  const TOKEN = /"((?:[^"\\]|\\[^])*)"|'((?:[^'\\]|\\[^])*)'|attr\(\s*([^\s),]+)[^)]*\)|[a-z-]+\([^)]*\)|\/|[^\s"']+/gi;
  const unescape = (t) => t.replace(/\\([0-9a-fA-F]{1,6})\s?|\\([^])/g, (_, hex, ch) => {
    if (!hex) return ch;
    const c = parseInt(hex, 16);
    return c > 0 && c <= 0x10ffff ? String.fromCodePoint(c) : "\ufffd";
  });
  const ICONS = /[\uE000-\uF8FF\u{F0000}-\u{10FFFD}]/gu;
  const ICON_ONLY = /^[\uE000-\uF8FF\u{F0000}-\u{10FFFD}]+$/u;
  const contentText = (content, el) => {
    let out = "";
    TOKEN.lastIndex = 0;
    let m;
    while ((m = TOKEN.exec(content))) {
      if (m[0] === "/") break;
      if (m[1] !== undefined || m[2] !== undefined) out += unescape(m[1] !== undefined ? m[1] : m[2]);
      else if (m[3] !== undefined) out += el.getAttribute(m[3]) || "";
    }
    out = out.replace(ICONS, " ");
    return /[\p{L}\p{N}]/u.test(out) ? out : "";
  };
  const pseudoWords = (el, pseudo) => {
    const content = getComputedStyle(el, pseudo).content;
    if (!content || content === "none" || content === "normal" || content === '""') return;
    if (!visible(el)) return;
    const said = contentText(content, el);
    if (!said) return;
    const cs = getComputedStyle(el, pseudo);
    if (cs.display === "none" || cs.visibility !== "visible" || parseFloat(cs.opacity) === 0 || parseFloat(cs.fontSize) < 2) return;
    if (clear(cs.webkitTextFillColor || cs.color) && !painted(el, cs)) return;
    if (!ruler) ruler = document.createElement("canvas").getContext("2d");
    ruler.font = cs.fontStyle + " " + cs.fontWeight + " " + cs.fontSize + " " + cs.fontFamily;
    const wide = (t) => ruler.measureText(t).width;
    const px = (v) => parseFloat(v) || 0;
    const size = px(cs.fontSize), lineH = cs.lineHeight === "normal" ? size * 1.2 : px(cs.lineHeight);
    // Where it stands: an inline one just before the element's first words or just after its
    // last, on their line; a block one at the top of the element's box or below its words.
    const box = el.getBoundingClientRect();
    const ecs = getComputedStyle(el);
    const inner = { l: box.left + px(ecs.borderLeftWidth) + px(ecs.paddingLeft), t: box.top + px(ecs.borderTopWidth) + px(ecs.paddingTop) };
    range.selectNodeContents(el);
    const own = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
    const block = !/^inline|^contents$/.test(cs.display) || cs.position === "absolute" || cs.position === "fixed";
    const text = said.replace(/\s+/g, " ").replace(/\S+/g, (w) => caseOf(w, cs.textTransform));
    const width = wide(text);
    let left = inner.l, top = inner.t;
    if (pseudo === "::before" && !block && own.length) { left = own[0].left - width; top = own[0].top + (own[0].height - lineH) / 2; }
    else if (pseudo === "::after" && own.length) {
      const last = own[own.length - 1];
      if (block) top = last.bottom;
      else { left = last.right; top = last.top + (last.height - lineH) / 2; }
    }
    const clip = clipOf(el);
    re.lastIndex = 0;
    let m;
    while ((m = re.exec(text))) {
      const x = left + wide(text.slice(0, m.index)), w = wide(m[0]);
      place(m[0], { left: x, top, right: x + w, bottom: top + lineH, width: w, height: lineH }, clip, el);
    }
  };
  // Chromium draws a broken picture's alternative text on one line at its box's top, after a broken
  // picture's icon of 16 px, cut at the box's edge.
  const altWords = (img) => {
    if (!visible(img)) return;
    const cs = getComputedStyle(img);
    const box = img.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) return;
    if (!ruler) ruler = document.createElement("canvas").getContext("2d");
    ruler.font = cs.fontStyle + " " + cs.fontWeight + " " + cs.fontSize + " " + cs.fontFamily;
    const wide = (t) => ruler.measureText(t).width;
    const size = parseFloat(cs.fontSize) || 16, lineH = Math.min(box.height, Math.round(size * 1.375));
    const text = img.alt.replace(/\s+/g, " ").trim();
    const outer = clipOf(img);
    const clip = { l: Math.max(outer.l, box.left), t: Math.max(outer.t, box.top), r: Math.min(outer.r, box.right), b: Math.min(outer.b, box.bottom) };
    const left = box.left + 16;
    re.lastIndex = 0;
    let m;
    while ((m = re.exec(text))) {
      const x = left + wide(text.slice(0, m.index)), w = wide(m[0]);
      place(m[0], { left: x, top: box.top, right: x + w, bottom: box.top + lineH, width: w, height: lineH }, clip, img);
    }
  };
  ${LIST_MARKER}
  for (const n of texts) {
    if (n.markerOf) { for (const w of listMarker(n.markerOf, visible) || []) place(w.text, w.r, clipOf(n.markerOf), n.markerOf); continue; }
    if (n.generatedBy) { pseudoWords(n.generatedBy, n.pseudo); continue; }
    if (n.nodeType === 1) { if (n.tagName === "IMG") altWords(n); else fieldWords(n); continue; }
    const el = n.parentElement;
    if (!el) continue;
    // A text wholly below where the picture ends is measured once, not word by word: a page of 10 MB
    // of minutes, cut at 30,000 px, had a million words below the cut, each measured in vain.
    range.selectNodeContents(n);
    const whole = range.getBoundingClientRect();
    if (whole.height > 0 && whole.top + sy >= maxHeight) continue;
    if (!visible(el)) continue;
    const s = n.textContent;
    if (!s || !/\S/.test(s)) continue;
    const clip = clipOf(el);
    let transform = caseCache.get(el);
    if (transform === undefined) caseCache.set(el, transform = getComputedStyle(el).textTransform);
    re.lastIndex = 0;
    let run;
    while ((run = re.exec(s))) for (const m of pieces(run[0], run.index)) {
      // An icon font's character typed in the page (a private use area code) is a picture, no word.
      if (ICON_ONLY.test(m.text)) continue;
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m.text.length);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
      if (!rects.length) continue;
      // A word broken over two lines (hyphenation, narrow boxes) keeps its first line. A word
      // that the text's direction splits on one line ("webbplatsen." in a right-to-left
      // paragraph puts its full stop at the far end) keeps its widest piece, not the stop.
      let r = rects[0];
      for (const q of rects) if (Math.abs(q.top - rects[0].top) < rects[0].height * 0.5 && q.width > r.width) r = q;
      // A soft hyphen is drawn only where the word breaks, and is no letter of it: "Kommun&shy;fullmäktige" is searched as "Kommunfullmäktige".
      const said = m.text.replace(/\u00AD/g, "");
      if (said) place(caseOf(said, transform), r, clip, el);
    }
  }
  const shown = uncovered(candidates);
  candidates.forEach((c, i) => { if (shown[i]) keep(c); });
  // Where each line's first word stands, page pixels: a page taken screen by screen keeps each line from one screen.
  return { words, text: lines.map((l) => l.parts.join(" ")).join("\n"), lineMids: lines.map((l) => l.mid), origin: { x: sx, y: sy } };
}`;

/**
 * Run on a frame's element (an iframe) in the document that holds it: where the frame's own
 * viewport starts (x, y, inside the border and padding) and the part of it that is visible
 * (l, t, r, b), both in the holder's viewport pixels; null when the frame is not shown.
 * `holder` is the visible part of the holder's own viewport, null for the page itself.
 */
export const FRAME_VIEW = String.raw`(el, holder) => {
  const all = holder || { l: -Infinity, t: -Infinity, r: Infinity, b: Infinity };
  if (!el.isConnected || (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true }))) return null;
  ${CLIP_OF}
  const r = el.getBoundingClientRect();
  const cs = getComputedStyle(el);
  const x = r.left + el.clientLeft + parseFloat(cs.paddingLeft || "0");
  const y = r.top + el.clientTop + parseFloat(cs.paddingTop || "0");
  const w = el.clientWidth - parseFloat(cs.paddingLeft || "0") - parseFloat(cs.paddingRight || "0");
  const h = el.clientHeight - parseFloat(cs.paddingTop || "0") - parseFloat(cs.paddingBottom || "0");
  const c = clipOf(el);
  const l = Math.max(c.l, x), t = Math.max(c.t, y), rr = Math.min(c.r, x + w), b = Math.min(c.b, y + h);
  if (w < 2 || h < 2 || rr - l < 2 || b - t < 2) return null;
  return { x, y, l, t, r: rr, b };
}`;

/** Lets an element and everything around it grow to its content: no clipping, no fixed height, in the flow. */
/**
 * `ownGridRow(el)`: an element in a grid row of fixed height (grid-template-rows: 80px 600px 120px)
 * given a row as tall as its content: grown in a row of 600 px it ran over the rows below it, the
 * footer printed over the feed's posts.
 */
const OWN_GRID_ROW = String.raw`
  const ownGridRow = (el) => {
    const p = el.parentElement;
    if (!p) return;
    const pcs = getComputedStyle(p);
    if (!/grid/.test(pcs.display)) return;
    const rows = pcs.gridTemplateRows.split(/\s+/);
    if (!rows.length || !rows.every((r) => /^[\d.]+px$/.test(r))) return;
    const top = el.getBoundingClientRect().top - p.getBoundingClientRect().top - (parseFloat(pcs.borderTopWidth) || 0) - (parseFloat(pcs.paddingTop) || 0);
    const gap = parseFloat(pcs.rowGap) || 0;
    let y = 0;
    for (let i = 0; i < rows.length; i++) {
      if (Math.abs(y - top) < 2) {
        rows[i] = "auto";
        p.style.setProperty("grid-template-rows", rows.join(" "), "important");
        return;
      }
      y += parseFloat(rows[i]) + gap;
    }
  };
`;

const GROW_WITH_ANCESTORS = String.raw`
  ${OWN_GRID_ROW}
  const grow = (el, height) => {
    for (let n = el; n; n = n.parentElement) {
      n.style.setProperty("overflow", "visible", "important");
      n.style.setProperty("height", n === el ? height : "auto", "important");
      n.style.setProperty("max-height", "none", "important");
      ownGridRow(n);
      if (getComputedStyle(n).position === "fixed" || getComputedStyle(n).position === "absolute") {
        // Kept where a visitor saw it across the window, and as wide: a box placed with left: 77px and
        // right: 0 beside a fixed menu, made relative, was moved 77 px on at the window's whole width,
        // and the record was wider than the window (said so on the sheet) though no visitor scrolls sideways.
        const was = n.getBoundingClientRect();
        n.style.setProperty("position", "relative", "important");
        n.style.setProperty("box-sizing", "border-box", "important");
        n.style.setProperty("width", was.width + "px", "important");
        n.style.setProperty("right", "auto", "important");
        const moved = n.getBoundingClientRect().left - was.left;
        if (Math.abs(moved) >= 1) n.style.setProperty("left", ((parseFloat(getComputedStyle(n).left) || 0) - moved) + "px", "important");
      }
    }
  };
`;

/**
 * Some pages keep the document at window height and scroll an inner element instead, so a
 * full-page screenshot would show only the first screen: the one inner scroller that holds the
 * page, or null. The document itself may scroll a little (the body's default margin around a
 * 100 % high app, a header above a box of full height): a page whose own scroll is short, and much
 * shorter than the box's, is still held by the box. The box may be the body itself.
 */
const FIND_INNER_SCROLLER = String.raw`() => {
  const d = document.documentElement, b = document.body;
  if (!b) return null;
  // What the window itself scrolls. Not the body's own height: a body that is a box of its own
  // (html { overflow: hidden } keeps its overflow from becoming the window's) counts its content
  // there though the window does not scroll, and is itself the box that holds the page.
  const ownExtra = (document.scrollingElement || d).scrollHeight - innerHeight;
  if (ownExtra > innerHeight / 2) return null;
  let best = null, bestExtra = 0;
  for (const el of [b, ...b.querySelectorAll("*")]) {
    const extra = el.scrollHeight - el.clientHeight;
    if (extra <= 50 || el.clientHeight < innerHeight * 0.5) continue;
    const oy = getComputedStyle(el).overflowY;
    if (oy !== "auto" && oy !== "scroll" && oy !== "overlay") continue;
    // One a person sees, in the window: a settings layer left hidden, a side menu kept off screen,
    // grown as the page's box, put blank screens at the top of the record.
    if (el !== b && el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const r = el.getBoundingClientRect();
    if (el !== b && (r.right <= 0 || r.left >= innerWidth || r.bottom <= 0 || r.top >= innerHeight)) continue;
    if (extra > bestExtra) { best = el; bestExtra = extra; }
  }
  if (!best || (ownExtra > 2 && bestExtra < ownExtra * 3)) return null;
  return best;
}`;

/**
 * Marks the page's inner scroller (see FIND_INNER_SCROLLER) for the scroll through the page: a
 * feed in it brings its next posts when the box is scrolled (its scroll events, an observer with
 * the box as its root), not once the box is expanded, so it is scrolled first, as a person
 * scrolls it (see SCROLLER). Returns true when the page has one.
 */
export const MARK_INNER_SCROLLER = String.raw`() => {
  const box = (${FIND_INNER_SCROLLER})();
  if (!box) return false;
  // Snapping would pull every step back to the section it started in (as FREE_SCROLL for the document).
  box.style.setProperty("scroll-snap-type", "none", "important");
  box.style.setProperty("scroll-behavior", "auto", "important");
  window.__somarkivScroller = box;
  return true;
}`;

/** The elements a box of its own is made of: a feed's, a comment list's, a code block's. */
const BOX_TAGS = "div, section, main, ul, ol, article, aside, pre, table, tbody";

/**
 * Marks the next box that scrolls down by itself, 200 px or more, in a page that scrolls too (a
 * feed of its own, 700 px high; a list of posts beside the page's text), for the scroll through it
 * (see SCROLLER), and brings it into view, as a person scrolls the page to it before scrolling in
 * it. Whether it holds words below its view is not asked: a list that draws only the rows near its
 * view (react-window and its kind) has nothing there but its height. A box fixed to the screen (a side menu) is left as it is. Returns true
 * when one was marked; each box once.
 */
export const MARK_FEED_BOX = String.raw`() => {
  ${HELPERS}
  const BOX_TAGS = ${JSON.stringify(BOX_TAGS)};
  const done = window.__somarkivBoxesDone || (window.__somarkivBoxesDone = new WeakSet());
  // A box fixed to the screen, or laid over the page (an open list of suggestions, position: absolute),
  // moves nothing down as it grows: it would cover the page.
  const pinned = (el) => { for (let n = el; n && n.nodeType === 1; n = parentOf(n)) if (/fixed|sticky|absolute/.test(getComputedStyle(n).position)) return true; return false; };
  for (const el of document.body ? deepAll(BOX_TAGS) : []) {
    if (done.has(el)) continue;
    if (el.clientHeight < 200 || el.clientWidth < 200 || el.scrollHeight - el.clientHeight < 200) continue;
    if (!/auto|scroll|overlay/.test(getComputedStyle(el).overflowY) || !isShown(el) || pinned(el)) continue;
    const r = el.getBoundingClientRect();
    done.add(el);
    el.style.setProperty("scroll-snap-type", "none", "important");
    el.style.setProperty("scroll-behavior", "auto", "important");
    window.scrollTo({ top: Math.max(0, r.top + scrollY - 20), left: scrollX, behavior: "instant" });
    window.__somarkivScroller = el;
    return true;
  }
  return false;
}`;

/**
 * `growInPlace(el, height)`: an element given its height, and freed from what around it would cut
 * it (a section of fixed height, a flex column that shares out a fixed height). Overflow is left as
 * the page set it: an element as tall as its content has nothing to hide.
 */
const GROW_IN_PLACE = String.raw`
  ${OWN_GRID_ROW}
  // What each element's style and its parent's were, so that a growth that went wrong can be undone (UNDO_GROW).
  const undo = window.__somarkivGrowUndo = [];
  const keep = (n) => { if (n && !undo.some(([e]) => e === n)) undo.push([n, n.getAttribute("style"), n.getAttribute("scrolling")]); };
  const free = (n, height) => {
    keep(n);
    keep(n.parentElement);
    n.style.setProperty("height", height, "important");
    n.style.setProperty("max-height", "none", "important");
    const p = n.parentElement;
    if (p && /flex/.test(getComputedStyle(p).display)) n.style.setProperty("flex", "0 0 auto", "important");
    ownGridRow(n);
  };
  const growInPlace = (el, height) => {
    free(el, height);
    for (let n = el.parentElement; n && n !== document.body && n !== document.documentElement; n = n.parentElement) {
      if (n.scrollHeight > n.clientHeight + 2) free(n, "auto");
    }
  };
`;

/**
 * Lets the box marked by MARK_FEED_BOX grow to its content from its top, and whatever around it
 * would cut it (a section of fixed height, a flex column that shares out a fixed height), so the
 * record holds every post it brought; the page around it moves down as it would for a longer
 * feed. Overflow is left as the page set it: a box as tall as its content has nothing to hide.
 * Ends the mark. Returns true when the box shows all it holds.
 */
export const GROW_FEED_BOX = String.raw`() => {
  const box = ${SCROLLER};
  delete window.__somarkivScroller;
  if (!box) return false;
  box.scrollTop = 0;
  ${GROW_IN_PLACE}
  growInPlace(box, "auto");
  return box.scrollHeight - box.clientHeight <= 2;
}`;

/**
 * A frame that is a box in the page (an embedded feed beside the page's text), its document
 * scrolling inside it by 200 px or more: made as high as its document, in place; called with
 * (element, height). Returns false for one fixed to the screen, left as it is.
 */
export const GROW_FRAME_BOX = String.raw`(el, height) => {
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) if (/fixed|sticky/.test(getComputedStyle(n).position)) return false;
  ${GROW_IN_PLACE}
  growInPlace(el, height + "px");
  el.setAttribute("scrolling", "no");
  return true;
}`;

/** Puts back what the last GROW_FRAME_BOX or GROW_FEED_BOX changed. */
export const UNDO_GROW = String.raw`() => {
  for (const [n, style, scrolling] of (window.__somarkivGrowUndo || []).reverse()) {
    style === null ? n.removeAttribute("style") : n.setAttribute("style", style);
    scrolling === null ? n.removeAttribute("scrolling") : n.setAttribute("scrolling", scrolling);
  }
  delete window.__somarkivGrowUndo;
  return true;
}`;

/**
 * Lets the marked inner scroller (or, unmarked, the one found now) and its ancestors grow to their
 * content, from its top, so that the document scrolls as usual and is taken whole. Ends the mark.
 * Returns true when it did so.
 */
export const UNLOCK_INNER_SCROLLER = String.raw`() => {
  const marked = ${SCROLLER};
  delete window.__somarkivScroller;
  const best = marked || (${FIND_INNER_SCROLLER})();
  if (!best) return false;
  best.scrollTop = 0;
  ${GROW_WITH_ANCESTORS}
  grow(best, "auto");
  return true;
}`;

/**
 * How much a frame's own document scrolls, and whether a person can scroll it: asked of a frame
 * that fills the page (see expandFullFrame).
 */
export const FRAME_SCROLL = String.raw`(() => {
  const e = document.scrollingElement || document.documentElement;
  const hidden = [document.documentElement, document.body].some((n) => n && getComputedStyle(n).overflowY === "hidden");
  return { height: e.scrollHeight, extra: e.scrollHeight - e.clientHeight, hidden };
})()`;

/** A frame element made as high as its document, and the page around it let grow; called with (element, height). */
export const EXPAND_FRAME = String.raw`(el, height) => {
  ${GROW_WITH_ANCESTORS}
  grow(el, height + "px");
  el.setAttribute("scrolling", "no");
  return true;
}`;

/** How much the page's own document scrolls beyond the window, and the window's height. */
export const OWN_SCROLL = String.raw`(() => ({ extra: Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0) - innerHeight, height: innerHeight }))()`;

/**
 * `loading(below, above)`: whether a loading indicator is shown between `below` and `above`
 * (window pixels). Needs HELPERS.
 */
const LOADING = String.raw`
  // A spinner or pulsing grey placeholders say the page is still loading: a small element turning
  // forever, or one marked busy, or one whose name (or its animation's) says loader or placeholder.
  // Other endless animations are decoration (a pulsing "live" dot, a blinking badge) and held every
  // page that had one for the whole wait.
  const SPINNER_NAME = /spin|load|progress|busy|skeleton|shimmer|placeholder|laddar|läser in/i;
  const NAMING = ["aria-label", "title", "data-testid", "data-visualcompletion"];
  const named = (a, el) => {
    if (SPINNER_NAME.test(a.animationName || "")) return true;
    for (let n = el, i = 0; n && n.nodeType === 1 && i < 3; n = n.parentElement, i++) {
      const names = [typeof n.className === "string" ? n.className : "", n.id, ...NAMING.map((k) => n.getAttribute(k) || "")];
      if (SPINNER_NAME.test(names.join(" "))) return true;
    }
    return false;
  };
  const turns = (a) => {
    try {
      return a.effect.getKeyframes().some((k) => /rotate/.test(String(k.transform || "")) || (k.rotate && k.rotate !== "none"));
    } catch {
      return true;
    }
  };
  // Sites whose class names are hashed (css-1dbjc4n) name nothing: their placeholders are known by
  // their look, an empty box in light grey (or a grey shimmer) that pulses, as wide as the post to come.
  const LIGHT_GREY = (c) => {
    const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)/.exec(c);
    if (!m || (m[4] !== undefined && Number(m[4]) < 0.3)) return false;
    const v = [m[1], m[2], m[3]].map(Number);
    return Math.max(...v) - Math.min(...v) <= 24 && Math.min(...v) >= 160 && Math.min(...v) < 250;
  };
  const greyBox = (el, pseudo) => {
    const cs = getComputedStyle(el, pseudo || null);
    if (LIGHT_GREY(cs.backgroundColor)) return true;
    const stops = cs.backgroundImage.match(/rgba?\([^)]*\)/g) || [];
    return /gradient/.test(cs.backgroundImage) && stops.length > 0 && stops.every((c) => LIGHT_GREY(c) || /rgba?\([^)]*,\s*0\)/.test(c) || /255,\s*255,\s*255/.test(c));
  };
  const placeholder = (a, el, r) => {
    if (r.width < 40 || r.height < 12) return false;
    if ((el.innerText || "").trim() || el.querySelector("img, svg, video, canvas, iframe")) return false;
    return greyBox(el, a.effect.pseudoElement) || greyBox(el, null);
  };
  const within = (r, below, above) => r.bottom > below && r.top < above;
  // Placeholders that stand still: a site stops their pulse for a visitor who asks for less motion, as
  // somarkiv does, and its page of grey cards was taken as a page with its content there. Known by
  // their look: a box with no words and no picture holding three or more empty light-grey boxes (the
  // lines of a post to come, an avatar's circle), none of them smaller than a line of text; a carousel's
  // dots and a step indicator's thin bars are smaller.
  const emptyGrey = (el) => {
    if (el.childElementCount || (el.textContent || "").trim()) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 24 || r.height < 8) return false;
    const cs = getComputedStyle(el);
    return !/url\(/.test(cs.backgroundImage) && greyBox(el, null);
  };
  const noContent = (el) => !(el.innerText || "").trim() && !el.querySelector("img, svg, video, canvas, iframe, embed, object, input, textarea, select");
  const stillCard = (card) => {
    if (!card.isConnected || !isShown(card) || !noContent(card)) return false;
    const r = card.getBoundingClientRect();
    if (r.width < 150 || r.height < 40) return false;
    let bars = 0;
    for (const el of card.getElementsByTagName("*")) if (emptyGrey(el) && ++bars >= 3) return true;
    return false;
  };
  const stillCards = (below, above, max) => {
    const found = [];
    const all = document.body ? document.body.getElementsByTagName("*") : [];
    for (let i = 0; i < all.length && i < 5000 && found.length < max; i++) {
      const el = all[i];
      if (el.childElementCount || found.some((c) => c.contains(el))) continue;
      const r = el.getBoundingClientRect();
      if (!within(r, below, above) || !emptyGrey(el)) continue;
      // The card: the largest box above the grey one, a few steps up, that still holds nothing else.
      let card = null;
      for (let up = el.parentElement, n = 0; up && up !== document.body && n < 4 && noContent(up); up = up.parentElement, n++) card = up;
      if (card && stillCard(card)) found.push(card);
    }
    window.__somarkivStillCards = window.__somarkivStillCards || new WeakSet();
    for (const c of found) window.__somarkivStillCards.add(c);
    return found;
  };
  // The loading indicators shown between below and above, at most max of them.
  const indicators = (below, above, max) => {
    const found = [];
    for (const el of document.querySelectorAll('[role="progressbar"], [aria-busy="true"]')) {
      if (isShown(el) && within(el.getBoundingClientRect(), below, above)) found.push(el);
      if (found.length >= max) return found;
    }
    if (!document.getAnimations) return found;
    for (const a of document.getAnimations()) {
      if (a.playState !== "running" || !a.effect || !a.effect.target) continue;
      if (a.effect.getComputedTiming().iterations !== Infinity) continue;
      const el = a.effect.target;
      if (!isShown(el)) continue;
      const r = el.getBoundingClientRect();
      if (!within(r, below, above)) continue;
      // A spinner is small; a placeholder, named or grey, may be as wide as the feed.
      if ((r.width <= 200 && r.height <= 200 && turns(a)) || named(a, el) || placeholder(a, el, r)) found.push(el);
      if (found.length >= max) return found;
    }
    return found.length ? found : stillCards(below, above, max);
  };
  const loading = (below, above) => indicators(below, above, 1).length > 0;
`;

/**
 * At the bottom of the page: whether the feed says it is bringing more, with a loading indicator
 * in the lower half of the window or words of its own ("Laddar fler…", "Loading…"). A feed that
 * waits a moment before it asks for the next batch, or builds it from what it already has, makes
 * no request in the meantime, and the network's quiet did not mean that it had ended.
 */
export const FEED_LOADING = String.raw`() => {
  ${HELPERS}
  ${LOADING}
  if (loading(innerHeight / 2, innerHeight)) return true;
  const SAYS = /^(laddar|läser in|hämtar|loading|fetching|lataa|laster|indlæser)\b[^]{0,30}$/i;
  for (const el of document.body ? document.body.querySelectorAll("*") : []) {
    if (el.childElementCount > 2) continue;
    const words = (el.textContent || "").trim();
    if (!words || words.length > 40 || !SAYS.test(words) || !isShown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.bottom > innerHeight / 2 && r.top < innerHeight) return true;
  }
  return false;
}`;

/**
 * Marks the loading indicators of the first screen when the wait for content ended with them still
 * there, so that LOADING_PLACE can find them once the page is taken: by then its animations are
 * frozen, and a spinner that is a turning element no longer shows itself as one.
 */
export const MARK_LOADING = String.raw`() => {
  ${HELPERS}
  ${LOADING}
  window.__somarkivLoadingMarks = indicators(-Infinity, innerHeight, 20);
  return window.__somarkivLoadingMarks.length;
}`;

/**
 * `contentWords(inView)`: the words a document shows outside its header, navigation, side panels,
 * footer and forms (its shell), loading words left out, up to 200; with inView, only those whose
 * box it accepts.
 */
const CONTENT_WORDS = String.raw`
  const LOADING_WORDS = /laddar|läser in|hämtar|vänta|ett ögonblick|loading|please wait|one moment|just a moment|ladataan|odota|hetki|…|\.\.\./gi;
  const SHELL = "header, nav, aside, footer, form, button, [role=banner], [role=navigation], [role=complementary], [role=contentinfo], [role=search], [role=dialog], script, style, noscript, template";
  const contentWords = (inView) => {
    let words = 0;
    const walk = document.body ? document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT) : null;
    for (let n = walk && walk.nextNode(); n && words < 200; n = walk.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(SHELL) || (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true }))) continue;
      if (inView && !inView(el.getBoundingClientRect())) continue;
      words += (n.data.replace(LOADING_WORDS, " ").match(/[\p{L}\d]{2,}/gu) || []).length;
    }
    return words;
  };
`;

/**
 * Whether the page still shows that it is loading, looked at before the picture (before its
 * animations are stopped for it): one of the indicators marked when the wait ended still in the
 * page, shown, and still turning (its endless animation, paused or not, is still on it) or marked
 * busy. None when the spinner went and the posts came during the scroll. As a pending look of the
 * scroll's, { count }.
 */
export const LOADING_STILL_SHOWN = String.raw`() => {
  ${HELPERS}
  ${LOADING}
  const endless = (el) => el.getAnimations && el.getAnimations({ subtree: true }).some((a) => a.effect && a.effect.getComputedTiming().iterations === Infinity);
  const standing = (el) => window.__somarkivStillCards && window.__somarkivStillCards.has(el) && stillCard(el);
  const still = (el) => el.isConnected && isShown(el) && (el.matches('[role="progressbar"], [aria-busy="true"]') || endless(el) || standing(el));
  return { count: (window.__somarkivLoadingMarks || []).filter(still).length };
}`;

/**
 * Where the marked loading indicators stand, as the page is taken: for each one still in the page,
 * the largest box around it that holds nothing else (no words but loading words, no picture), the
 * place the content was to fill. Gives the largest such place's share of the first screen
 * (width × height of the window, in document pixels from the top), whether a place is or holds
 * the page's main region or feed (main, role=main, role=feed), and how many words the page shows
 * outside its header, navigation, side panels, footer and forms (its shell), up to 200. No place
 * once the indicators are gone (the content came after all).
 */
export const LOADING_PLACE = String.raw`(width, height) => {
  ${CONTENT_WORDS}
  const marks = (window.__somarkivLoadingMarks || []).filter((el) => el.isConnected && el.getClientRects().length > 0);
  const PICTURE = "img, video, canvas, iframe, embed, object";
  const holdsNothing = (el) => {
    if (/\p{L}{2}|\d/u.test((el.innerText || "").replace(LOADING_WORDS, ""))) return false;
    for (const m of el.querySelectorAll(PICTURE)) { const r = m.getBoundingClientRect(); if (r.width >= 48 && r.height >= 48) return false; }
    return true;
  };
  let share = 0, main = false;
  for (const mark of marks) {
    let place = mark;
    for (let up = mark.parentElement; up && up !== document.body && up !== document.documentElement && holdsNothing(up); up = up.parentElement) place = up;
    if (!holdsNothing(place)) continue;
    const r = place.getBoundingClientRect();
    const top = r.top + scrollY, left = r.left + scrollX;
    const w = Math.max(0, Math.min(left + r.width, width) - Math.max(left, 0));
    const h = Math.max(0, Math.min(top + r.height, height) - Math.max(top, 0));
    share = Math.max(share, (w * h) / (width * height));
    const MAIN = "main, [role=main], [role=feed]";
    if (r.width > 1 && r.height > 1 && (place.matches(MAIN) || place.querySelector(MAIN))) main = true;
  }
  return { marks: marks.length, share, main, words: contentWords(null) };
}`;

/**
 * In a frame of the page, given the part of it the picture holds (its own pixels, l t r b): how
 * many words it shows there outside its shell, as LOADING_PLACE counts the page's, up to 200, and
 * whether a picture of 48 px or more that came is there (an embedded post's photo).
 */
export const FRAME_CONTENT = String.raw`(view) => {
  ${CONTENT_WORDS}
  const inView = (r) => r.width > 0 && r.height > 0 && r.right > view.l && r.left < view.r && r.bottom > view.t && r.top < view.b;
  let picture = false;
  // Not a canvas or a drawing: a widget's spinner is often one.
  for (const m of document.querySelectorAll("img, video")) {
    const r = m.getBoundingClientRect();
    if (r.width < 48 || r.height < 48 || !inView(r) || (m.tagName === "IMG" && !(m.complete && m.naturalWidth > 0))) continue;
    if (m.checkVisibility && !m.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    picture = true;
    break;
  }
  return { words: contentWords(inView), picture };
}`;

/** How long a page with little text and no loading indicator must stay unchanged to be taken as it is. */
const QUIET_LITTLE_MS = 3000;

/**
 * Waits until the page shows something to archive: some visible text, or a picture or video
 * of a fair size (an image, or an element with a background image), and no loading indicator. A page that builds itself from script (after a spinner, after fetching its
 * feed) is still empty when the network and the layout first go quiet. Resolves true when
 * content is there, false at `capMs`.
 */
export const WAIT_FOR_CONTENT = String.raw`(capMs) => new Promise((resolve) => {
  ${HELPERS}
  ${LOADING}
  const start = performance.now();
  // A page shell (a header, a menu) is text enough, but a loading indicator in the first screen,
  // where the feed will be, says the page is still coming. One further down is a feed's loader
  // for its next batch (always there at its end), which the scroll waits for.
  const has = () => {
    const b = document.body;
    if (!b) return false;
    let chars = (b.innerText || "").replace(/\s+/g, "").length;
    // innerText leaves out what web components show from their shadow roots.
    for (let i = 0, hosts = [...b.querySelectorAll("*")].filter((e) => e.shadowRoot); chars < 30 && i < hosts.length; i++) {
      const root = hosts[i].shadowRoot;
      for (const e of root.querySelectorAll("*")) if (e.shadowRoot) hosts.push(e);
      chars += [...root.children].map((c) => (c.innerText || "").replace(/\s+/g, "").length).reduce((a, x) => a + x, 0);
    }
    if (chars >= 30) return true;
    // A large frame (an embedded post, a frameset's pages) is content whose words this frame cannot
    // read; whether it showed anything is judged on the picture and all frames' words afterwards.
    for (const m of document.querySelectorAll("img, video, canvas, svg, iframe, frame, embed, object")) {
      const r = m.getBoundingClientRect();
      if (r.width >= 200 && r.height >= 150 && (m.tagName !== "IMG" || m.complete && m.naturalWidth > 0)) return true;
    }
    // Pictures set as CSS backgrounds (a photo grid of tiles). Reached only on a page with almost no
    // text and no pictures, so the page is small; the first 3000 elements are plenty.
    const all = b.getElementsByTagName("*");
    for (let i = 0; i < all.length && i < 3000; i++) {
      const el = all[i];
      if (!/url\(/.test(getComputedStyle(el).backgroundImage)) continue;
      const r = el.getBoundingClientRect();
      if (r.width >= 200 && r.height >= 150) return true;
    }
    return false;
  };
  // At the bound: "loading" while a loading indicator still shows, "little" for a page that simply has
  // little on it (a heading alone), which is no page still coming.
  // A page that has not changed for a while, with no loading indicator, is a page with little on it,
  // not one still coming: a small static page waited the whole bound for words that never come.
  let changed = performance.now();
  const watch = new MutationObserver(() => { changed = performance.now(); });
  if (capMs > 0) watch.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  const done = (v) => { watch.disconnect(); resolve(v); };
  const tick = () => {
    const busy = loading(-Infinity, innerHeight);
    if (has() && !busy) { done(true); return; }
    if (performance.now() - start >= capMs) { done(busy ? "loading" : "little"); return; }
    if (!busy && document.readyState === "complete" && performance.now() - changed >= ${QUIET_LITTLE_MS}) { done("little"); return; }
    ${OWN_TIMEOUT}(tick, 100);
  };
  tick();
})`;

/**
 * The page's text and title, for a platform's notice that the account is not there (checkNotFound),
 * without its navigation and footer, and without the words of its posts, comments and quotations: a
 * resident's comment that quotes the notice ("it only said "Det här innehållet är inte
 * tillgängligt"") is no notice of the platform's.
 */
export const NOTICE_TEXT = String.raw`(maxText) => {
  if (!document.body) return { text: "", title: document.title };
  const take = (text, sel) => {
    for (const el of document.body.querySelectorAll(sel)) {
      if (el.parentElement && el.parentElement.closest(sel)) continue;
      const said = (el.innerText || "").trim();
      if (said) text = text.replace(said, "\n");
    }
    return text;
  };
  let text = document.body.innerText;
  // A feed's page of much text is no notice page, whatever its navigation and footer hold.
  if (text.length > maxText * 20) return { text, title: document.title };
  // The platform's own navigation and footer (a notice page keeps them, with thousands of characters
  // of links and legal text) are not what the page says: the notice is measured without them.
  text = take(text, "footer, nav, aside, [role=navigation], [role=contentinfo], [role=complementary]");
  // A page of more text than a notice is no notice page, posts or not (and is not walked for them).
  if (text.replace(/\s+/g, " ").trim().length > maxText) return { text, title: document.title };
  text = take(text, "article, blockquote, q, [role=article], [role=comment], [itemprop=comment], [itemtype*='Comment']");
  return { text, title: document.title };
}`;

/**
 * The page's language (its html lang) and whether it has a dark look of its own for visitors whose
 * system asks for one: the record is taken in the light look, and the sheet says the other exists.
 * Found from a color-scheme that names dark, or a style rule or sheet for prefers-color-scheme: dark;
 * a sheet from another site cannot be read, so a dark look only such a sheet has is not seen.
 */
export const PAGE_LOOKS = String.raw`() => {
  const DARK = /prefers-color-scheme\s*:\s*dark/i;
  const meta = (document.querySelector('meta[name="color-scheme"]') || { getAttribute: () => "" }).getAttribute("content") || "";
  const scheme = getComputedStyle(document.documentElement).colorScheme || "";
  // Dark and nothing else (color-scheme: dark, "only dark"): every visitor sees the page dark.
  const only = (s) => /dark/i.test(s) && !/light/i.test(s);
  if (only(meta) || only(scheme)) return { language: document.documentElement.lang || "", darkLook: "only" };
  let dark = /dark/i.test(meta) || /dark/.test(scheme);
  const walk = (rules, depth) => {
    for (const rule of rules) {
      if (dark || depth > 5) return;
      if (rule.media && DARK.test(rule.media.mediaText || "")) dark = true;
      else if (rule.cssRules) walk(rule.cssRules, depth + 1);
    }
  };
  for (const sheet of document.styleSheets) {
    if (dark) break;
    try {
      if (sheet.media && DARK.test(sheet.media.mediaText || "")) dark = true;
      else walk(sheet.cssRules, 0);
    } catch { /* a sheet from another site: its rules cannot be read */ }
  }
  return { language: document.documentElement.lang || "", darkLook: dark ? "also" : null };
}`;

/**
 * What the record should say of the page as it was taken, though nothing is wrong with the picture:
 * how much of the page (`height` px high, as taken) is drawn on canvases, whose words cannot be
 * searched; and the words of a "show more posts" button at the feed's end, behind which the feed
 * goes on where a visitor who does not press it never sees.
 */
export const PAGE_NOTES = String.raw`(height) => {
  ${HELPERS}
  const width = Math.max(document.documentElement.scrollWidth, innerWidth);
  // The words and pictures of posts built as web components are in their shadow roots: each look
  // below walks those too.
  const roots = shadowRoots();
  let drawn = 0;
  for (const c of deepAll("canvas")) {
    if (!isShown(c)) continue;
    const r = c.getBoundingClientRect();
    const top = r.top + scrollY;
    drawn += Math.max(0, Math.min(r.right + scrollX, width) - Math.max(r.left + scrollX, 0)) * Math.max(0, Math.min(top + r.height, height) - Math.max(top, 0));
  }
  // More posts, not more of one post's text: "Visa mer" and "See more" open a shortened post.
  // A bare "Näytä lisää" is Finnish for "Visa mer" (Facebook's own "See more" under a post), not a feed's.
  const MORE = /^(visa|läs in|ladda|hämta|se) (fler|äldre|tidigare)( inlägg| poster| nyheter| händelser| evenemang| aktiviteter| artiklar| videor| bilder| resultat)?$|^(ladda|läs in|hämta) mer$|^(fler|äldre|tidigare) (inlägg|evenemang|händelser)$|^load (more|older)( posts| stories| videos| photos| results| updates| events)?$|^(show|see|view) (more|older|earlier) (posts|stories|videos|photos|results|updates|events)$|^(show|see|view) older$|^(more|older) posts$|^lataa lisää( julkaisuja| viestejä| uutisia| videoita| kuvia| tapahtumia)?$|^näytä lisää (julkaisuja|viestejä|uutisia|videoita|kuvia|tapahtumia)$|^(näytä )?(vanhemmat|aiemmat) (julkaisut|viestit|uutiset|tapahtumat)$|^lisää (julkaisuja|tapahtumia)$/i;
  // Tornedalen's pages say it in both languages on one button: "Näytä lisää / Visa äldre inlägg".
  const says = (label) => label.split(/\s+[\/|·•]\s+/).some((part) => MORE.test(part));
  let more = null;
  // Where the page's content ends: a page of a few posts is as tall as the window, its end far above
  // the window's foot, and a button under its last post read as one half-way down a page.
  let contentEnd = 0;
  for (const ends of document.body ? textWalksOf(document.body, roots) : []) for (let n = ends.nextNode(); n; n = ends.nextNode()) {
    if (!n.data.trim() || !n.parentElement) continue;
    const r = n.parentElement.getBoundingClientRect();
    if (r.height > 0 && r.width > 0) contentEnd = Math.max(contentEnd, r.bottom + scrollY);
  }
  for (const m of deepAll("img, video, canvas, svg, iframe")) {
    const r = m.getBoundingClientRect();
    if (r.height > 0 && r.width > 0) contentEnd = Math.max(contentEnd, r.bottom + scrollY);
  }
  const end = contentEnd > 0 ? Math.min(height, contentEnd) : height;
  // The words below a button that are not the page's foot, side or menus: a feed going on below it
  // has them; a feed's end has none, however tall the footer under it.
  const FOOT = "footer, nav, aside, [role=contentinfo], [role=navigation], [role=complementary]";
  const body = [];
  for (const feet of document.body ? textWalksOf(document.body, roots) : []) for (let n = feet.nextNode(); n; n = feet.nextNode()) {
    const t = n.data.trim();
    if (!t || !n.parentElement || deepClosest(n.parentElement, FOOT)) continue;
    const r = n.parentElement.getBoundingClientRect();
    if (r.height > 0 && r.width > 0) body.push({ top: r.top + scrollY, length: t.length });
  }
  const wordsBelow = (y) => body.reduce((sum, w) => sum + (w.top >= y ? w.length : 0), 0);
  for (const b of clickables('button, [role="button"], a, input[type="button"], input[type="submit"]')) {
    const label = labelOf(b);
    if (!says(label) || !isShown(b) || overlayOf(b)) continue;
    const r = b.getBoundingClientRect();
    // At the feed's end: in the lower part of the page as taken, not a "show more" under the first post
    // with the feed going on below it. On a page of a few posts, shorter than a screen or two, the end
    // may stand half-way down: what is below it is then the page's foot, not more of the feed.
    const bottom = r.bottom + scrollY;
    if (bottom < end * 0.6 && !(end > 2500 && end - bottom <= 1500) && end - bottom > 600 && wordsBelow(bottom) >= 300) continue;
    more = label;
  }
  // A box in the page that scrolls by itself (a feed of its own, 700 px high in a page that scrolls
  // too; a row of pinned posts scrolled sideways) and holds more words than it shows: the record
  // shows what is in view in it. A menu or tab list scrolled sideways, and the short links of a row
  // of chips, are the site's navigation, not more of the page's content (NOT_POSTS).
  ${NOT_POSTS}
  let scrollBox = false;
  // The body is such a box when the html element does not let it scroll the window (html with an
  // overflow of its own, "overflow-y: hidden" to stop the page scrolling down): a page laid out
  // sideways then scrolls in its body, and every word right of the window is missing from the picture.
  const htmlCs = getComputedStyle(document.documentElement);
  const bodyBox = document.body && (htmlCs.overflowX !== "visible" || htmlCs.overflowY !== "visible") ? document.body : null;
  for (const el of document.body ? [...(bodyBox ? [bodyBox] : []), ...deepAll(${JSON.stringify(BOX_TAGS)})] : []) {
    const down = el.clientHeight >= 100 && el.clientWidth >= 150 && el.scrollHeight - el.clientHeight >= 100;
    const across = el.clientWidth >= 200 && el.clientHeight >= 60 && el.scrollWidth - el.clientWidth >= 200;
    if (!down && !across) continue;
    const cs = getComputedStyle(el);
    const scrollsDown = down && /auto|scroll/.test(cs.overflowY), scrollsAcross = across && /auto|scroll/.test(cs.overflowX);
    if ((!scrollsDown && !scrollsAcross) || !isShown(el) || inNavigation(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.top + scrollY >= height) continue;
    // Words beyond its lower or right edge (a post's worth), not only pictures or padding.
    let hidden = 0;
    for (const walk of textWalksOf(el, roots)) for (let n = walk.nextNode(); n && hidden < 60; n = walk.nextNode()) {
      const p = n.parentElement;
      if (p && inShortLink(p, el)) continue;
      const b = p && p.getBoundingClientRect();
      if (b && ((scrollsDown && b.top >= r.bottom) || (scrollsAcross && b.left >= r.right))) hidden += n.data.trim().length;
    }
    // In the body, any word out of view is the page's own text lost; in a box of the page, a post's worth.
    if (hidden >= (el === bodyBox ? 1 : 60)) { scrollBox = true; break; }
  }
  // Words laid out below the end of the page as taken, in boxes no scroll reaches (html and body
  // overflow: hidden, posts moved by the page itself at a turn of the wheel): a post's worth or more.
  // Not words in a box that scrolls (said as box-scrolls-separately), nor in one fixed to the screen
  // (a chat widget's messages, moved below the content with it).
  let beyond = 0;
  const inBox = (p) => {
    for (let n = p; n && n !== document.body && n !== document.documentElement; n = parentOf(n)) {
      const cs = getComputedStyle(n);
      if (/auto|scroll|overlay/.test(cs.overflowY) || cs.position === "fixed") return true;
    }
    return false;
  };
  for (const walk of document.body ? textWalksOf(document.body, roots) : []) for (let n = walk.nextNode(); n && beyond < 200; n = walk.nextNode()) {
    const p = n.parentElement;
    if (!p || !n.data.trim()) continue;
    const b = p.getBoundingClientRect();
    if (b.top + scrollY < height || b.height === 0 || !isShown(p) || inBox(p)) continue;
    beyond += n.data.trim().length;
  }
  return { canvasShare: width * height ? Math.min(1, drawn / (width * height)) : 0, moreButton: more, scrollBox, beyondEnd: beyond >= 200 };
}`;

/** The share of the first screen that shown canvases cover: a page drawn on a canvas has no words to count. */
export const CANVAS_SHARE = String.raw`() => {
  const area = innerWidth * innerHeight;
  let covered = 0;
  for (const c of document.querySelectorAll("canvas")) {
    if (c.checkVisibility && !c.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const r = c.getBoundingClientRect();
    covered += Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0)) * Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
  }
  return area ? Math.min(1, covered / area) : 0;
}`;

/**
 * Which of the given characters (`chars`, distinct, from the page's words) no font available to the
 * browser can draw: the picture shows an empty box for each, while the text layer has them. Each is
 * drawn on a canvas in the font of the first element that shows it (a web font may have it where no
 * font of the machine does) and compared with a noncharacter, which no font has: the same pixels and
 * width are the same "missing" box. Left out, as no font draws them on their own or none can be
 * installed for them: spaces, controls and invisible marks, combining marks and variation selectors
 * (drawn on the letter before them), unassigned code points and the private use areas (an icon
 * font's pictures). At most `most` are drawn, so a page in Chinese costs a moment, not seconds.
 */
export const GLYPHS_MISSING = String.raw`(chars, most) => {
  const NOT_ON_ITS_OWN = /[\p{Z}\p{C}\p{M}]/u;
  const todo = chars.filter((c) => !NOT_ON_ITS_OWN.test(c)).slice(0, most);
  if (!todo.length) return [];
  const holder = document.body || document.documentElement;
  const fontOf = (el) => { const cs = getComputedStyle(el); return cs.fontStyle + " " + cs.fontWeight + " 40px " + cs.fontFamily; };
  const fonts = new Map();
  const want = new Set(todo);
  const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n && fonts.size < want.size; n = walker.nextNode()) {
    if (!n.parentElement) continue;
    let font = null;
    for (const c of n.data) if (want.has(c) && !fonts.has(c)) fonts.set(c, font || (font = fontOf(n.parentElement)));
  }
  // A frame's words, or a closed shadow root's: the page's own font, as the machine's fonts are what matter.
  const pageFont = fontOf(holder);
  const canvas = document.createElement("canvas");
  canvas.width = 120; canvas.height = 64;
  const g = canvas.getContext("2d", { willReadFrequently: true });
  if (!g) return [];
  const drawn = (font, c) => {
    g.font = font;
    g.textBaseline = "middle";
    g.clearRect(0, 0, canvas.width, canvas.height);
    g.fillText(c, 8, 32);
    return { width: g.measureText(c).width, alpha: g.getImageData(0, 0, canvas.width, canvas.height).data };
  };
  const same = (a, b) => {
    if (Math.abs(a.width - b.width) > 0.01) return false;
    for (let i = 3; i < a.alpha.length; i += 4) if (a.alpha[i] !== b.alpha[i]) return false;
    return true;
  };
  const boxes = new Map();
  const missing = [];
  for (const c of todo) {
    const font = fonts.get(c) || pageFont;
    let box = boxes.get(font);
    if (!box) boxes.set(font, box = drawn(font, "\uFFFF"));
    if (same(drawn(font, c), box)) missing.push(c);
  }
  return missing;
}`;

/** Calls a page-script string with JSON arguments. */
export function call(script: string, ...args: unknown[]): string {
  return `(${script})(${args.map((a) => JSON.stringify(a)).join(", ")})`;
}

/**
 * Hides (true) or shows again (false) what is fixed or sticky on the page, so that it does not lie
 * over a frame scrolled into view to be drawn (see patchFramesOutOfSight in snapshot.ts).
 */
export const HIDE_FIXED = String.raw`(hide) => {
  const mark = "data-somarkiv-hidden";
  if (!hide) {
    for (const el of document.querySelectorAll("[" + mark + "]")) { el.style.removeProperty("visibility"); el.removeAttribute(mark); }
    return 0;
  }
  let n = 0;
  for (const el of document.body ? document.body.querySelectorAll("*") : []) {
    const p = getComputedStyle(el).position;
    if (p !== "fixed" && p !== "sticky") continue;
    el.setAttribute(mark, "");
    el.style.setProperty("visibility", "hidden", "important");
    n++;
  }
  return n;
}`;

/**
 * What the picture and its words cannot hold: where each shown link leads (its words are in the
 * record, its address is not; a link no visitor sees, hidden until focused, is not shown) and what each shown picture's alternative text says (words the
 * organisation published for those who cannot see it). Within the captured height, in page order,
 * each once, at most 1,000 of each; words cut at 300 characters.
 */
export const PAGE_REFERENCES = String.raw`(height) => {
  ${HELPERS}
  const words = (s) => (s || "").replace(/\s+/g, " ").trim().slice(0, 300);
  const within = (el) => { const r = el.getBoundingClientRect(); return r.top + scrollY < height; };
  // A link hidden from the eye until it is focused (a skip link "Hoppa till innehållet"): clipped to
  // a pixel or to nothing, by itself or a box around it, or set off the page above or to its left,
  // where no scroll reaches. One below the window, or scrolled out of a box, is seen by scrolling.
  const all = { l: -1e9, t: -1e9, r: 1e9, b: 1e9 };
  ${CLIP_OF}
  const hiddenFromEye = (a) => {
    const c = clipOf(a), r = a.getBoundingClientRect();
    return c.r - c.l <= 1 || c.b - c.t <= 1 || r.right + scrollX <= 0 || r.bottom + scrollY <= 0;
  };
  // A picture written into the page (data:) would put its whole content in the manifest: its kind is enough.
  const address = (u) => /^data:/i.test(u) ? u.slice(0, Math.max(5, u.indexOf(",") + 1)) + "…" : u.slice(0, 2000);
  const links = [], pictures = [], seen = new Set();
  for (const a of deepAll("a[href]")) {
    if (links.length >= 1000) break;
    const href = a.href;
    if (!/^(https?|mailto|tel):/i.test(href) || !isShown(a) || !within(a) || hiddenFromEye(a)) continue;
    const text = words(a.innerText || a.getAttribute("aria-label") || a.getAttribute("title"));
    const key = text + "\n" + href;
    if (seen.has(key)) continue;
    seen.add(key);
    links.push({ text, url: address(href) });
  }
  // Every picture shown, with its alternative text or none: on a page of pictures only, their
  // addresses are all the record holds beside the picture. One that did not load (a broken
  // address, or one that never came) shows only its alternative text, or nothing, and is said to be missing.
  for (const img of deepAll("img")) {
    if (pictures.length >= 1000) break;
    const alt = words(img.getAttribute("alt"));
    const url = address(img.currentSrc || img.src || "");
    if (!url || !isShown(img) || !within(img)) continue;
    const key = alt + "\n" + url;
    if (seen.has(key)) continue;
    seen.add(key);
    pictures.push({ alt, url, ...(img.naturalWidth === 0 ? { missing: true } : {}) });
  }
  return { links, pictures };
}`;
