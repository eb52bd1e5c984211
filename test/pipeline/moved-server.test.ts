/**
 * The log moved to a new server without the spool: a record that waited in the old server's spool (its
 * store down) was never in the new one's, so it is not lost there. It waits, status and deliver say to
 * copy the spool folder from the old server, and once it is copied in it is stored and delivered. And a
 * record marked lost whose spool files come back as its capture made them is taken up again; files
 * with other bytes are not. Real Chromium, a real S3 server (s3rver) down and then up, real SQLite files.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { account, makeWorkspace, runCli, type Workspace } from "../helpers/cli.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { startS3, type TestS3 } from "../helpers/s3.ts";

interface Rec { recordId: string; accountId: string; status: string; reason: string | null; sha256: string }

describe("a log moved to a new server without its spool", () => {
  let site: FixtureServer;
  let s3: TestS3;
  let oldWs: Workspace;
  let newWs: Workspace;
  const env = () => ({ AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "eu-north-1" });
  const cli = (ws: Workspace, args: string[]) => runCli([...args, "--config", ws.configPath], { env: env() });
  const records = async (ws: Workspace): Promise<Rec[]> => JSON.parse((await cli(ws, ["records", "--json"])).stdout);
  const sha = (f: string) => crypto.createHash("sha256").update(fs.readFileSync(f)).digest("hex");

  beforeAll(async () => {
    site = await startFixtureServer();
    s3 = await startS3();
    await s3.stop(); // down on the old server: the record waits in its spool
    const config = {
      organisation: { name: "Testkommunen" },
      capture: { timeoutSeconds: 60 },
      storage: { type: "s3", bucket: s3.bucket, prefix: "sociala-medier/", endpoint: s3.endpoint, region: "eu-north-1", forcePathStyle: true },
      accounts: [account("kommun", site.at("pipeline/kommun.html"))],
    };
    oldWs = makeWorkspace(config);
    newWs = makeWorkspace(config);
  });
  afterAll(async () => {
    await site.close();
    await s3.destroy();
    oldWs.cleanup();
    newWs.cleanup();
  });

  it("waits for the spool folder from the old server, is stored once it is copied in, and a lost record whose files come back is taken up again", async () => {
    expect((await cli(oldWs, ["capture"])).code).toBe(1);
    const [rec] = await records(oldWs);
    expect(rec).toMatchObject({ status: "captured" });
    // The old server's disk is not this one's: its spool is out of reach, kept aside until the operator copies it.
    const oldFolder = path.join(oldWs.dir, "spool", rec!.recordId);
    const oldServer = path.join(oldWs.dir, "old-server-spool");
    fs.renameSync(path.join(oldWs.dir, "spool"), oldServer);

    // The operator copies the log only, and the new server has a spool folder of its own.
    fs.copyFileSync(oldWs.database, newWs.database);
    fs.mkdirSync(path.join(newWs.dir, "spool"));
    const newSpool = path.join(newWs.dir, "spool");

    const st = await cli(newWs, ["status"]);
    expect(st.stdout).toContain(`its spool files are missing here: it was spooled at ${oldFolder} in another spool`);
    expect(st.stdout).toContain(`Copy the spool folder from the old server: copy ${rec!.recordId} from its spool folder into ${newSpool}`);

    await s3.start();
    const d = await cli(newWs, ["deliver"]);
    expect(d.stderr).not.toContain("LOST");
    expect(d.stderr).toContain("Copy the spool folder from the old server");
    expect((await records(newWs))[0]).toMatchObject({ status: "captured", reason: null });

    fs.cpSync(path.join(oldServer, rec!.recordId), path.join(newSpool, rec!.recordId), { recursive: true });
    const d2 = await cli(newWs, ["deliver"]);
    expect(d2.code).toBe(0);
    expect((await records(newWs))[0]).toMatchObject({ status: "delivered" });
    expect(sha(path.join(newWs.intake, `${rec!.recordId}.pdf`))).toBe(rec!.sha256);

    // On a server of its own: a spool folder removed there is lost, and comes back only as it was made.
    await s3.stop();
    expect((await cli(newWs, ["capture", "--account", "kommun", "--force", "--reason", "test"])).code).toBe(1);
    const second = (await records(newWs)).find((r) => r.status === "captured")!;
    const folder = path.join(newSpool, second.recordId);
    const kept = path.join(newWs.dir, "kept");
    fs.cpSync(folder, kept, { recursive: true });
    fs.rmSync(folder, { recursive: true });
    await s3.start();
    const lost = await cli(newWs, ["deliver"]);
    expect(lost.stderr).toContain(`LOST: its spool folder ${folder} was removed`);

    // Put back with other bytes: still lost.
    fs.cpSync(kept, folder, { recursive: true });
    const pdf = path.join(folder, `${second.recordId}.pdf`);
    const bytes = fs.readFileSync(pdf);
    bytes[bytes.length - 20] ^= 0xff;
    fs.writeFileSync(pdf, bytes);
    await cli(newWs, ["deliver"]);
    expect((await records(newWs)).find((r) => r.recordId === second.recordId)).toMatchObject({ status: "failed", reason: "spool-lost" });

    // Put back as captured: taken up again, stored and delivered.
    fs.copyFileSync(path.join(kept, `${second.recordId}.pdf`), pdf);
    const back = await cli(newWs, ["deliver"]);
    expect(back.stderr).toContain(`${second.recordId} was marked failed (spool-lost), but its spool files are back in ${folder}, with the checksums its capture recorded; it is taken up again`);
    expect((await records(newWs)).find((r) => r.recordId === second.recordId)).toMatchObject({ status: "delivered", reason: null });
    expect(sha(path.join(newWs.intake, `${second.recordId}.pdf`))).toBe(second.sha256);
    const v = await cli(newWs, ["verify"]);
    expect(v.stdout + v.stderr).not.toContain("disagrees");
    expect(v.stdout).not.toContain("failed attempt");
    expect(v.code).toBe(0);
  });
});
