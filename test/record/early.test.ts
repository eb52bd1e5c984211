/**
 * Whether a record was taken before its half-year's capture month, as a record read again knows it:
 * a manifest of a release before 0.2.0 does not say either way, and only its capture time can tell.
 * The log's filing of a record says it either way from 0.2.0's manifests on, so that the list tells a
 * record not taken early from one whose release did not note it.
 */
import { describe, expect, it } from "vitest";
import { manifestSaysEarlyEitherWay, takenEarly } from "../../src/record/early.ts";
import { recordRowFromManifest } from "../../src/record/log-row.ts";
import type { Manifest } from "../../src/record/types.ts";

const files = { sha256: "a".repeat(64), bytes: 1, manifestSha256: "b".repeat(64), manifestBytes: 1 };
const manifest = (more: Partial<Manifest>) => ({ recordId: "k_2026-H1_v1", accountId: "k", period: "2026-H1", version: 1, final: false, title: "Ögonblicksbild", capturedAt: "2026-03-16T09:00:00.000Z", url: "https://example.se/k", finalUrl: "https://example.se/k", httpStatus: 200, consent: "none-found", flags: [], ...more }) as Manifest;

describe("taken before the capture month, as a record read again knows it", () => {
  it("is what the manifest says from 0.2.0 on, and unknown (null) of an older one taken before the half-year's last month", () => {
    expect(manifestSaysEarlyEitherWay({ tool: { version: "0.2.0" } })).toBe(true);
    expect(manifestSaysEarlyEitherWay({ tool: { version: "1.0.0" } })).toBe(true);
    for (const tool of [{ version: "0.1.0" }, {}, undefined]) expect(manifestSaysEarlyEitherWay({ tool })).toBe(false);
    const march = { period: "2026-H1", capturedAt: "2026-03-16T09:00:00.000Z" };
    expect(takenEarly(march, true)).toBe(false);
    expect(takenEarly({ ...march, beforeHalfYearChange: true }, false)).toBe(true);
    expect(takenEarly(march, false)).toBe(null);
    // A closing record and one made up after its half-year ended are never early.
    expect(takenEarly({ ...march, final: true }, false)).toBe(false);
    // A closing record said by its flags alone ("final"), as records and the e-mail also read it, is one too.
    expect(takenEarly({ ...march, flags: ["final"] }, false)).toBe(false);
    expect(takenEarly({ ...march, flags: ["after-period"] }, false)).toBe(false);
    // In June every capture month of the half-year is behind; 1 December 00:30 in Sweden is still November in UTC.
    expect(takenEarly({ period: "2026-H1", capturedAt: "2026-06-10T04:00:00.000Z" }, false)).toBe(false);
    expect(takenEarly({ period: "2026-H2", capturedAt: "2026-11-30T23:30:00.000Z" }, false)).toBe(null);
    expect(takenEarly({ period: "2026-H2", capturedAt: "2026-12-01T06:00:00.000Z" }, false)).toBe(false);
  });

  it("is kept either way in the log's filing of a 0.2.0 manifest, and left out of an older one's", () => {
    expect(recordRowFromManifest(manifest({ tool: { name: "somarkiv", version: "0.2.0" } }), files).filing?.beforeHalfYearChange).toBe(false);
    expect(recordRowFromManifest(manifest({ tool: { name: "somarkiv", version: "0.2.0" }, beforeHalfYearChange: true }), files).filing?.beforeHalfYearChange).toBe(true);
    expect(recordRowFromManifest(manifest({ tool: { name: "somarkiv", version: "0.1.0" } }), files).filing).not.toHaveProperty("beforeHalfYearChange");
  });
});
