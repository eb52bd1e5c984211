/**
 * A not-loaded failure kept in the log carries the note of the day it was said ("Note: it is before
 * 2026-H1's capture month …"). status gives it only while it is still true; records --json, --csv
 * and the plain list give it as status does, so that the registrar's CSV read in June, or a script
 * reading --json in July, does not tell of a capture month still to come that has come. A real log
 * written through its own functions, the real command line at another date (helpers/clock-at.mjs);
 * no browser.
 */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { account, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";
import { parseCsv } from "../helpers/csv.ts";
import { RecordLog } from "../../src/log/index.ts";
import { forAccount } from "../../src/capture/index.ts";
import { notLoadedMessage } from "../../src/capture/not-loaded.ts";
import { asShownBeforeCaptureMonth } from "../../src/schedule/index.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

const URL = "https://mastodon.example/@kommun";
const CLOCK = path.join(import.meta.dirname, "../helpers/clock-at.mjs");

describe("a not-loaded failure's note of the capture month, in records", () => {
  it("is given by records --json, --csv and the plain list as status gives it: while it is true, and not once the capture month has come or the half-year is over", async () => {
    const ws = makeWorkspace({ organisation: { name: "Överkalix kommun" }, accounts: [account("mastodon", URL, { platform: "mastodon" })] });
    cleanups.push(() => ws.cleanup());
    // As a capture on 10 March 2026 kept it: the command that files the page as it shows, and the
    // note that before June such a capture is a record of that day.
    const bare = forAccount(notLoadedMessage(URL), "mastodon");
    const note = asShownBeforeCaptureMonth(new Date("2026-03-10T10:00:00Z"), "2026-H1", [6, 12], "Europe/Stockholm");
    expect(bare).toMatch(/--as-shown$/);
    expect(note).toContain("Note: it is before 2026-H1's capture month");
    const stored = `${bare}. ${note}`;
    const log = RecordLog.open(ws.database);
    log.records.insertFailed({
      recordId: "mastodon_2026-H1_failed_20260310T100000Z", accountId: "mastodon", period: "2026-H1", final: false, capturedAt: "2026-03-10T10:00:00.000Z",
      url: URL, finalUrl: URL, httpStatus: 200, reason: "not-loaded", error: stored, consent: null, flags: [], failureScreenshot: null, runId: null,
    });
    log.close();

    const at = async (clock: string) => {
      const env = { NODE_OPTIONS: `--import ${CLOCK}`, CLOCK_AT: clock };
      const json = await runCli(["records", "--json", "--config", ws.configPath], { env });
      expect(json.code, json.stdout + json.stderr).toBe(0);
      const csv = await runCli(["records", "--csv", "--config", ws.configPath], { env });
      expect(csv.code, csv.stdout + csv.stderr).toBe(0);
      const table = parseCsv(csv.stdout);
      const list = await runCli(["records", "--config", ws.configPath], { env });
      const status = await runCli(["status", "--json", "--config", ws.configPath], { env });
      const failure = (JSON.parse(status.stdout) as { accounts: Array<{ accountId: string; lastFailure: { error: string } | null }> }).accounts.find((a) => a.accountId === "mastodon")?.lastFailure;
      return {
        json: (JSON.parse(json.stdout) as Array<{ status: string; error: string }>).find((r) => r.status === "failed")?.error,
        csv: table[1]?.[table[0]!.indexOf("Fel (för driften)")],
        list: unnamed(list.stdout, ws).split("\n").find((l) => l.startsWith("mastodon_2026-H1_failed")),
        status: failure?.error,
      };
    };

    // Before the capture month the note is true: all say it.
    const april = await at("2026-04-10T10:00:00Z");
    expect(april.status).toBe(stored);
    expect(april.json).toBe(stored);
    expect(april.csv).toBe(stored);
    expect(april.list).toContain(`FAILED (not-loaded): ${stored}`);

    // The capture month come: the same failure in the log, without the note, as status says it.
    const june = await at("2026-06-02T10:00:00Z");
    expect(june.status).toBe(bare);
    expect(june.json).toBe(bare);
    expect(june.csv).toBe(bare);
    expect(june.list).toMatch(/FAILED \(not-loaded\): .*--as-shown$/);
    expect(june.list).not.toContain("Note: it is before");

    // The half-year over: records still lists the failure, without the note.
    const july = await at("2026-07-02T10:00:00Z");
    expect(july.json).toBe(bare);
    expect(july.csv).toBe(bare);
    expect(july.list).not.toContain("Note: it is before");
  }, 180_000);
});
