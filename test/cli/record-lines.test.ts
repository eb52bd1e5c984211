/**
 * `records` as the operator reads it: one line a record under a heading, and for a record not yet
 * with the registrar, which intake it waits for and when the next try is; and the --reason of
 * capture, as it will stand on the record sheet.
 */
import { describe, expect, it } from "vitest";
import { recordLines, recordJson, seriesGaps } from "../../src/cli/commands/records.ts";
import { parseConfig } from "../../src/config/index.ts";
import { captureReason } from "../../src/cli/commands/capture.ts";

type Row = ReturnType<typeof recordJson>;
const base: Row = {
  recordId: "facebook-kommun_2026-H2_v1-01J8ZK3Q", accountId: "facebook-kommun", period: "2026-H2", version: 1,
  status: "delivered", final: false, capturedAt: "2026-12-01T06:00:12.000Z", url: "https://www.facebook.com/k", finalUrl: "https://www.facebook.com/k",
  httpStatus: 200, sha256: "ab".repeat(32), bytes: 812345, pages: 5, storageKey: "2026-H2/facebook-kommun/x.pdf", manifestKey: "2026-H2/facebook-kommun/x.json",
  manifestSha256: "cd".repeat(32), deliveries: [], registrations: [], dnr: null, reason: null, error: null, consent: "declined", flags: [], previousRecordId: null, failureScreenshot: null, takenBackFrom: null, notDeliveredTo: [], partlyDelivered: false,
};

describe("recordLines", () => {
  it("heads the columns, and lines them up under the longest record id", () => {
    const lines = recordLines([base, { ...base, recordId: "x_2026-H2_v1-01J8ZK3R", dnr: "KS 2026/12" }], "Europe/Stockholm");
    expect(lines[0]).toMatch(/^Record id +Status +Captured +Details$/);
    // In the organisation's time, as the sheet and the CSV give it, not UTC.
    expect(lines[1]).toBe("facebook-kommun_2026-H2_v1-01J8ZK3Q  delivered  2026-12-01 07:00:12 CET   5 pages, 812345 bytes, sha256 abababababababab…");
    expect(lines[2]!.indexOf("delivered")).toBe(lines[1]!.indexOf("delivered"));
    expect(lines[2]).toContain("dnr KS 2026/12");
  });

  it("says of a record the log took back, not captured, where it was taken back from", () => {
    const [, spool, store] = recordLines([{ ...base, takenBackFrom: "spool" }, { ...base, takenBackFrom: "store" }], "Europe/Stockholm");
    expect(spool).toContain("taken back from the spool after an interrupted capture");
    expect(store).toContain("taken back from the store by recover");
  });

  it("says what a record's flags say it may not show as a person sees it; flags that only describe the page are not repeated", () => {
    const [, line] = recordLines([{ ...base, flags: ["document-incomplete", "still-loading", "wider-than-window"] }], "Europe/Stockholm");
    expect(line).toContain("look at it: the site had not finished sending the page; the snapshot shows what had come; the page still showed that it was loading when it was taken (a loading indicator still turning), so something it was loading may be missing from the record");
    expect(line).not.toContain("wider");
  });

  it("says a diary number that was corrected, from what and why", () => {
    const [, line] = recordLines([{ ...base, status: "registered", dnr: "KS 2026/203", registrations: [
      { dnr: "KS 2026/201", at: "2026-12-03T10:00:00.000Z", source: "cli" },
      { dnr: "KS 2026/203", at: "2026-12-03T10:05:00.000Z", source: "cli", corrects: "KS 2026/201", reason: "fel nummer angavs" },
    ] }], "Europe/Stockholm");
    expect(line).toContain("dnr KS 2026/203 (corrected from KS 2026/201: fel nummer angavs)");
  });

  it("names the intake a stored record waits for, how often it was tried and when the next try is, in the organisation's time", () => {
    const [, line] = recordLines([{
      ...base, status: "stored", partlyDelivered: true,
      deliveries: [
        { target: "directory:/srv/registrator", intake: "the folder /srv/registrator", status: "delivered", attempts: 1, deliveredAt: "2026-12-01T06:01:00.000Z", error: null, nextAttemptAt: null, waitingSince: null, next: null, receipt: null },
        { target: "email:registrator@overkalix.se", intake: "registrator@overkalix.se by e-mail", status: "pending", attempts: 3, deliveredAt: null, error: "the mail server could not be reached", nextAttemptAt: "2026-12-01T07:00:00.000Z", waitingSince: "2026-12-01T06:01:00.000Z", next: "…", receipt: null },
      ],
    }], "Europe/Stockholm");
    expect(line).toMatch(/^\S+ {2}partly {5}/);
    expect(line).toContain("delivered to the folder /srv/registrator, not yet to every intake, waits for delivery to registrator@overkalix.se by e-mail (3 tries since 2026-12-01 07:01:00 CET, next 2026-12-01 08:00:00 CET): the mail server could not be reached; tried again by the worker after 2026-12-01 08:00:00 CET, or at once by \"somarkiv deliver\"");
    expect(line).not.toContain("directory:/srv/registrator");
  });

  it("names a diary number the intake gave that the log does not have, every time the records are listed", () => {
    const [, line] = recordLines([{
      ...base, status: "registered", dnr: "KS 2026/200",
      deliveries: [{ target: "http:https://intake.example", intake: "the HTTP intake https://intake.example", status: "delivered", attempts: 1, deliveredAt: "2026-12-01T06:01:00.000Z", error: null, nextAttemptAt: null, waitingSince: null, next: null, receipt: 'HTTP 200 OK: {"dnr":"KS 2026/106"}', intakeDnr: "KS 2026/106" }],
    }], "Europe/Stockholm");
    expect(line).toContain("the HTTP intake https://intake.example gave diary number KS 2026/106, which the log does not have (it has KS 2026/200): ask the registrar which is right");
  });

  it("says a delivery given up needs a person, and that a record captured but not stored is not yet stored", () => {
    const lines = recordLines([
      { ...base, status: "stored", deliveries: [{ target: "http:https://intake.example", intake: "the HTTP intake https://intake.example", status: "failed", attempts: 1, deliveredAt: null, error: "the intake refused the record (HTTP 400)", nextAttemptAt: null, waitingSince: null, next: "…", receipt: null }] },
      { ...base, status: "captured", error: "the store could not be reached" },
      { ...base, status: "failed", reason: "login-wall", error: "The page asks for a login." },
    ], "Europe/Stockholm");
    expect(lines[1]).toContain("NOT DELIVERED to the HTTP intake https://intake.example (1 try; needs a person): the intake refused the record (HTTP 400)");
    expect(lines[2]).toContain("not yet stored: the store could not be reached");
    expect(lines[3]).toContain("FAILED (login-wall): The page asks for a login.");
  });
});

describe("captureReason", () => {
  it("keeps the words on one line and refuses none or too many before anything is captured", () => {
    expect(captureReason(undefined)).toBeUndefined();
    expect(captureReason("  första bilden\n visade  kakdialogen ")).toBe("första bilden visade kakdialogen");
    expect(() => captureReason("   ")).toThrow(/--reason needs the words the registrar will read/);
    expect(() => captureReason("x".repeat(301))).toThrow(/--reason is 301 characters; at most 300/);
  });
});

describe("seriesGaps", () => {
  const config = parseConfig("organisation:\n  name: Överkalix kommun\naccounts:\n  - id: facebook-kommun\n    name: Överkalix kommun\n    platform: facebook\n    url: https://www.facebook.com/overkalixkommun\n", "/srv/somarkiv/somarkiv.yaml");
  // A series begun in 2025-H2, whose one snapshot is of that half-year; a failed attempt at 2026-H1.
  const facts = { snapshots: [{ accountId: "facebook-kommun", period: "2025-H2", capturedAt: "2025-12-01T06:00:00.000Z" }], firstPeriods: new Map([["facebook-kommun", "2025-H2"]]), ended: [] };
  const rows = [{ accountId: "facebook-kommun", period: "2026-H1", status: "failed" }];
  const gapsAt = (iso: string, filter = {}) => seriesGaps(config, facts, rows, filter, new Date(iso));

  it("names a half-year only once it has ended in the organisation's time, at the time it is given", () => {
    expect(gapsAt("2026-06-15T10:00:00Z")).toEqual([]);
    // 00:30 on 1 July in Sweden, still 30 June in UTC: the first half-year has ended.
    expect(gapsAt("2026-06-30T22:30:00Z")).toEqual([{ gap: true, accountId: "facebook-kommun", period: "2026-H1", tried: true, lastFinished: true }]);
    // A year on, 2026-H1 can no longer be made up; 2026-H2, nobody tried, is the last finished.
    expect(gapsAt("2027-01-15T10:00:00Z")).toEqual([
      { gap: true, accountId: "facebook-kommun", period: "2026-H1", tried: true, lastFinished: false },
      { gap: true, accountId: "facebook-kommun", period: "2026-H2", tried: false, lastFinished: true },
    ]);
  });

  it("keeps to the accounts and half-years asked for", () => {
    expect(gapsAt("2027-01-15T10:00:00Z", { periods: ["2026-H2"] }).map((g) => g.period)).toEqual(["2026-H2"]);
    expect(gapsAt("2027-01-15T10:00:00Z", { accountId: ["instagram-kommun"] })).toEqual([]);
  });
});
