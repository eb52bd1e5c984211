/**
 * Consent and cookie dialogs. First DuckDuckGo's maintained rule set (autoconsent), which
 * knows Facebook, Instagram, YouTube and hundreds of consent platforms and opts out; then
 * a generic fallback that presses a decline button by its text in every frame, and as a
 * last resort an accept button.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type { BrowserContext, Frame, Page } from "playwright-core";
import { filterCompactRules } from "@duckduckgo/autoconsent";
import { ACCEPT_TEXTS, CLOSE_TEXTS, DECLINE_TEXTS, SAVE_TEXTS, SETTINGS_TEXTS, buttonsSaid, consentOutcome, ruleAnsweredOnItsOwnPage } from "./decisions.ts";
import { CHOICES_ELSEWHERE, CONSENT_DIALOG_VISIBLE, CONSENT_DOCUMENT, LAYOUT_QUIET, PRESS_CONSENT_BUTTON, PRESS_CONSENT_CLOSE_ICON, SAVE_WITH_OPTIONAL_OFF, UNSAVED_CHOICES, call } from "./page-scripts.ts";
import type { ConsentOutcome } from "./types.ts";
import { sleep } from "./browser.ts";
import { askFrame } from "./frames.ts";

const require = createRequire(import.meta.url);
let contentScript: string | null = null;
let compactRules: unknown = null;

function autoconsentAssets(): { script: string; rules: unknown } {
  if (contentScript === null) {
    const dist = require.resolve("@duckduckgo/autoconsent/rules/compact-rules.json");
    compactRules = JSON.parse(fs.readFileSync(dist, "utf8"));
    contentScript = fs.readFileSync(require.resolve("@duckduckgo/autoconsent").replace(/autoconsent\.(cjs|esm)\.js$/, "autoconsent.playwright.js"), "utf8");
  }
  return { script: contentScript, rules: compactRules };
}

const AUTOCONSENT_CONFIG = {
  enabled: true,
  autoAction: "optOut",
  disabledCmps: [],
  enablePrehide: false,
  enableCosmeticRules: true,
  enableGeneratedRules: true,
  enableHeuristicDetection: false,
  detectRetries: 8,
  // The content script is an init script in the page's own world, so autoconsent can run its
  // checks (window.OneTrust and the like) in place; otherwise each one is a round trip through
  // Node, two browser calls, 21–27 per capture.
  isMainWorld: true,
  logs: { lifecycle: false, rulesteps: false, detectionsteps: false, evals: false, errors: false, messages: false, waits: false },
};

type CompactRules = Parameters<typeof filterCompactRules>[0];

/**
 * The answer to autoconsent's "init" from a frame: its settings and the rules for the frame's
 * address, as the JSON sent. `filterCompactRules` compiles every rule's address pattern anew for
 * each frame (a few hundred regular expressions), and the answer, some tens of kilobytes, is made
 * into JSON each time; every capture asks at least twice. The answer depends on the address only
 * through which of those patterns match it, so that set, with the kind of frame, names a kept one.
 * The rules are autoconsent's one bundled set, the same for the whole process, so they are not part of the key.
 */
const initAnswers = new Map<string, string>();
let urlPatterns: Array<[number, RegExp]> | null = null;

export function initAnswer(rules: CompactRules, url: string, mainFrame: boolean): string {
  const make = () => JSON.stringify({ type: "initResp", config: AUTOCONSENT_CONFIG, rules: { compact: filterCompactRules(rules, { url, mainFrame }) } });
  if (urlPatterns === null) {
    try {
      urlPatterns = [];
      (rules.r as unknown[][]).forEach((rule, i) => {
        const pattern = rule[3];
        if (typeof pattern === "string" && pattern !== "") urlPatterns!.push([i, new RegExp(pattern)]);
      });
    } catch {
      urlPatterns = null;
      return make(); // a pattern that does not compile: leave every answer to autoconsent itself
    }
  }
  const key = `${mainFrame ? "main" : "frame"}:${urlPatterns.filter(([, re]) => re.test(url)).map(([i]) => i).join(",")}`;
  let answer = initAnswers.get(key);
  if (answer === undefined) {
    if (initAnswers.size >= 64) initAnswers.clear();
    answer = make();
    initAnswers.set(key, answer);
  }
  return answer;
}

interface AutoconsentMessage {
  type: string;
  id?: string;
  code?: string;
  url?: string;
  cmp?: string;
  result?: boolean;
  isCosmetic?: boolean;
  instanceId?: string;
  state?: { lifecycle?: string; findCmpAttempts?: number };
}

/** autoconsent's count of looks when its first look for a dialog has come up empty. */
const LOOKS = 2;

/** States in which autoconsent has finished with a frame. */
const FINISHED = new Set(["nothingDetected", "done"]);

/** What autoconsent reported, gathered from every frame of one capture. */
export class AutoconsentTracker {
  detected: string[] = [];
  popups: string[] = [];
  optedOut = false;
  cosmetic = false;
  failed = false;
  done = false;
  private lastEvent = Date.now();
  /** The top document the rule set first found a question in: its address and autoconsent's instance in it. */
  private askedOn?: { url: string; instanceId: string | undefined };
  /**
   * The state of autoconsent in each frame and how many times it has looked for a dialog. By
   * frame, not by instance: a frame that navigates (from about:blank to the page) starts a new
   * instance, and the old one, which never finishes, no longer counts.
   */
  private frames = new Map<Frame, { instanceId: string; lifecycle: string; attempts: number }>();

  /** The capture starts now: a tracker made ready ahead (a spare context) counts its quiet from here. */
  begin(): void {
    this.lastEvent = Date.now();
  }

  /** Whether the rule set answered the question on a consent page of its own, which led on to the page now shown (ruleAnsweredOnItsOwnPage). */
  answeredOnItsOwnPage(page: Page): boolean {
    if (!this.optedOut || !this.askedOn) return false;
    const main = page.mainFrame();
    return ruleAnsweredOnItsOwnPage({ askedAt: this.askedOn.url, askedIn: this.askedOn.instanceId, nowAt: main.url(), nowIn: this.frames.get(main)?.instanceId });
  }

  /** Installs the content script in every frame of the context; call before the first page opens. */
  async install(context: BrowserContext): Promise<void> {
    const { script, rules } = autoconsentAssets();
    await context.exposeBinding("autoconsentSendMessage", async ({ frame }: { frame: Frame }, msg: AutoconsentMessage) => {
      // Reports repeat on every detection retry; only a change of state is news.
      if (msg.type === "report") {
        const lifecycle = msg.state?.lifecycle ?? "";
        if (!msg.instanceId) return;
        const known = this.frames.get(frame);
        const same = known?.instanceId === msg.instanceId;
        if (!same || known?.lifecycle !== lifecycle) this.lastEvent = Date.now();
        this.frames.set(frame, { instanceId: msg.instanceId, lifecycle, attempts: msg.state?.findCmpAttempts ?? (same ? known.attempts : 0) });
        return;
      }
      this.lastEvent = Date.now();
      try {
        await this.onMessage(frame, msg, rules);
      } catch {
        // The frame went away while we answered; nothing to do for a vanished frame.
      }
    });
    await context.addInitScript({ content: script });
  }

  private async onMessage(frame: Frame, msg: AutoconsentMessage, rules: unknown): Promise<void> {
    switch (msg.type) {
      case "init":
        await frame.evaluate(`autoconsentReceiveMessage(${initAnswer(rules as CompactRules, frame.url(), frame.parentFrame() === null)})`);
        break;
      case "eval": {
        let result: unknown = false;
        try {
          result = await frame.evaluate(msg.code ?? "false");
        } catch {
          result = false;
        }
        await frame.evaluate(`autoconsentReceiveMessage(${JSON.stringify({ id: msg.id, type: "evalResp", result })})`);
        break;
      }
      case "cmpDetected":
        if (msg.cmp) this.detected.push(msg.cmp);
        break;
      case "popupFound":
        if (msg.cmp) this.popups.push(msg.cmp);
        // Where the top document's question was found: read now, as the rule set's answer may lead away at once.
        if (frame.parentFrame() === null) this.askedOn ??= { url: frame.url(), instanceId: this.frames.get(frame)?.instanceId };
        break;
      case "optOutResult":
        if (msg.result) this.optedOut = true;
        else this.failed = true;
        break;
      case "autoconsentDone":
        this.done = true;
        if (msg.isCosmetic) this.cosmetic = true;
        break;
    }
  }

  /**
   * Waits until autoconsent has finished with a popup it found; or, when it found none, until
   * every frame has finished, or has finished a whole look over its rules (it starts a new
   * look only after the previous one came up empty): a dialog that is there once the page has
   * settled is found by that look. It keeps looking in the background, and the button
   * fallback below handles a late dialog. Otherwise until it has been quiet for a while.
   */
  async settle(deadline: number, quietMs = 1000): Promise<void> {
    while (Date.now() < deadline) {
      const working = (this.popups.length > 0 || this.detected.length > 0) && !this.done && !this.failed;
      if (working && Date.now() - this.lastEvent <= quietMs) { await sleep(50); continue; }
      if (this.popups.length > 0 && !this.done && !this.failed) { await sleep(50); continue; }
      const states = [...this.frames.entries()].filter(([f]) => !f.isDetached()).map(([, st]) => st);
      if (states.length > 0 && states.every((st) => FINISHED.has(st.lifecycle) || (st.lifecycle === "started" && st.attempts >= LOOKS))) return;
      if (Date.now() - this.lastEvent > quietMs) return;
      await sleep(50);
    }
  }
}

async function pressInFrames(page: Page, texts: string[], script = PRESS_CONSENT_BUTTON, ...more: unknown[]): Promise<string | null> {
  for (const frame of page.frames()) {
    // A frame that detaches while we look, or does not answer, has no dialog to press.
    const label = await askFrame<string | null>(frame, call(script, texts, ...more), null);
    if (label) return label;
  }
  return null;
}

/** Every label a consent dialog's buttons may have. */
const ANSWER_TEXTS = [...DECLINE_TEXTS, ...ACCEPT_TEXTS, ...SETTINGS_TEXTS, ...SAVE_TEXTS];
/** The answers to the question itself, on its first layer: a decline or an accept. */
const QUESTION_TEXTS = [...DECLINE_TEXTS, ...ACCEPT_TEXTS];

export async function consentDialogVisible(page: Page): Promise<boolean> {
  for (const frame of page.frames()) {
    if (await askFrame(frame, call(CONSENT_DIALOG_VISIBLE, ANSWER_TEXTS, DECLINE_TEXTS, false, QUESTION_TEXTS), false)) return true;
  }
  return false;
}

/**
 * Whether the top document is a consent page of its own (CONSENT_DOCUMENT), with a decline or an
 * accept among its buttons: no dialog over a page, so consentDialogVisible does not see it, but a
 * question to answer all the same. One that offers only "Godkänn alla" was left unanswered and the
 * capture said no dialog was found, while the picture would have been of the consent page.
 */
async function consentPageShown(page: Page): Promise<boolean> {
  const buttons = await page.evaluate(call(CONSENT_DOCUMENT, [...DECLINE_TEXTS, ...ACCEPT_TEXTS])).catch(() => null);
  return Array.isArray(buttons);
}

/**
 * The shown labels of the buttons of the consent dialog shown in the page (at most 6, each cut at 40
 * characters), or null when none is shown: the words of a dialog left over the page, which may be
 * words somarkiv does not know.
 */
export async function consentButtonsShown(page: Page): Promise<string[] | null> {
  for (const frame of page.frames()) {
    const seen = await askFrame<string[] | false>(frame, call(CONSENT_DIALOG_VISIBLE, ANSWER_TEXTS, DECLINE_TEXTS, true, QUESTION_TEXTS), false);
    if (Array.isArray(seen)) return seen.filter((l) => typeof l === "string" && l !== "");
  }
  return null;
}

/**
 * After a press: waits until the consent dialog is gone and the page has stopped reacting,
 * or, while a dialog is still shown (a second step, a slow script, a stuck dialog), up to
 * 600 ms as before, so that the next round does not press again too early.
 */
async function afterPress(page: Page, cap: number): Promise<void> {
  const pressedAt = Date.now();
  const stillUntil = Math.min(cap, pressedAt + 600);
  while (Date.now() < stillUntil) {
    if (!(await consentDialogVisible(page))) {
      // A second dialog may follow the first; it appears as the page reacts.
      await pageQuiet(page, 150, Math.min(cap, Date.now() + 600));
      return;
    }
    await sleep(50);
  }
}

/**
 * How long a dialog whose decline was pressed twice is given to go before accepting is tried: a
 * consent tool that sends the answer to its server before it closes takes a second or two, and
 * 600 ms after each press turned a slow decline into an acceptance.
 */
const DECLINE_GRACE_MS = 3_000;

/** Whether a consent dialog is still shown at `until`; false as soon as none is. */
async function stillShown(page: Page, until: number): Promise<boolean> {
  while (await consentDialogVisible(page)) {
    if (Date.now() >= until) return true;
    await sleep(100);
  }
  return false;
}

/** Waits in the page until no element has been added or removed and the layout is unchanged for `quietMs`, or until `until`. */
async function pageQuiet(page: Page, quietMs: number, until: number): Promise<void> {
  const capMs = until - Date.now();
  if (capMs <= 0) return;
  await page.evaluate(call(LAYOUT_QUIET, quietMs, capMs, capMs)).catch(() => undefined);
}

export interface ConsentResult {
  outcome: ConsentOutcome;
  flags: string[];
  /** Which rule or button did it, for the progress log. */
  how: string;
  /** The words of the button whose press gave the outcome ("Godkänn alla"), when a button did; for the record. */
  button?: string;
  /** The labels of the buttons of a dialog left over the page (not-dismissed), as it showed them. */
  buttonsSeen?: string[];
  /**
   * Whether the question was answered on a consent page of its own, not in a dialog over a page: `button`
   * pressed there (consentPageShown), or the rule set's answer given there (answeredOnItsOwnPage).
   */
  onPage?: true;
}

/**
 * Dismisses consent dialogs: waits for the rule set, then presses decline (or, as a last
 * resort, accept) buttons in every frame until no dialog is left or nothing more can be done.
 */
export async function dismissConsent(page: Page, tracker: AutoconsentTracker, deadline: number): Promise<ConsentResult> {
  const cap = Math.min(deadline, Date.now() + 12_000);
  await tracker.settle(cap);
  let clicked: "declined" | "accepted" | null = tracker.optedOut ? "declined" : null;
  let how = tracker.optedOut ? `rule set (${tracker.popups[0] ?? tracker.detected[0]})` : "";
  let button: string | undefined;
  // Whether the round that named `button` found the question as a page of its own, not a dialog.
  let pageShown = false, buttonOnPage = false;
  const named = (label: string) => { button = label; buttonOnPage = pageShown; };
  const flags: string[] = [];
  // Hiding a dialog without answering it gives no consent, which is what declining means for the record.
  if (tracker.cosmetic) {
    flags.push("consent-hidden");
    clicked = "declined";
    how ||= `rule set hid ${tracker.popups[0] ?? "the dialog"}`;
  }
  // A dialog whose choices were opened was there, whatever its next layer says: never "none found".
  let openedChoices = false;
  // A decline pressed twice that leaves the dialog over the page (a button that does nothing, a
  // wall whose decline reloads the page without remembering it) will not close it: accepting, the
  // last resort, is tried then rather than pressing it to the end of the rounds.
  const declinesPressed = new Map<string, number>();
  let declineFailed = false;
  // Several rounds: a dialog may have a second step, or a second dialog may come after the first.
  for (let round = 0; round < 4 && Date.now() < cap; round++) {
    // A consent page of its own is answered as a dialog is: declined where it can be, accepted as the last resort.
    const dialogShown = await consentDialogVisible(page);
    pageShown = !dialogShown && await consentPageShown(page);
    const visible = dialogShown || pageShown;
    const declined = declineFailed ? null : await pressInFrames(page, DECLINE_TEXTS, PRESS_CONSENT_BUTTON, false, true);
    if (declined) {
      clicked = clicked === "accepted" ? "accepted" : "declined";
      how ||= `button "${declined}"`;
      if (clicked === "declined" && button === undefined) named(declined);
      await afterPress(page, cap);
      const times = (declinesPressed.get(declined) ?? 0) + 1;
      declinesPressed.set(declined, times);
      if (times >= 2 && await stillShown(page, Math.min(cap, Date.now() + DECLINE_GRACE_MS))) declineFailed = true;
      continue;
    }
    if (!visible) break;
    if (declineFailed) {
      const accepted = await pressInFrames(page, ACCEPT_TEXTS);
      if (!accepted) break;
      clicked = "accepted";
      how = `"${[...declinesPressed.keys()].pop()}" did not close it; button "${accepted}"`;
      named(accepted);
      flags.push("consent-decline-not-kept");
      await afterPress(page, cap);
      continue;
    }
    // Only "accept" on the first layer: open the detailed choices, and decline or save with everything optional off.
    // Also "Inställningar eller avvisa": a settings label that names declining leads to the no.
    const opened = await pressInFrames(page, SETTINGS_TEXTS, PRESS_CONSENT_BUTTON, true, false, DECLINE_TEXTS);
    if (opened) {
      openedChoices = true;
      // The detailed layer may take a moment to appear: look for its buttons until it has had
      // as long as before (half a second), not just once, so that "accept" is never pressed early.
      const openedAt = Date.now();
      let saved: string | null = null;
      for (;;) {
        await pageQuiet(page, 150, Math.min(cap, Date.now() + 500));
        saved = await pressInFrames(page, DECLINE_TEXTS, PRESS_CONSENT_BUTTON, false, true) ?? await pressInFrames(page, SAVE_TEXTS, SAVE_WITH_OPTIONAL_OFF);
        if (saved || Date.now() - openedAt >= 500 || Date.now() >= cap) break;
        await sleep(50);
      }
      if (saved) {
        clicked = clicked === "accepted" ? "accepted" : "declined";
        how ||= `"${opened}", then "${saved}"`;
        if (clicked === "declined" && button === undefined) named(saved);
        await afterPress(page, cap);
        continue;
      }
      // Choices that could not be saved as a decline (switches whose state cannot be read, or that
      // stayed on) are choices all the same: pressing "accept all" then would tell the site yes where
      // it offered no, and the record would say it gave no choice. Left open, and said so.
      if (await pressInFrames(page, [], UNSAVED_CHOICES)) break;
    }
    // Switches for the categories beside "accept all" on the first layer: the optional ones off, then saved.
    const savedHere = await pressInFrames(page, SAVE_TEXTS, SAVE_WITH_OPTIONAL_OFF, true);
    if (savedHere) {
      clicked = clicked === "accepted" ? "accepted" : "declined";
      how ||= `optional categories off, then "${savedHere}"`;
      if (clicked === "declined" && button === undefined) named(savedHere);
      await afterPress(page, cap);
      continue;
    }
    // Asked before the accept, which may take the page (and what it remembered) away.
    const elsewhere = await pressInFrames(page, [], CHOICES_ELSEWHERE);
    const accepted = await pressInFrames(page, ACCEPT_TEXTS);
    if (accepted) {
      // Declined, and the site answered with a page of its own, or a dialog over its page, that takes
      // only a yes (or payment): a pay-or-accept wall, where the record was of the wall, said as
      // declined; the in-page one was said as "no way to decline was found", the decline pressed hidden.
      if (clicked === "declined" && (pageShown || button !== undefined)) {
        flags.push("consent-decline-walled");
        how = `"${button ?? "the decline"}" led to a ${pageShown ? "page" : "dialog"} that takes only an accept (or payment); button "${accepted}"`;
      } else {
        how = `button "${accepted}"`;
        // Its more choices were a link to a page of their own, not followed (it could lead off the
        // account): a no may lie there, and "no way to decline was found" would not be true.
        if (elsewhere) {
          flags.push("consent-choices-elsewhere");
          how += `; its more choices ("${elsewhere}") were a link to a page of their own, not followed`;
        }
      }
      clicked = "accepted";
      named(accepted);
      await afterPress(page, cap);
      continue;
    }
    const closed = await pressInFrames(page, CLOSE_TEXTS) ?? await pressInFrames(page, [], PRESS_CONSENT_CLOSE_ICON);
    if (closed) {
      clicked = clicked ?? "accepted";
      how ||= `closed the notice ("${closed}")`;
      if (button === undefined) named(closed);
      await afterPress(page, cap);
      continue;
    }
    break;
  }
  const shown = await consentButtonsShown(page);
  const outcome = consentOutcome({ clicked, dialogStillVisible: shown !== null || (openedChoices && !clicked) });
  if (outcome === "not-dismissed") flags.push("consent-not-dismissed");
  // Its words say whether it is one in a language somarkiv has no words for, or one no answer closes.
  const buttonsSeen = outcome === "not-dismissed" && shown?.length ? shown : undefined;
  how ||= outcome === "none-found" ? "no consent dialog" : "nothing worked";
  const answered = outcome === "accepted" || outcome === "declined";
  // The rule set's answer names no button, and may have been given on a page of its own that led on to this one.
  const onPage = answered && (button ? buttonOnPage : tracker.answeredOnItsOwnPage(page));
  return {
    outcome, flags, how: buttonsSeen ? `${how}; its buttons said: ${buttonsSaid(buttonsSeen)}` : how,
    ...(button && answered ? { button } : {}),
    ...(onPage ? { onPage: true as const } : {}),
    ...(buttonsSeen ? { buttonsSeen } : {}),
  };
}
