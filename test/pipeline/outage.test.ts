import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { S3Client, GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, type Workspace, unnamed } from "../helpers/cli.ts";
import { startS3, type TestS3 } from "../helpers/s3.ts";
import { startSmtp, type TestSmtp } from "../helpers/smtp.ts";
import { spoolSecondVersion, storedRecord, syntheticArchive } from "../log/archive.ts";
import { FilesystemStore } from "../../src/storage/index.ts";
import { RecordLog } from "../../src/log/index.ts";

const sha = (b: Uint8Array) => crypto.createHash("sha256").update(b).digest("hex");

/**
 * SPEC §7: when the object store or the intake is down, the PDF waits in the spool, status shows it as
 * pending, and a later run stores and delivers it exactly once. Real s3rver and smtp-server on loopback.
 */
describe("store and intake outages: spooled, pending, then stored and delivered once", () => {
  let site: FixtureServer;
  let s3: TestS3;
  let smtp: TestSmtp;
  let ws: Workspace;
  const cfg = () => ["--config", ws.configPath];
  const env = () => ({ SOMARKIV_TEST_SMTP: smtp.url, AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "eu-north-1" });

  beforeAll(async () => {
    site = await startFixtureServer();
    s3 = await startS3();
    await s3.stop(); // the store is down when the capture runs
    smtp = await startSmtp({ refuseFirst: 1 }); // and the mail server refuses the first attempt
    ws = makeWorkspace({});
    ws.write({
      organisation: { name: "Testkommunen" },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      storage: { type: "s3", bucket: s3.bucket, prefix: "sociala-medier/", endpoint: s3.endpoint, region: "eu-north-1", forcePathStyle: true },
      intake: [{ type: "directory", path: "intake" }, { type: "email", to: "registrator@testkommun.se", from: "somarkiv@testkommun.se", replyTo: "it-drift@testkommun.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }],
      accounts: [account("facebook-test", site.at("pipeline/kommun.html"))],
    });
  });
  afterAll(async () => {
    await site.close();
    await s3.destroy();
    await smtp.stop();
    ws.cleanup();
  });

  it("with the store down the record is captured, spooled and pending, and the command says so (exit 1)", async () => {
    const r = await runCli(["capture", ...cfg()], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/facebook-test: facebook-test_\d{4}-H[12]_v1 captured, waiting in the spool to be stored/);
    expect(r.stderr).toMatch(/NOT STORED YET: Could not reach the S3 store at http:\/\/127\.0\.0\.1:\d+/);
    // The summary says what becomes of the record, as a delivery that failed says it, not the store's trouble alone.
    expect(unnamed(r.stdout, ws)).toMatch(new RegExp(`\\n {6}problem: facebook-test_\\d{4}-H[12]_v1: not stored: Could not reach the S3 store at ${s3.endpoint.replace(/\./g, "\\.")}: connection refused: nothing answers at that address and port\\. Check that the store is running and that storage\\.endpoint is its address and port\\. The record waits in the spool and is stored by "somarkiv deliver" or the worker's next wake\\.\\n`));
    expect(r.stderr).not.toContain("S3RVER");
    const [rec] = JSON.parse((await runCli(["records", "--json", ...cfg()], { env: env() })).stdout);
    expect(rec).toMatchObject({ status: "captured", storageKey: null });
    expect(rec.deliveries.every((d: { status: string; attempts: number }) => d.status === "pending" && d.attempts === 0)).toBe(true);
    const spooled = fs.readdirSync(path.join(ws.dir, "spool"));
    expect(spooled).toEqual([rec.recordId]);
    expect(sha(fs.readFileSync(path.join(ws.dir, "spool", rec.recordId, `${rec.recordId}.pdf`)))).toBe(rec.sha256);
    // Nothing reached the registrar before the store confirmed the record.
    expect(fs.existsSync(ws.intake) ? fs.readdirSync(ws.intake) : []).toEqual([]);
    expect(smtp.messages).toHaveLength(0);

    const st = JSON.parse((await runCli(["status", "--json", ...cfg()], { env: env() })).stdout);
    const a = st.accounts[0];
    expect(a.state).toBe("captured");
    expect(a.pending[0]).toMatchObject({ recordId: rec.recordId, what: "upload to the store" });
    expect(a.pending[0].error).toMatch(/Could not reach the S3 store/);
    const human = await runCli(["status", ...cfg()], { env: env() });
    expect(human.stdout).toContain(`pending: ${rec.recordId} upload to the store — last error: Could not reach the S3 store`);
    // The time of the next try is the operator's own, as the worker's wake is, not the log's UTC.
    const nextTry = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", dateStyle: "short", timeStyle: "medium" }).format(new Date(a.pending[0].nextAttemptAt));
    expect(human.stdout).toMatch(new RegExp(`— next try after ${nextTry} CES?T\\n`));
    // A diary number for a record the registrar cannot have (a mistyped id) is refused: registered,
    // it would no longer be one the store waits for, and would go to the registrar unconfirmed.
    const early = await runCli(["registered", rec.recordId, "--dnr", "KS 2026/1", ...cfg()], { env: env() });
    expect(early.code).toBe(2);
    expect(early.stderr).toContain(`Record ${rec.recordId} is not stored yet (it waits in the spool), so the registrar cannot have it`);
    expect(JSON.parse((await runCli(["records", "--json", ...cfg()], { env: env() })).stdout)[0]).toMatchObject({ status: "captured", dnr: null });
    // The account taken out of the configuration meanwhile: the work that waits on its record is still shown.
    const config = fs.readFileSync(ws.configPath, "utf8");
    try {
      fs.writeFileSync(ws.configPath, config.replace(/^accounts:[\s\S]*$/m, "accounts: []\n"));
      const gone = await runCli(["status", ...cfg()], { env: env() });
      expect(gone.code, gone.stderr).toBe(0);
      expect(gone.stdout).toContain("Accounts no longer in the configuration, with work still waiting (deliver and the worker still do it):");
      expect(gone.stdout).toContain(`  facebook-test: pending: ${rec.recordId} upload to the store — last error: Could not reach the S3 store`);
      expect(gone.stdout).toContain(`  facebook-test: pending: ${rec.recordId} delivery to the folder `);
      const json = JSON.parse((await runCli(["status", "--json", ...cfg()], { env: env() })).stdout);
      const waiting = json.pendingForAccountsNotConfigured.map((p: { what: string }) => p.what.replace(/^(delivery to the folder|delivery to \S+ by e-mail).*$/, "$1")).sort();
      expect(waiting).toEqual(["delivery to registrator@testkommun.se by e-mail", "delivery to the folder", "upload to the store"]);
    } finally {
      fs.writeFileSync(ws.configPath, config);
    }
  });

  it("once the store is back, deliver stores it once with the right checksum; the mail server's refusal is retried", async () => {
    await s3.start();
    const first = await runCli(["deliver", ...cfg()], { env: env() });
    expect(first.stdout).toMatch(/stored: facebook-test_\d{4}-H[12]_v1/);
    expect(first.stdout).toMatch(/delivered: .* to the folder /);
    expect(first.stdout).toMatch(/not done: .*not delivered to registrator@testkommun\.se by e-mail/);
    expect(first.code).toBe(1);
    // Registered now, from the folder's copy: recorded, with a note that the e-mail has not gone yet.
    const [stored] = JSON.parse((await runCli(["records", "--json", ...cfg()], { env: env() })).stdout);
    const early = await runCli(["registered", stored.recordId, "--dnr", "KS 2026/45-2", ...cfg()], { env: env() });
    expect(early.code, early.stderr).toBe(0);
    expect(unnamed(early.stdout, ws)).toContain(`Note: the registrar's intake has not received ${stored.recordId} yet (registrator@testkommun.se by e-mail: waiting); "somarkiv status" says why.`);

    const second = await runCli(["deliver", ...cfg()], { env: env() });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/delivered: .* to registrator@testkommun\.se by e-mail/);
    const third = await runCli(["deliver", ...cfg()], { env: env() });
    expect(third.stdout).toContain("Nothing was waiting");

    const [rec] = JSON.parse((await runCli(["records", "--json", ...cfg()], { env: env() })).stdout);
    expect(rec).toMatchObject({ status: "registered", dnr: "KS 2026/45-2" });
    expect(rec.deliveries.map((d: { status: string }) => d.status)).toEqual(["delivered", "delivered"]);
    expect(rec.storageKey).toBe(`sociala-medier/${rec.period}/facebook-test/${rec.recordId}.pdf`);
    const client = new S3Client({ endpoint: s3.endpoint, region: "eu-north-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    // The record, and beside it the description of the records' format (not a record).
    expect(listed.Contents?.map((c) => c.Key).filter((k) => !k!.startsWith("sociala-medier/_format/")).sort()).toEqual([rec.storageKey, rec.manifestKey].sort());
    expect(listed.Contents?.map((c) => c.Key).filter((k) => k!.startsWith("sociala-medier/_format/somarkiv-format-"))).toHaveLength(1);
    const body = await (await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: rec.storageKey }))).Body!.transformToByteArray();
    expect(sha(body)).toBe(rec.sha256);
    client.destroy();

    expect(smtp.messages).toHaveLength(1);
    const pdf = smtp.messages[0].attachments.find((x) => x.filename === `${rec.recordId}.pdf`)!;
    expect(sha(pdf.content)).toBe(rec.sha256);
    expect(smtp.messages[0].subject).toContain("Ögonblicksbild för diarieföring");
    expect(smtp.messages[0].headers["reply-to"]).toBe("it-drift@testkommun.se");
    // Numbered from the folder's copy before the e-mail went: it says so, and does not ask for a number again.
    expect(smtp.messages[0].text).toMatch(/Diarienummer: +KS 2026\/45-2\r?\n/);
    expect(smtp.messages[0].text).toContain("Handlingen är redan diarieförd med diarienummer KS 2026/45-2; den behöver inte diarieföras igen.");
    expect(smtp.messages[0].text).not.toContain("meddela diarienumret");
    expect(sha(fs.readFileSync(path.join(ws.intake, `${rec.recordId}.pdf`)))).toBe(rec.sha256);
    expect(fs.readdirSync(path.join(ws.dir, "spool"))).toEqual([]);

    const v = await runCli(["verify", ...cfg()], { env: env() });
    expect(v.code).toBe(0);
  });
});

describe("a store folder that is gone (a share mounted some other way, a folder moved, a mistyped path)", () => {
  it("is not made anew and empty: the record waits in the spool, verify says the store looks gone, and once it is back the record is stored", async () => {
    const site = await startFixtureServer();
    const ws = makeWorkspace({ organisation: { name: "Testkommunen" }, accounts: [account("kommun", site.at("pipeline/kommun.html"))] });
    const cfg = ["--config", ws.configPath];
    try {
      expect((await runCli(["capture", ...cfg])).code).toBe(0);
      const moved = `${ws.objects}-flyttad`;
      fs.renameSync(ws.objects, moved);
      const again = await runCli(["capture", "--account", "kommun", "--force", "--reason", "ny bild", ...cfg]);
      expect(again.code).toBe(1);
      expect(again.stdout + again.stderr).toContain(`the folder ${ws.objects} is not there, though the log has records stored in it: a share that is not mounted, a folder moved or renamed, or storage.path in the configuration names the wrong folder.`);
      expect(fs.existsSync(ws.objects)).toBe(false);
      const verify = await runCli(["verify", ...cfg]);
      expect(verify.code).toBe(1);
      expect(verify.stdout).toContain(`Note: None of the 2 stored objects is in the folder ${ws.objects}: the store itself looks gone, not the records one by one`);
      // The new version that waits is named too: the store has not got it to check.
      expect(verify.stdout).toMatch(/\nNote: 1 record waits in the spool to be stored, so the store has not got them to check yet: kommun_\d{4}-H[12]_v2\. /);
      fs.renameSync(moved, ws.objects);
      expect((await runCli(["deliver", ...cfg])).code).toBe(0);
      const recs = JSON.parse((await runCli(["records", "--json", ...cfg])).stdout);
      expect(recs.map((r: { version: number; status: string }) => [r.version, r.status])).toEqual([[1, "delivered"], [2, "delivered"]]);
      expect((await runCli(["verify", ...cfg])).code).toBe(0);
    } finally {
      await site.close();
      ws.cleanup();
    }
  });
});

describe("an intake whose address was corrected, as a failed delivery's message asked", () => {
  it("takes the record that waited for the old address: deliver sends it there, the log says so, and verify holds", async () => {
    let posts = 0;
    const site = await startFixtureServer({
      routes: {
        "/gammal": (_req, res) => { res.writeHead(302, { location: "/ny" }); res.end(); },
        "/ny": (req, res) => { req.resume(); req.on("end", () => { posts++; res.writeHead(200, { "content-type": "text/plain" }); res.end("mottagen"); }); },
      },
    });
    const config = (intake: string) => ({ organisation: { name: "Testkommunen" }, intake: [{ type: "http", url: site.at(intake) }], accounts: [account("kommun", site.at("pipeline/kommun.html"))] });
    const ws = makeWorkspace(config("gammal"));
    const cfg = ["--config", ws.configPath];
    try {
      // The record as a capture leaves it when its intake answers with a redirect: stored, its delivery
      // waiting. Made through the log and store (no browser): the test is of deliver, not of the capture.
      const log = RecordLog.open(ws.database);
      try {
        const id = await storedRecord(log, new FilesystemStore(ws.objects), { accountId: "kommun", folder: path.join(ws.dir, "src"), targets: [`http:${site.at("gammal")}`] });
        log.records.clearSpool(id);
      } finally {
        log.close();
      }
      const first = await runCli(["deliver", ...cfg]);
      expect(first.code).toBe(1);
      expect(first.stderr).toContain("put the right address in the intake configuration");
      ws.write(config("ny"));
      const deliver = await runCli(["deliver", ...cfg]);
      expect(deliver.code, deliver.stderr + deliver.stdout).toBe(0);
      expect(deliver.stderr).toMatch(new RegExp(`kommun_\\d{4}-H[12]_v1 was to go to the HTTP intake ${site.at("gammal")}, which is no longer in the configuration; it goes to the HTTP intake ${site.at("ny")} instead, which took its place`));
      expect(posts).toBe(1);
      const [rec] = JSON.parse((await runCli(["records", "--json", ...cfg])).stdout);
      expect(rec.status).toBe("delivered");
      expect(rec.deliveries).toMatchObject([{ target: `http:${site.at("ny")}`, status: "delivered" }]);
      const verify = await runCli(["verify", ...cfg]);
      expect(verify.code, verify.stdout).toBe(0);
    } finally {
      await site.close();
      ws.cleanup();
    }
  });
});

describe("a record whose upload or delivery failed for the first time", () => {
  it("is tried again about a minute later, not at once, when the store or the intake did not ask for a wait", async () => {
    const ws = await syntheticArchive();
    const cfg = ["--config", ws.configPath];
    try {
      // A second version waiting in the spool, as a capture leaves it. No browser.
      spoolSecondVersion(ws);
      const nextTry = async (what: RegExp) => {
        const st = JSON.parse((await runCli(["status", "--json", ...cfg])).stdout) as { accounts: Array<{ pending: Array<{ what: string; nextAttemptAt: string }> }> };
        const p = st.accounts.flatMap((a) => a.pending).find((x) => what.test(x.what));
        expect(p, JSON.stringify(st.accounts.map((a) => a.pending))).toBeDefined();
        return Date.parse(p!.nextAttemptAt);
      };

      // The store's folder moved away: the upload fails.
      const moved = `${ws.objects}-flyttad`;
      fs.renameSync(ws.objects, moved);
      let before = Date.now();
      expect((await runCli(["deliver", ...cfg])).code).toBe(1);
      expect(await nextTry(/upload to the store/) - before).toBeGreaterThanOrEqual(55_000);

      // The store is back, but the registrar's folder is a file: the delivery fails.
      fs.renameSync(moved, ws.objects);
      fs.writeFileSync(ws.intake, "not a folder");
      before = Date.now();
      const d = await runCli(["deliver", ...cfg]);
      expect(d.code).toBe(1);
      expect(d.stderr).toContain("is not a folder but a file");
      expect(await nextTry(/delivery to the folder/) - before).toBeGreaterThanOrEqual(55_000);
    } finally {
      ws.cleanup();
    }
  });
});
