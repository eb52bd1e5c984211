import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_ARGS } from "../../src/capture/browser.ts";
import { CaptureFailure } from "../../src/capture/index.ts";
import { drawn, wakeCompositor } from "../../src/capture/snapshot.ts";

// A band Chromium does not draw (its compositor idle while the page is held still) is asked for
// again after a wake, and a browser that draws nothing fails the capture as its own fault.
describe("a band the browser does not draw", () => {
  let browser: Browser;
  beforeAll(async () => { browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS }); });
  afterAll(async () => { await browser?.close(); });

  it("is asked for again after the compositor is woken, and the picture is the page's", async () => {
    const page = await browser.newPage({ viewport: { width: 400, height: 300 } });
    await page.setContent(`<body style="margin:0;background:rgb(0,160,0)"><div style="height:2000px"></div></body>`);
    const cdp = await page.context().newCDPSession(page);
    let asked = 0, woken = 0, frameCame = false;
    const shot = await drawn(
      () => ++asked === 1
        ? new Promise<{ data: string }>(() => undefined) // the request that waits for a frame that does not come
        : cdp.send("Page.captureScreenshot", { format: "png", clip: { x: 0, y: 1000, width: 400, height: 200, scale: 1 }, captureBeyondViewport: true }),
      async () => { woken++; frameCame = await wakeCompositor(cdp, 30_000); },
      // The first request never answers, so this is what the test waits; the second is a real picture,
      // which a busy machine took longer than 300 ms to give (a clean-clone CI run, 2026-12-06).
      10_000,
    );
    expect(asked).toBe(2);
    expect(woken).toBe(1);
    expect(frameCame).toBe(true);
    const { data, info } = await sharp(Buffer.from(shot.data, "base64")).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([400, 200]);
    const mid = (100 * 400 + 200) * 3;
    expect([data[mid], data[mid + 1], data[mid + 2]]).toEqual([0, 160, 0]);
    // Woken and stopped: the page's next pictures come as before.
    const next = await cdp.send("Page.captureScreenshot", { format: "png" });
    expect(Buffer.from(next.data, "base64").length).toBeGreaterThan(0);
    await page.close();
  });

  it("takes the first request's picture when it comes after the wake", async () => {
    let release: (v: string) => void = () => undefined;
    let asked = 0;
    const got = await drawn(
      () => ++asked === 1 ? new Promise<string>((r) => { release = r; }) : new Promise<string>(() => undefined),
      async () => { release("first"); },
      300,
    );
    expect(got).toBe("first");
  });

  it("fails the capture as the browser's fault when it draws nothing, asked twice", async () => {
    let asked = 0;
    const failure = await drawn(() => { asked++; return new Promise<string>(() => undefined); }, async () => undefined, 200).catch((e: unknown) => e);
    expect(asked).toBe(2);
    expect(failure).toBeInstanceOf(CaptureFailure);
    expect((failure as CaptureFailure).reason).toBe("browser-error");
    expect((failure as CaptureFailure).message).toMatch(/^The browser did not draw the page for its picture: asked twice.*not of the site\). It will be tried again on the next run/);
  });
});
