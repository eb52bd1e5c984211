/**
 * Which answer is the document's, told the events of the main frame in either order: the answer
 * before the document is shown, as the browser usually reports them, and after it. The second order
 * is one a busy machine may give (the network's report and the page's come from different parts of
 * the browser). Under load unseen.test.ts's check page that moves on to a 404 once gave a snapshot.
 */
import { describe, expect, it } from "vitest";
import { DocumentAnswers, type NavigationAnswer } from "../../src/capture/document-answer.ts";

const answer = (url: string, status: number): NavigationAnswer => ({ url: () => url, status: () => status });
const CHECK = "http://127.0.0.1:8080/capture/unseen-check-passes.html";
const GONE = "http://127.0.0.1:8080/capture/finns-inte.html";

function openedCheck(): DocumentAnswers<NavigationAnswer> {
  const d = new DocumentAnswers<NavigationAnswer>();
  d.asked();
  d.answered(answer(CHECK, 200));
  d.shown(CHECK);
  return d;
}

describe("the answer of the document the page shows", () => {
  it("is the answer that came before the document was shown", () => {
    const d = openedCheck();
    d.asked();
    d.answered(answer(GONE, 404));
    expect(d.current?.status()).toBe(200);
    d.shown(GONE);
    expect(d.current?.status()).toBe(404);
  });

  it("is an answer that came only after its document was shown, as a busy machine gives it", () => {
    const d = openedCheck();
    d.asked();
    d.shown(GONE);
    d.answered(answer(GONE, 404));
    expect(d.current?.url()).toBe(GONE);
    expect(d.current?.status()).toBe(404);
  });

  it("is an error answer that came after the browser's own error page was shown for it", () => {
    const d = openedCheck();
    d.asked();
    d.shown("chrome-error://chromewebdata/");
    d.answered(answer(GONE, 500));
    expect(d.current?.status()).toBe(500);
  });

  it("stays the page's own when a navigation became a download, never shown", () => {
    const d = openedCheck();
    d.asked();
    d.answered(answer("http://127.0.0.1:8080/bilaga.pdf", 200));
    expect(d.current?.url()).toBe(CHECK);
  });

  it("is not a late answer's of an address the page only changed to by script (pushState) before another navigation", () => {
    const d = openedCheck();
    d.shown("http://127.0.0.1:8080/capture/flik-2");
    d.asked();
    d.answered(answer("http://127.0.0.1:8080/capture/flik-2", 200));
    // The navigation asked for after the address change went to a download: never shown.
    expect(d.current?.url()).toBe(CHECK);
  });

  it("skips a redirect and an answer that leaves the page as it was (204)", () => {
    const d = openedCheck();
    d.asked();
    d.shown(GONE);
    d.answered(answer(GONE, 302));
    d.answered(answer(GONE, 204));
    expect(d.current?.url()).toBe(CHECK);
    d.answered(answer(GONE, 404));
    expect(d.current?.status()).toBe(404);
  });
});
