/**
 * What the intake folder's LÄS MIG counts as the accounts somarkiv keeps: an account whose closing
 * record was taken is ended, though the configuration has not yet been told (status still active).
 * A real configuration file and a real SQLite log; the guide's text as the registrar reads it.
 */
import { describe, it, expect, afterEach } from "vitest";
import { makeWorkspace, account } from "../helpers/cli.ts";
import { loadConfig } from "../../src/config/index.ts";
import { RecordLog } from "../../src/log/index.ts";
import { notYetTaken } from "../../src/record/not-yet-taken.ts";
import { folderGuide } from "../../src/intake/guide.ts";

const cleanups: Array<() => unknown> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

describe("LÄS MIG's count of the accounts kept", () => {
  it("leaves out an account whose closing record was taken while the configuration still says active", () => {
    const ws = makeWorkspace({
      organisation: { name: "Testkommunen" },
      schedule: { months: [6, 12] },
      accounts: [account("konto-a", "https://example.se/konto-a"), account("konto-b", "https://example.se/konto-b")],
    });
    cleanups.push(() => ws.cleanup());
    const config = loadConfig(ws.configPath);
    const log = RecordLog.open(ws.database);
    cleanups.push(() => log.close());
    // konto-b closed on the platform and its closing record taken (capture --final); the file not yet changed.
    log.records.insertCaptured({
      recordId: "konto-b_2026-H2_v1", accountId: "konto-b", period: "2026-H2", version: 1, final: true, capturedAt: "2026-12-01T06:00:00.000Z",
      url: "https://example.se/konto-b", finalUrl: "https://example.se/konto-b", httpStatus: 200, sha256: "c".repeat(64), bytes: 10, pages: 1,
      pdfName: "konto-b_2026-H2_v1.pdf", manifestName: "konto-b_2026-H2_v1.json", manifestSha256: "d".repeat(64), manifestBytes: 10,
      spoolDir: ws.dir, consent: "none-found", flags: [], previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
    }, []);

    const n = notYetTaken(log, config, new Date("2026-12-10T10:00:00Z"));
    expect(n.active).toBe(1);
    expect(n.accounts.map((a) => a.name)).toEqual(["Konto konto-a på Facebook"]);
    const text = folderGuide({ organisation: "Testkommunen", notYetTaken: n }).replace(/\r\n/g, "\n");
    expect(text).toContain("somarkiv bevarar 1 konto. Det har ännu ingen ögonblicksbild för halvåret 2026-H2");
    expect(text).toContain("– Konto konto-a på Facebook, https://example.se/konto-a: inte tagen än (den tas i december)");
    expect(text).not.toContain("Konto konto-b");
  });

  it("names each account with its service, as the public list does: an organisation's accounts share its name", () => {
    const ws = makeWorkspace({
      organisation: { name: "Demokommunen" },
      schedule: { months: [6, 12] },
      accounts: [
        account("fb", "https://www.facebook.com/demokommunen", { name: "Demokommunen" }),
        account("ig", "https://www.instagram.com/demokommunen", { name: "Demokommunen", platform: "instagram" }),
        account("yt", "https://www.youtube.com/@demokommunen", { name: "Demokommunen", platform: "youtube" }),
        // A name that already says its service is not given it twice; a site of another kind is its name alone.
        account("x", "https://x.com/demokommunen", { name: "Demokommunen på X", platform: "x" }),
        account("blogg", "https://blogg.demokommunen.se/", { name: "Kommunbloggen", platform: "other" }),
      ],
    });
    cleanups.push(() => ws.cleanup());
    const config = loadConfig(ws.configPath);
    const log = RecordLog.open(ws.database);
    cleanups.push(() => log.close());
    log.records.insertFailed({
      recordId: "ig_2026-H2_f1", accountId: "ig", period: "2026-H2", final: false, capturedAt: "2026-12-02T06:00:00.000Z",
      url: "https://www.instagram.com/demokommunen", finalUrl: "https://www.instagram.com/demokommunen", httpStatus: 404, reason: "http-error", error: "The page does not exist (404).",
      consent: null, flags: [], failureScreenshot: null, runId: null,
    });

    const text = folderGuide({ organisation: "Demokommunen", notYetTaken: notYetTaken(log, config, new Date("2026-12-10T10:00:00Z")) }).replace(/\r\n/g, "\n");
    expect(text).toContain([
      "  – Demokommunen på Facebook, https://www.facebook.com/demokommunen: inte tagen än (den tas i december)",
      "  – Demokommunen på Instagram, https://www.instagram.com/demokommunen: försöket 2026-12-02 misslyckades: sidan finns inte på adressen (HTTP 404): kontot kan ha bytt adress eller tagits bort",
      "  – Demokommunen på YouTube, https://www.youtube.com/@demokommunen: inte tagen än (den tas i december)",
      "  – Demokommunen på X, https://x.com/demokommunen: inte tagen än (den tas i december)",
      "  – Kommunbloggen, https://blogg.demokommunen.se/: inte tagen än (den tas i december)",
    ].join("\n"));
  });
});
