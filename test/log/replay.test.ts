import { describe, expect, it } from "vitest";
import { replay } from "../../src/log/index.ts";

const ev = (type: string, data: Record<string, unknown> = {}) => ({ type, data });

describe("replay: what a record's events make it", () => {
  it("knows nothing of a record without events", () => {
    expect(replay([])).toEqual({ status: undefined, dnr: null, targets: [], delivered: new Set() });
  });

  it("a failed capture stays failed, and a registration does not make it a snapshot", () => {
    const r = replay([ev("capture-failed", { reason: "timeout" }), ev("registered", { dnr: "KS 2026/1" })]);
    expect(r.status).toBe("failed");
  });

  it("a capture lost before it was stored is failed; one lost after it was stored is not", () => {
    expect(replay([ev("captured", { targets: ["dir:/in"] }), ev("lost")]).status).toBe("failed");
    expect(replay([ev("captured", { targets: ["dir:/in"] }), ev("stored"), ev("lost")]).status).toBe("stored");
  });

  it("is delivered only once every intake it is owed to has it", () => {
    const base = [ev("captured", { targets: ["dir:/in", "email:reg@kommun.se"] }), ev("stored"), ev("delivered", { target: "dir:/in" })];
    expect(replay(base).status).toBe("stored");
    const all = replay([...base, ev("delivered", { target: "email:reg@kommun.se" })]);
    expect(all.status).toBe("delivered");
    expect([...all.delivered].sort()).toEqual(["dir:/in", "email:reg@kommun.se"]);
  });

  it("owes a retargeted delivery to the intake that replaced the old one", () => {
    const r = replay([ev("captured", { targets: ["dir:/old"] }), ev("stored"), ev("delivery-retargeted", { from: "dir:/old", to: "dir:/new" })]);
    expect(r.targets).toEqual(["dir:/new"]);
    expect(r.status).toBe("stored");
    expect(replay([ev("captured", { targets: ["dir:/old"] }), ev("stored"), ev("delivery-retargeted", { from: "dir:/old", to: "dir:/new" }), ev("delivered", { target: "dir:/new" })]).status).toBe("delivered");
  });

  it("gives the diary number last registered, a correction over the first", () => {
    const r = replay([ev("captured", { targets: ["dir:/in"] }), ev("stored"), ev("delivered", { target: "dir:/in" }),
      ev("registered", { dnr: "KS 2026/1" }), ev("registered", { dnr: "KS 2026/2", corrects: "KS 2026/1" })]);
    expect(r).toMatchObject({ status: "registered", dnr: "KS 2026/2" });
  });
});
