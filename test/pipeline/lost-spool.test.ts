/**
 * A record waits in the spool while the store is down, and a person "cleaning up" removes or changes its
 * spool copy. Waiting cannot bring it back: the record is marked failed (spool-lost), so the account is
 * due again and the next capture takes a new version, instead of the account counting as done with a
 * record nobody will ever receive. A copy the store already holds is simply stored. Real Chromium, a real
 * S3 server (s3rver) that is down and then up, real files.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import net from "node:net";
import { spawn } from "node:child_process";
import Database from "better-sqlite3";
import { BIN, NODE_FLAGS, account, makeWorkspace, runCli, type Workspace, unnamed } from "../helpers/cli.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { startS3, type TestS3 } from "../helpers/s3.ts";

interface Rec { recordId: string; accountId: string; period: string; version: number; final?: boolean; status: string; reason: string | null; error: string | null; sha256: string; deliveries: Array<{ target: string; status: string }> }

describe("a record whose spool copy is removed or changed before the store took it", () => {
  let site: FixtureServer;
  let s3: TestS3;
  let ws: Workspace;
  const cfg = () => ["--config", ws.configPath];
  const env = () => ({ AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "eu-north-1" });
  const records = async (): Promise<Rec[]> => JSON.parse((await runCli(["records", "--json", ...cfg()], { env: env() })).stdout);
  const spoolOf = (r: Rec) => path.join(ws.dir, "spool", r.recordId);

  beforeAll(async () => {
    site = await startFixtureServer();
    s3 = await startS3();
    await s3.stop(); // the store is down when the captures run: the records wait in the spool
    ws = makeWorkspace({});
    ws.write({
      organisation: { name: "Testkommunen" },
      capture: { timeoutSeconds: 60, concurrency: 2 },
      storage: { type: "s3", bucket: s3.bucket, prefix: "sociala-medier/", endpoint: s3.endpoint, region: "eu-north-1", forcePathStyle: true },
      accounts: ["removed", "changed", "uploaded"].map((id) => account(id, site.at("pipeline/kommun.html"))),
    });
  });
  afterAll(async () => {
    await site.close();
    await s3.destroy();
    ws.cleanup();
  });

  it("is marked lost, not left to count as the half-year's snapshot; one the store already holds is stored", async () => {
    const first = await runCli(["capture", ...cfg()], { env: env() });
    expect(first.code).toBe(1);
    const byId = new Map((await records()).map((r) => [r.accountId, r]));
    expect([...byId.values()].map((r) => r.status)).toEqual(["captured", "captured", "captured"]);
    const removed = byId.get("removed")!, changed = byId.get("changed")!, uploaded = byId.get("uploaded")!;

    // A person removes one spool folder and opens and saves another record's PDF; the third reached the
    // store before its spool folder went (an upload the log did not see).
    fs.rmSync(spoolOf(removed), { recursive: true });
    const pdf = path.join(spoolOf(changed), `${changed.recordId}.pdf`);
    const bytes = fs.readFileSync(pdf);
    bytes[bytes.length - 20] ^= 0xff;
    fs.writeFileSync(pdf, bytes);
    await s3.start();
    const client = new S3Client({ endpoint: s3.endpoint, region: "eu-north-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
    for (const ext of ["pdf", "json"]) {
      const name = `${uploaded.recordId}.${ext}`;
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `sociala-medier/${uploaded.period}/uploaded/${name}`, Body: fs.readFileSync(path.join(spoolOf(uploaded), name)) }));
    }
    client.destroy();
    fs.rmSync(spoolOf(uploaded), { recursive: true });

    const d = await runCli(["deliver", ...cfg()], { env: env() });
    expect(d.code).toBe(1);
    expect(d.stderr).toContain(`[removed] LOST: its spool folder ${spoolOf(removed)} was removed before the store had confirmed it, so this record cannot be stored or delivered and is marked failed (spool-lost).`);
    expect(d.stderr).toContain(`[changed] LOST: its file ${pdf} in the spool was changed after the capture (its checksum no longer matches the log's) before the store had confirmed it`);
    expect(unnamed(d.stdout, ws)).toMatch(new RegExp(`${removed.recordId}: lost: .*somarkiv capture --account removed`));
    expect(d.stderr).toContain(`[uploaded] stored in S3 bucket`);
    expect(d.stderr).not.toContain("retried by");

    const after = new Map((await records()).map((r) => [r.accountId, r]));
    for (const id of ["removed", "changed"]) {
      expect(after.get(id)).toMatchObject({ status: "failed", reason: "spool-lost", version: 1, deliveries: [] });
      expect(after.get(id)!.error).toContain("The account has no snapshot for");
    }
    expect(after.get("uploaded")).toMatchObject({ status: "delivered", deliveries: [{ status: "delivered" }] });
    // Only the record the store confirmed reached the registrar.
    expect(fs.readdirSync(ws.intake).filter((n) => n.endsWith(".pdf"))).toEqual([`${uploaded.recordId}.pdf`]);

    const st = JSON.parse((await runCli(["status", "--json", ...cfg()], { env: env() })).stdout);
    const state = Object.fromEntries(st.accounts.map((a: { accountId: string; state: string }) => [a.accountId, a.state]));
    expect(state).toEqual({ removed: "failed", changed: "failed", uploaded: "delivered" });
    const human = await runCli(["status", ...cfg()], { env: env() });
    expect(human.stdout).toContain("removed (Konto removed): no snapshot yet; last attempt FAILED (spool-lost): its spool folder");

    // The log is consistent: the lost record's events say what happened to it.
    const v = await runCli(["verify", ...cfg()], { env: env() });
    expect(v.stdout + v.stderr).not.toContain("disagrees");
    expect(v.code).toBe(0);

    // The next capture takes the two lost accounts again, as new versions, and leaves the stored one.
    const again = await runCli(["capture", ...cfg()], { env: env() });
    expect(again.code).toBe(0);
    const final = await records();
    const v2 = final.filter((r) => r.version === 2).map((r) => [r.accountId, r.status]).sort();
    expect(v2).toEqual([["changed", "delivered"], ["removed", "delivered"]]);
    expect(final.filter((r) => r.accountId === "uploaded")).toHaveLength(1);
    const sha = (f: string) => crypto.createHash("sha256").update(fs.readFileSync(f)).digest("hex");
    for (const r of final.filter((x) => x.version === 2)) expect(sha(path.join(ws.intake, `${r.recordId}.pdf`))).toBe(r.sha256);

    // A second version lost while the first still stands for the half-year: nothing is missing, and it says so.
    await s3.stop();
    expect((await runCli(["capture", "--account", "uploaded", "--force", ...cfg()], { env: env() })).code).toBe(1);
    const second = (await records()).find((r) => r.accountId === "uploaded" && r.version === 2)!;
    fs.rmSync(spoolOf(second), { recursive: true });
    await s3.start();
    const lost = await runCli(["deliver", ...cfg()], { env: env() });
    expect(lost.stdout).toContain(`${second.recordId}: lost: `);
    expect(lost.stdout).toContain(`The account still has ${uploaded.recordId} for ${uploaded.period}; nothing more needs to be taken unless this version was needed`);
    expect(lost.stdout).not.toContain("has no snapshot");
  });

  it("a closing record lost is said to be one, with the command that takes it again as one, which does", async () => {
    await s3.stop();
    expect((await runCli(["capture", "--account", "changed", "--final", ...cfg()], { env: env() })).code).toBe(1);
    const closing = (await records()).find((r) => r.accountId === "changed" && r.status === "captured")!;
    fs.rmSync(spoolOf(closing), { recursive: true });
    await s3.start();
    const lost = await runCli(["deliver", ...cfg()], { env: env() });
    const command = `somarkiv capture --account changed --final --force --reason "…"`;
    expect(unnamed(lost.stdout, ws)).toContain(`It was the account's closing record, and the account has none now: take it again with: ${command}`);
    // The command as pasted: without --final it was refused after the closing record, or took a plain snapshot.
    const again = await runCli([...command.split(" ").slice(1, -2), "--reason", "…", ...cfg()], { env: env() });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect((await records()).filter((r) => r.accountId === "changed" && r.status === "delivered").at(-1)).toMatchObject({ final: true });
  });
});

/**
 * The log put back from a backup older than a record that still waits in the spool (the store was
 * down): the record is in no log, but whole on disk. It is taken back and stored, and a new capture
 * does not take its id; removed as an orphan, the snapshot was lost and its id reused.
 */
describe("a record in the spool that a log put back from a backup does not know", () => {
  it("is taken back from the spool, stored and delivered, and keeps its id", async () => {
    const site = await startFixtureServer();
    const s3 = await startS3();
    const ws = makeWorkspace({});
    const env = { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "eu-north-1" };
    const cli = (args: string[]) => runCli([...args, "--config", ws.configPath], { env });
    try {
      ws.write({
        organisation: { name: "Testkommunen" },
        capture: { timeoutSeconds: 60, concurrency: 1 },
        storage: { type: "s3", bucket: s3.bucket, prefix: "sociala-medier/", endpoint: s3.endpoint, region: "eu-north-1", forcePathStyle: true },
        accounts: [account("kommun", site.at("pipeline/kommun.html"))],
      });
      expect((await cli(["capture"])).code).toBe(0);
      const backup = path.join(ws.dir, "backup.sqlite");
      expect((await cli(["backup", backup])).code).toBe(0);
      await s3.stop();
      expect((await cli(["capture", "--force"])).code).toBe(1);
      const [, v2] = JSON.parse((await cli(["records", "--json"])).stdout) as Rec[];
      const spooled = fs.readFileSync(path.join(ws.dir, "spool", v2!.recordId, `${v2!.recordId}.pdf`));
      // The log is put back from the backup, which knows v1 only.
      fs.copyFileSync(backup, ws.database);
      for (const extra of ["-wal", "-shm"]) fs.rmSync(ws.database + extra, { force: true });
      await s3.start();

      const d = await cli(["deliver"]);
      expect(d.code, d.stdout + d.stderr).toBe(0);
      expect(d.stderr).toContain(`record ${v2!.recordId} was found whole in the spool, which the log did not know`);
      const after = JSON.parse((await cli(["records", "--json"])).stdout) as Rec[];
      expect(after.map((r) => [r.version, r.status])).toEqual([[1, "delivered"], [2, "delivered"]]);
      expect(after[1]!.sha256).toBe(crypto.createHash("sha256").update(spooled).digest("hex"));
      expect(fs.readFileSync(path.join(ws.intake, `${v2!.recordId}.pdf`)).equals(spooled)).toBe(true);
      expect((await cli(["verify"])).code).toBe(0);
      // The next version is 3: the taken-back record kept its id.
      expect((await cli(["capture", "--force"])).code).toBe(0);
      expect((JSON.parse((await cli(["records", "--json"])).stdout) as Rec[]).map((r) => r.version)).toEqual([1, 2, 3]);
    } finally {
      await site.close();
      await s3.destroy();
      ws.cleanup();
    }
  });
});

/**
 * A store that takes the connection and never answers (a hung server, a firewall that swallows the
 * answers): the finished capture must reach the spool and the log at once, not wait in memory while
 * the store is asked which versions it holds, where a stop or a crash lost it.
 */
describe("a record made while the store hangs", () => {
  /** A store that takes the connection and never answers, a workspace whose storage it is, and somarkiv started on it. */
  const hungStore = async (config: Record<string, unknown>) => {
    const hung = net.createServer(() => { /* takes the connection, never answers */ });
    await new Promise<void>((r) => hung.listen(0, "127.0.0.1", r));
    const ws = makeWorkspace({});
    ws.write({
      organisation: { name: "Testkommunen" },
      storage: { type: "s3", bucket: "somarkiv", endpoint: `http://127.0.0.1:${(hung.address() as net.AddressInfo).port}`, region: "eu-north-1", forcePathStyle: true },
      ...config,
    });
    let child: ReturnType<typeof spawn> | undefined;
    let stderr = "";
    return {
      ws,
      stderr: () => stderr,
      start(command: string) {
        child = spawn(process.execPath, [...NODE_FLAGS, BIN, command, "--config", ws.configPath], {
          env: { ...process.env, AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "eu-north-1" }, stdio: ["ignore", "pipe", "pipe"],
        });
        child.stderr!.on("data", (d) => (stderr += d));
        return { child, exited: new Promise<[number | null, string | null]>((r) => child!.on("close", (code, signal) => r([code, signal]))) };
      },
      // A bound for a run that hangs, not a measure: a loaded 2-core machine took over a minute for
      // one capture and the store's first question. Said when it passes, where a silent return left
      // the test to fail later on what the stop printed.
      async until(pattern: RegExp, ms = 240_000) {
        const deadline = Date.now() + ms;
        while (!pattern.test(stderr) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        if (!pattern.test(stderr)) throw new Error(`somarkiv never printed ${pattern} in ${ms / 1000} s; it printed:\n${stderr}`);
      },
      // A test that fails half-way must not leave somarkiv running.
      close() { child?.kill("SIGKILL"); hung.close(); ws.cleanup(); },
    };
  };

  it("is in the spool and the log within seconds of the capture, so that a kill loses nothing", async () => {
    const site = await startFixtureServer();
    const store = await hungStore({ capture: { timeoutSeconds: 60, concurrency: 1 }, accounts: [account("kommun", site.at("pipeline/kommun.html"))] });
    try {
      const { child, exited } = store.start("capture");
      // Within the capture's own time and the few seconds the store is asked, well before the store's own timeouts (minutes).
      await store.until(/waiting in the spool/);
      child.kill("SIGKILL");
      await exited;
      expect(store.stderr()).toContain("did not answer whether it holds version 1 already; the record is made as version 1, as the log has it, and waits in the spool");
      const db = new Database(store.ws.database, { readonly: true });
      const rows = db.prepare("SELECT record_id, status, spool_dir FROM records").all() as Array<{ record_id: string; status: string; spool_dir: string }>;
      db.close();
      expect(rows.map((r) => r.status)).toEqual(["captured"]);
      expect(fs.readdirSync(rows[0]!.spool_dir).sort()).toEqual([`${rows[0]!.record_id}.json`, `${rows[0]!.record_id}.pdf`]);
    } finally {
      store.close();
      await site.close();
    }
  }, 300_000);

  it("a stop (Ctrl-C) of capture or deliver says what waits to be stored, and what sends it", async () => {
    const site = await startFixtureServer();
    const store = await hungStore({ capture: { timeoutSeconds: 60, concurrency: 1 }, accounts: ["forsta", "andra"].map((id) => account(id, site.at("pipeline/kommun.html"))) });
    try {
      // Stopped while the second account is taken, the first's record in the spool.
      const capture = store.start("capture");
      await store.until(/waiting in the spool/);
      capture.child.kill("SIGINT");
      expect(await capture.exited).toEqual([130, null]);
      const stop = store.stderr().split("\n").find((l) => l.includes("SIGINT received"))!;
      expect(stop).toContain("Records already made are kept. 1 record not yet stored waits in the spool: \"somarkiv --config ");
      expect(stop).toMatch(/ deliver" sends it now \(the worker's next wake does too\)\.$/);
      const before = store.stderr().length;
      const deliver = store.start("deliver");
      await store.until(/storing/);
      deliver.child.kill("SIGINT");
      expect(await deliver.exited).toEqual([130, null]);
      // deliver stopped without a word.
      expect(store.stderr().slice(before)).toContain("SIGINT received: stopping. A delivery under way is cut off; nothing is lost. 1 record not yet stored waits in the spool: \"somarkiv --config ");
    } finally {
      store.close();
      await site.close();
    }
  }, 300_000);

  it("is asked once in a run: once it has not answered, the next record goes straight to the spool, and a later deliver stores each once", async () => {
    const site = await startFixtureServer();
    const store = await hungStore({ capture: { timeoutSeconds: 60, concurrency: 1 }, accounts: ["forsta", "andra"].map((id) => account(id, site.at("pipeline/kommun.html"))) });
    const s3 = await startS3();
    const env = { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "eu-north-1" };
    try {
      // The old code waited minutes a record on the hung store (a look, then three tries of a minute): killed well before.
      const r = await runCli(["capture", "--config", store.ws.configPath], { env, timeoutMs: 100_000 });
      expect(r.signal).toBeNull();
      expect(r.code).toBe(1);
      expect(r.stderr.match(/did not answer whether it holds version 1 already/g)).toHaveLength(1);
      expect(r.stderr).toContain(`[andra] NOT STORED YET: S3 bucket somarkiv at http://127.0.0.1:`);
      expect(r.stderr).toMatch(/did not answer earlier in this run \(it did not answer within 10 s\), so it was not asked again; the record is kept in the spool and is stored by the next "somarkiv [^"]*deliver" or the worker/);
      expect(r.stdout).toMatch(/forsta: forsta_\d{4}-H[12]_v1 captured, waiting in the spool to be stored/);
      expect(r.stdout).toMatch(/andra: andra_\d{4}-H[12]_v1 captured, waiting in the spool to be stored/);
      expect(fs.readdirSync(path.join(store.ws.dir, "spool")).sort()).toEqual([expect.stringMatching(/^andra_/), expect.stringMatching(/^forsta_/)]);
      // The record whose own question went unanswered is told so, not "earlier in this run".
      expect(r.stderr).toContain("[forsta] NOT STORED YET: S3 bucket somarkiv at http://127.0.0.1:");
      expect(r.stderr).toMatch(/\[forsta\] NOT STORED YET: .* took the connection but did not answer whether it holds this record already/);
      // verify against the hung store ends, saying so, where it asked each object for minutes.
      const v = await runCli(["verify", "--config", store.ws.configPath], { env, timeoutMs: 60_000 });
      expect(v.signal).toBeNull();
      expect(v.code).toBe(1);
      expect(v.stdout + v.stderr).toContain("took the connection but did not answer within 15 s, so nothing in it could be checked");
      // So does config check, where it said nothing for three minutes.
      const c = await runCli(["config", "check", "--config", store.ws.configPath], { env, timeoutMs: 60_000 });
      expect(c.signal).toBeNull();
      expect(c.code).toBe(1);
      expect(c.stdout + c.stderr).toMatch(/store ERROR: S3 bucket somarkiv at http:\/\/127\.0\.0\.1:\d+ took the connection but did not answer within 15 s/);

      // The store back (here: the configuration names a working one): each record is stored once, and nothing is lost.
      const config = fs.readFileSync(store.ws.configPath, "utf8").replace(/endpoint: http:\/\/127\.0\.0\.1:\d+/, `endpoint: ${s3.endpoint}`);
      fs.writeFileSync(store.ws.configPath, config);
      const d = await runCli(["deliver", "--config", store.ws.configPath], { env });
      expect(d.code).toBe(0);
      expect(d.stdout.match(/^stored: /gm)).toHaveLength(2);
      const recs = JSON.parse((await runCli(["records", "--json", "--config", store.ws.configPath], { env })).stdout) as Rec[];
      expect(recs.map((x) => `${x.accountId} v${x.version} ${x.status}`).sort()).toEqual(["andra v1 delivered", "forsta v1 delivered"]);
      expect(fs.readdirSync(store.ws.intake).filter((f) => f.endsWith(".pdf")).sort()).toEqual(recs.map((x) => `${x.recordId}.pdf`).sort());
    } finally {
      store.close();
      await s3.destroy();
      await site.close();
    }
  });

  it("a worker stopped while it starts (asking the hung store whether it holds records) stops at once and says so", async () => {
    const store = await hungStore({ accounts: [account("kommun", "http://127.0.0.1:9/")] });
    try {
      const { child, exited } = store.start("run");
      await store.until(/worker: starting/);
      expect(store.stderr()).toContain("worker: starting: checking the log and the record store");
      await new Promise((r) => setTimeout(r, 1000));
      child.kill("SIGTERM");
      expect(await exited).toEqual([0, null]);
      expect(store.stderr()).toContain("worker: SIGTERM received while starting; stopped before its first wake, nothing was captured");
    } finally {
      store.close();
    }
  }, 300_000);
});

describe("a record made where somarkiv finds no S3 credentials", () => {
  it("says first that there are none and where they are looked for, not that the store did not answer", async () => {
    const site = await startFixtureServer();
    const s3 = await startS3({ bucket: "haparanda-arkiv" });
    const ws = makeWorkspace({
      organisation: { name: "Testkommunen" },
      capture: { timeoutSeconds: 60 },
      storage: { type: "s3", bucket: s3.bucket, endpoint: s3.endpoint, region: "eu-north-1", forcePathStyle: true },
      accounts: [account("kommun", site.at("pipeline/kommun.html"))],
    });
    try {
      // None in the environment, no credentials file, no instance role to ask.
      const r = await runCli(["capture", "--account", "kommun", "--config", ws.configPath], {
        env: {
          AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined,
          AWS_SHARED_CREDENTIALS_FILE: path.join(ws.dir, "no-credentials"), AWS_CONFIG_FILE: path.join(ws.dir, "no-config"), AWS_EC2_METADATA_DISABLED: "true",
        },
      });
      expect(r.stderr).not.toContain("did not answer");
      const first = r.stderr.split("\n").find((l) => l.includes("whether it holds version 1 already")) ?? "";
      expect(first).toContain(`S3 bucket haparanda-arkiv at ${s3.endpoint} could not be asked whether it holds version 1 already: No S3 credentials were found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE with a shared credentials file, or run with an instance role) for the user that runs somarkiv. The record is made as version 1, as the log has it, and waits in the spool`);
    } finally {
      ws.cleanup();
      await s3.destroy();
      await site.close();
    }
  }, 300_000);
});
