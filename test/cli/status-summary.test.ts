/** status's summary of the half-year (halfYearSummary, pure): what it counts each account's record as; and its warning of a worker never started. */
import { describe, expect, it } from "vitest";
import { halfYearSummary } from "../../src/cli/status/summary.ts";
import { neverStartedWarning } from "../../src/cli/status/text.ts";

const at = (accountId: string, state: string, notDeliveredTo: string[] = [], accountStatus = "active", partlyDelivered = false) => ({ accountId, state, notDeliveredTo, accountStatus: accountStatus as "active" | "closed", currentRecord: { partlyDelivered } });

describe("halfYearSummary", () => {
  it("counts a delivered or registered record an intake added since lacks apart, a record not yet delivered by its state, and a closed account not at all", () => {
    const s = halfYearSummary([
      at("a", "delivered"), at("b", "delivered", ["directory:/srv/inkorg2"]), at("c", "registered", ["directory:/srv/inkorg2", "email:reg@kommun.se"]),
      at("d", "registered"), at("e", "stored", ["directory:/srv/inkorg2"]), at("f", "missing"), at("g", "closed", [], "closed"),
    ], "2026-H2");
    expect(s.counts).toEqual({ registered: 1, delivered: 1, notAtIntakeAddedSince: 2, partlyDelivered: 0, stored: 1, captured: 0, failed: 0, missing: 1 });
    expect([s.active, s.closed]).toEqual([6, 1]);
    expect(s.notAtIntakeAddedSince).toEqual([
      { intake: "directory:/srv/inkorg2", accounts: ["b", "c"], command: "somarkiv deliver --again --all-missing --intake /srv/inkorg2" },
      { intake: "email:reg@kommun.se", accounts: ["c"], command: "somarkiv deliver --again --all-missing --intake reg@kommun.se" },
    ]);
  });

  it("counts a stored record one intake has and another waits for as partly delivered, not as stored", () => {
    const s = halfYearSummary([at("a", "stored", [], "active", true), at("b", "stored")], "2026-H1");
    expect(s.counts).toMatchObject({ partlyDelivered: 1, stored: 1 });
  });
});

describe("the warning of a worker never started, in a capture month", () => {
  it("is given while accounts lack their snapshot, counting them, and not once every account has it or outside a capture month", () => {
    expect(neverStartedWarning({ captureMonth: true, missing: ["a", "b"] })).toBe(`WARNING: this is a capture month, and 2 accounts still lack their snapshot of the half-year; accounts are captured only while the worker runs, or by "somarkiv capture". Start it (with systemd: systemctl start somarkiv; in a container: start its container).`);
    expect(neverStartedWarning({ captureMonth: true, missing: ["a"] })).toContain("and 1 account still lacks its snapshot of the half-year;");
    expect(neverStartedWarning({ captureMonth: true, missing: [] })).toBeUndefined();
    expect(neverStartedWarning({ captureMonth: false, missing: ["a"] })).toBeUndefined();
  });

  it("says accounts whose capture failed apart: starting the worker does not mend their cause", () => {
    expect(neverStartedWarning({ captureMonth: true, missing: ["a", "b"] }, ["a", "b"])).toBe(`WARNING: this is a capture month, and 2 accounts still lack their snapshot of the half-year. Their captures failed (a, b): the reason is said under each account; once it is mended, take them with "somarkiv capture --account ID" (the worker, not started, would try them again, but not mend the cause).`);
    expect(neverStartedWarning({ captureMonth: true, missing: ["a", "b", "c"] }, ["b", "x"])).toBe(`WARNING: this is a capture month, and 3 accounts still lack their snapshot of the half-year. 2 not tried yet (a, c): accounts are captured only while the worker runs, or by "somarkiv capture". Start it (with systemd: systemctl start somarkiv; in a container: start its container). The capture of 1 failed (b): the reason is said under the account; once it is mended, take it with "somarkiv capture --account ID" (the worker, not started, would try it again, but not mend the cause).`);
  });
});
