import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, type Workspace, unnamed } from "../helpers/cli.ts";
import { startS3, type TestS3 } from "../helpers/s3.ts";
import { tamper } from "../log/archive.ts";

const sha = (b: Uint8Array) => crypto.createHash("sha256").update(b).digest("hex");

/**
 * A record captured while the store is down waits in the spool; its row in the log is then changed by
 * hand (its account, or its PDF checksum). verify names it as a changed row with its copy whole, deliver
 * neither stores nor delivers it, recover writes the row back from its capture event, and deliver then
 * stores and delivers it as it was captured. Real Chromium, real s3rver, real child processes.
 */
describe("a record waiting in the spool whose row was changed by hand", () => {
  let site: FixtureServer;
  let s3: TestS3;
  let ws: Workspace;
  const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);
  const ids: Record<string, string> = {};
  const captured: Record<string, string> = {};

  beforeAll(async () => {
    site = await startFixtureServer();
    s3 = await startS3();
    await s3.stop(); // the store is down when the capture runs
    ws = makeWorkspace({
      organisation: { name: "Testkommunen" },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      storage: { type: "s3", bucket: s3.bucket, prefix: "arkiv/", endpoint: s3.endpoint, region: "eu-north-1", forcePathStyle: true },
      accounts: [account("facebook-a", site.at("pipeline/kommun.html")), account("facebook-b", site.at("pipeline/kommun.html?b"))],
    });
    const r = await cli("capture");
    expect(r.code, r.stderr).toBe(1);
    for (const rec of JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; accountId: string; status: string; sha256: string }>) {
      expect(rec.status).toBe("captured");
      ids[rec.accountId] = rec.recordId;
      captured[rec.accountId] = rec.sha256;
    }
    expect(Object.keys(ids).sort()).toEqual(["facebook-a", "facebook-b"]);
    tamper(ws.database, `UPDATE records SET account_id = 'facebook-annat' WHERE record_id = '${ids["facebook-a"]}';
      UPDATE records SET sha256 = '${"0".repeat(64)}' WHERE record_id = '${ids["facebook-b"]}'`);
    await s3.start();
  }, 240_000);
  afterAll(async () => {
    await site?.close();
    await s3?.destroy();
    ws?.cleanup();
  });

  it("verify names each as a changed row whose copy waits whole in the spool, for recover, not as a spool file changed", async () => {
    const v = await cli("verify");
    expect(v.code).toBe(1);
    const out = unnamed(v.stdout, ws);
    expect(out).toContain("the account in the record (facebook-annat) is not the one captured (facebook-a)");
    expect(out).toContain(`only the log's row for this record was changed by hand (the account), not the record: its PDF and manifest wait in the spool, not stored yet, as its capture event gives them. "somarkiv recover" writes the row again from its chained events`);
    expect(out).toContain(`only the log's row for this record was changed by hand (the PDF checksum), not the record: its PDF and manifest wait in the spool`);
    // The copy is the one captured: no advice to put files back or take the account again.
    expect(out).not.toContain("has changed: its SHA-256");
    expect(out).not.toContain("capture --force");
    expect(out).toContain(`run "somarkiv recover" as said above`);
  });

  it("deliver neither stores nor delivers them, says why and to run verify, and loses neither", async () => {
    const d = await cli("deliver");
    expect(d.code).toBe(1);
    expect(unnamed(d.stdout, ws)).toContain(`not done: ${ids["facebook-a"]}: NOT stored or delivered: the log's row for this record does not match its capture event (the account in the record (facebook-annat) is not the one captured (facebook-a)): it was changed outside somarkiv. The record waits in the spool as it was captured. Run "somarkiv verify", which says what was changed and how to put it right ("somarkiv recover" writes the row back from its events), then "somarkiv deliver"`);
    expect(d.stdout).toContain(`not done: ${ids["facebook-b"]}: NOT stored or delivered: the log's row for this record does not match its capture event (the PDF checksum in the record (${"0".repeat(64)}) is not the one captured (${captured["facebook-b"]}))`);
    expect(d.stdout).not.toMatch(/^stored:|^delivered:/m);
    expect(fs.existsSync(ws.intake) ? fs.readdirSync(ws.intake).filter((f) => f.endsWith(".pdf")) : []).toEqual([]);
    const listed = JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; status: string; storageKey: string | null; reason: string | null }>;
    expect(listed.map((r) => [r.status, r.storageKey, r.reason])).toEqual([["captured", null, null], ["captured", null, null]]);
    expect(fs.readdirSync(path.join(ws.dir, "spool")).filter((f) => !f.startsWith(".")).sort()).toEqual(Object.values(ids).sort());
  });

  it("recover writes both rows back from their capture events; deliver then stores and delivers them as captured", async () => {
    const r = await cli("recover");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Wrote back into the rows of 2 records changed in the log by hand what their chained capture events hold:");
    expect(r.stdout).toContain(`${ids["facebook-a"]} (the account)`);
    expect(r.stdout).toContain(`${ids["facebook-b"]} (the PDF checksum)`);
    expect(unnamed(r.stdout, ws)).toMatch(/wait in the spool, not stored yet: "somarkiv deliver" \(or the worker's next wake\) now stores and delivers them as captured\./);

    const d = await cli("deliver");
    expect(d.code, d.stdout + d.stderr).toBe(0);
    for (const [accountId, id] of Object.entries(ids)) {
      expect(d.stdout).toContain(`stored: ${id}`);
      expect(sha(fs.readFileSync(path.join(ws.intake, `${id}.pdf`)))).toBe(captured[accountId]);
    }
    const listed = JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; accountId: string; status: string; storageKey: string; sha256: string }>;
    for (const rec of listed) {
      expect(rec.status).toBe("delivered");
      expect(rec.storageKey).toBe(`arkiv/${rec.recordId.split("_")[1]}/${rec.accountId}/${rec.recordId}.pdf`);
      expect(rec.sha256).toBe(captured[rec.accountId]);
    }
    const v = await cli("verify");
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toContain("after their objects in the store (or, for a record not stored yet, its copy in the spool) matched those events");
  });
});
