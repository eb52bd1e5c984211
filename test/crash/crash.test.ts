import { describe, it, expect } from "vitest";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { unnamed, type Workspace } from "../helpers/cli.ts";
import { periodOf, previousPeriod } from "../../src/schedule/period.ts";
import { FOLDER_GUIDE } from "../../src/intake/guide.ts";
import { CRASH_FIXTURES, crashWorkspace, startCli, cli, filesIn, recordsIn, deliveriesIn, runsIn, descendants, alive } from "./harness.ts";
import Database from "better-sqlite3";
import { startSmtp } from "../helpers/smtp.ts";

/**
 * SPEC §7: a crash at any point loses nothing, and the next run finishes what is missing with no
 * duplicate records, objects or deliveries, and no half-written object taken for a finished one.
 * Each test kills a real `somarkiv capture` with SIGKILL at one point (a test-only failpoint, see
 * src/record/failpoints.ts, or by watching its progress), runs somarkiv again, and checks the log, the
 * store, the intake and the spool the way an operator would.
 */
// A half-year just ended, as a capture of one the worker missed takes it.
const PERIOD = previousPeriod(periodOf(new Date(), "Europe/Stockholm"));
const ID = `konto-a_${PERIOD}_v1`;

const site = siteAndWorkspaces({ root: CRASH_FIXTURES });

function workspace(): Workspace {
  const ws = crashWorkspace(site.server.at("konto.html"));
  site.keep(ws);
  return ws;
}

/** A workspace delivering to the registrar's e-mail through the SMTP server at `smtpUrl`, and the environment naming it. */
function mailWorkspace(smtpUrl: string): { ws: Workspace; env: NodeJS.ProcessEnv } {
  const ws = crashWorkspace(site.server.at("konto.html"), { intake: [{ type: "email", to: "registrator@overkalix.se", from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }] });
  site.keep(ws);
  return { ws, env: { SOMARKIV_TEST_SMTP: smtpUrl } };
}

/**
 * The real capture command, killed (SIGKILL) as soon as `reached()` holds, as a crash would stop it
 * at that moment; fails the test if the capture ends first.
 */
async function captureKilledWhen(ws: Workspace, env: NodeJS.ProcessEnv, reached: () => boolean, what: string): Promise<void> {
  const run = startCli(["capture", "--config", ws.configPath, "--period", PERIOD], env);
  await new Promise<void>((resolve, reject) => {
    const t = setInterval(() => { if (reached()) { clearInterval(t); resolve(); } }, 50);
    run.done.then((r) => { clearInterval(t); reject(new Error(`capture ended before ${what}: ${r.stderr}`)); }, reject);
  });
  run.child.kill("SIGKILL");
  expect((await run.done).signal).toBe("SIGKILL");
}

/** How many marks of a send under way the log holds, and its schema. */
function sendMarks(ws: Workspace): { marks: number; schema: number } {
  const db = new Database(ws.database, { readonly: true });
  try {
    return { marks: (db.prepare("SELECT count(*) AS n FROM leases WHERE name LIKE 'sending:%'").get() as { n: number }).n, schema: db.pragma("user_version", { simple: true }) as number };
  } finally {
    db.close();
  }
}

const capture = (ws: Workspace, env: NodeJS.ProcessEnv = {}) => cli(["capture", "--config", ws.configPath, "--period", PERIOD], env);
const deliver = (ws: Workspace) => cli(["deliver", "--config", ws.configPath]);

async function crashAt(ws: Workspace, failpoint: string): Promise<void> {
  const r = await capture(ws, { SOMARKIV_FAILPOINT: failpoint });
  expect(r.signal, `capture should have been killed at ${failpoint}; it ended with ${r.code}:\n${r.stderr}`).toBe("SIGKILL");
  expect(r.stderr).toContain(`test failpoint ${failpoint} reached`);
}

/**
 * A Ctrl-C that comes as the record reaches the spool: the record is in the log before the stop is
 * handled, so the stop counts its account as done, and the command it gives does not take it again.
 */
it("a stop (Ctrl-C) as the record reaches the spool keeps it, and the command the stop gives does not take its account again", async () => {
  const ws = workspace();
  const r = await capture(ws, { SOMARKIV_FAILPOINT: "after-spool:sigint" });
  expect(r.code, r.stderr).toBe(130);
  expect(r.stderr).toContain("test failpoint after-spool reached; sending this process SIGINT");
  expect(r.stderr).toContain("every account asked for was done before the stop, so nothing is left to take");
  expect(recordsIn(ws.database).map((x) => [x.record_id, x.status])).toEqual([[ID, "captured"]]);
  // The next run stores and delivers it; nothing is taken back as an orphan, and no second version is made.
  const again = await capture(ws);
  expect(again.code, again.stdout + again.stderr).toBe(0);
  expect(again.stderr).not.toContain("taken back from the spool");
  expect(recordsIn(ws.database).map((x) => [x.record_id, x.status])).toEqual([[ID, "delivered"]]);
});

/** Everything the registrar and the archive should see once a record is done — exactly once. */
async function expectFinished(ws: Workspace): Promise<void> {
  const records = recordsIn(ws.database);
  expect(records.map((r) => [r.record_id, r.account_id, r.period, r.version, r.status])).toEqual([[ID, "konto-a", PERIOD, 1, "delivered"]]);
  const rec = records[0];
  expect(deliveriesIn(ws.database)).toEqual([{ record_id: ID, target: `directory:${ws.intake}`, status: "delivered" }]);

  // The store: the record's two objects with the logged checksums, nothing else (no temporaries either).
  const stored = filesIn(ws.objects);
  // Beside them, the proofs of the log's head and the description of the format: not records.
  for (const k of Object.keys(stored)) if (k.startsWith("_log-anchors/") || k.startsWith("_format/")) delete stored[k];
  expect(stored).toEqual({
    [`${PERIOD}/konto-a/${ID}.pdf`]: rec.sha256,
    [`${PERIOD}/konto-a/${ID}.json`]: rec.manifest_sha256,
  });
  // The intake: each file once, with the same bytes.
  // Beside them, the registrar's instructions file (not a record, rewritten at each delivery).
  const { [FOLDER_GUIDE]: guide, ...intake } = filesIn(ws.intake);
  expect(guide).toBeDefined();
  expect(intake).toEqual({ [`${ID}.pdf`]: rec.sha256, [`${ID}.json`]: rec.manifest_sha256 });
  // The spool is empty and the log no longer points into it.
  expect(fs.readdirSync(path.join(ws.dir, "spool"))).toEqual([]);
  expect(rec.spool_dir).toBeNull();

  const v = await cli(["verify", "--config", ws.configPath]);
  expect(v.code, v.stdout + v.stderr).toBe(0);
  // A capture run now finds the snapshot and adds nothing.
  const again = await capture(ws);
  expect(again.code, again.stdout + again.stderr).toBe(0);
  expect(again.stdout).toContain("skipped, already has a snapshot");
  expect(recordsIn(ws.database)).toHaveLength(1);
  // The killed run is no longer shown as going on: a later capture run closed it as interrupted.
  const runs = runsIn(ws.database);
  expect(runs[0]).toMatchObject({ kind: "capture", outcome: "interrupted" });
  expect(runs[0]!.ended_at).not.toBeNull();
  expect(runs.filter((r) => r.ended_at === null)).toEqual([]);
}

describe("a SIGKILL at any point of a capture loses nothing and duplicates nothing", () => {
  it("while Chromium works: the next capture starts over, and the browser does not outlive the killed process for long", async () => {
    const ws = workspace();
    let browserPids: number[] = [];
    let killed = false;
    const run = startCli(["capture", "--config", ws.configPath, "--period", PERIOD], {}, (all, child) => {
      if (!killed && all.includes("taking the screenshot")) {
        killed = true;
        browserPids = descendants(child.pid!);
        child.kill("SIGKILL");
      }
    });
    const r = await run.done;
    expect(r.signal).toBe("SIGKILL");
    expect(killed).toBe(true);
    expect(browserPids.length).toBeGreaterThan(0);
    // Chromium runs on a pipe from the parent; when the parent dies the pipe closes and Chromium quits.
    let lingering = browserPids.filter(alive);
    for (let i = 0; i < 60 && lingering.length; i++) {
      await new Promise((res) => setTimeout(res, 500));
      lingering = browserPids.filter(alive);
    }
    for (const pid of lingering) process.kill(pid, "SIGKILL");
    expect(lingering, "Chromium processes of the killed capture were still running 30 s later").toEqual([]);

    expect(recordsIn(ws.database)).toEqual([]);
    const again = await capture(ws);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    await expectFinished(ws);
  });

  it("after the spool write, before the log entry: the next run takes the whole record back from the spool, past the dead process's lease, and stores and delivers it", async () => {
    const ws = workspace();
    await crashAt(ws, "after-spool");
    expect(recordsIn(ws.database)).toEqual([]);
    expect(fs.readdirSync(path.join(ws.dir, "spool"))).toEqual([ID]);
    const spooled = fs.readFileSync(path.join(ws.dir, "spool", ID, `${ID}.pdf`));
    const again = await capture(ws);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stderr).toContain(`record ${ID} was found whole in the spool, which the log did not know`);
    expect(again.stdout).toContain(`skipped, already has a snapshot for ${PERIOD} (${ID})`);
    await expectFinished(ws);
    // The snapshot taken before the crash is the record, not a new one.
    expect(fs.readFileSync(path.join(ws.objects, PERIOD, "konto-a", `${ID}.pdf`)).equals(spooled)).toBe(true);
  });

  it("after the log entry, before the upload: the next capture stores and delivers it instead of capturing again", async () => {
    const ws = workspace();
    await crashAt(ws, "after-log");
    expect(recordsIn(ws.database).map((r) => r.status)).toEqual(["captured"]);
    expect(filesIn(ws.objects)).toEqual({});
    const again = await capture(ws);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain("skipped, already has a snapshot");
    await expectFinished(ws);
  });

  it("during the upload (the PDF stored, the manifest not): the record is not counted as stored until both are confirmed", async () => {
    const ws = workspace();
    await crashAt(ws, "during-upload");
    const [rec] = recordsIn(ws.database);
    expect(rec.status).toBe("captured");
    expect(Object.keys(filesIn(ws.objects))).toEqual([`${PERIOD}/konto-a/${ID}.pdf`]);
    // Half an upload is not a record: verify does not call it stored, nor the PDF unknown.
    const v = await cli(["verify", "--config", ws.configPath, "--json"]);
    expect(JSON.parse(v.stdout).problems).toEqual([]);
    const d = await deliver(ws);
    expect(d.code, d.stdout + d.stderr).toBe(0);
    expect(d.stdout).toContain(`stored: ${ID}`);
    await expectFinished(ws);
  });

  it("after the upload, before the log says stored: the next run confirms the objects by checksum without a second copy", async () => {
    const ws = workspace();
    await crashAt(ws, "after-upload");
    expect(recordsIn(ws.database)[0].status).toBe("captured");
    expect(Object.keys(filesIn(ws.objects)).sort()).toEqual([`${PERIOD}/konto-a/${ID}.json`, `${PERIOD}/konto-a/${ID}.pdf`]);
    expect(filesIn(ws.intake)).toEqual({});
    const d = await deliver(ws);
    expect(d.code, d.stdout + d.stderr).toBe(0);
    await expectFinished(ws);
  });

  it("during delivery (the files in the intake, the log not yet saying delivered): delivered once, not twice", async () => {
    const ws = workspace();
    await crashAt(ws, "during-delivery");
    expect(recordsIn(ws.database)[0].status).toBe("stored");
    expect(Object.keys(filesIn(ws.intake)).sort()).toEqual([`${ID}.json`, `${ID}.pdf`, FOLDER_GUIDE].sort());
    const d = await deliver(ws);
    expect(d.code, d.stdout + d.stderr).toBe(0);
    expect(d.stdout).toContain(`delivered: ${ID} to the folder ${ws.intake}`);
    await expectFinished(ws);
  });

  it("killed while the mail server holds the e-mail and has not answered: the next try says it may be a second copy, to the registrar and the operator", async () => {
    const smtp = await startSmtp();
    try {
      const { ws, env } = mailWorkspace(smtp.url);
      // The server takes the message, and the process is killed before it answers.
      smtp.answerAfter(60_000);
      await captureKilledWhen(ws, env, () => smtp.messages.length > 0, "the mail came");
      expect(smtp.messages[0]!.subject).not.toContain("upprepning");
      const st = await cli(["status", "--config", ws.configPath], env);
      expect(st.stdout).toMatch(/delivery to registrator@overkalix\.se by e-mail; a send begun \d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T was cut off before the mail server answered: the registrar may have it already, and the next try says it may be a second copy/);
      smtp.answerAfter(0);
      const d = await cli(["deliver", "--config", ws.configPath], env);
      expect(d.code, d.stdout + d.stderr).toBe(0);
      expect(d.stderr).toMatch(/an earlier send to registrator@overkalix\.se by e-mail, begun \d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T, was cut off before it answered; it may have arrived, so what is sent now says it may be a second copy/);
      expect(smtp.messages).toHaveLength(2);
      const again = smtp.messages[1]!;
      expect(again.subject).toMatch(/ \(kan vara en upprepning\)$/);
      expect(again.text.replace(/\s+/g, " ")).toContain(`OBS: Ett tidigare försök att skicka det här meddelandet (`);
      expect(again.text.replace(/\s+/g, " ")).toContain(`Har du redan fått ett meddelande om ${ID}, är det samma handling: diarieför den bara en gång.`);
      expect(again.messageId).toBe(smtp.messages[0]!.messageId);
      expect(deliveriesIn(ws.database)).toEqual([{ record_id: ID, target: "email:registrator@overkalix.se", status: "delivered" }]);
      // The mark of a send under way is gone once it ended: a later try is not said to be a repeat.
      // And the log keeps the schema an older somarkiv opens: the mark needs no new column.
      expect(sendMarks(ws)).toEqual({ marks: 0, schema: 2 });
    } finally {
      await smtp.stop();
    }
  });

  it("killed while the mail server holds the e-mail, then a try that does not reach it: the try that gets through still says it may be a second copy", async () => {
    const smtp = await startSmtp();
    // A port nothing listens on: the try fails before anything is handed over.
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    try {
      const { ws, env } = mailWorkspace(smtp.url);
      smtp.answerAfter(60_000);
      await captureKilledWhen(ws, env, () => smtp.messages.length > 0, "the mail came");
      const unreached = await cli(["deliver", "--config", ws.configPath], { SOMARKIV_TEST_SMTP: `smtp://127.0.0.1:${closedPort}` });
      expect(unreached.code).toBe(1);
      expect(unreached.stderr).toContain("may be a second copy");
      smtp.answerAfter(0);
      const d = await cli(["deliver", "--config", ws.configPath], env);
      expect(d.code, d.stdout + d.stderr).toBe(0);
      expect(d.stderr).toContain("was cut off before it answered; it may have arrived, so what is sent now says it may be a second copy");
      expect(smtp.messages).toHaveLength(2);
      expect(smtp.messages[1]!.subject).toMatch(/ \(kan vara en upprepning\)$/);
      expect(sendMarks(ws).marks).toBe(0);
    } finally {
      await smtp.stop();
    }
  });

  it("killed while the mail server has not even greeted: the e-mail cannot have arrived, and the next one is not said to be a second copy", async () => {
    const smtp = await startSmtp();
    // Takes the connection and never says a word: the message is never handed over.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const { ws, env } = mailWorkspace(smtp.url);
      const silentEnv = { SOMARKIV_TEST_SMTP: `smtp://127.0.0.1:${(silent.address() as net.AddressInfo).port}` };
      let connected = false;
      silent.on("connection", () => { connected = true; });
      await captureKilledWhen(ws, silentEnv, () => connected, "it reached the mail server");
      expect(sendMarks(ws).marks).toBe(0);
      const st = await cli(["status", "--config", ws.configPath], env);
      expect(st.stdout).not.toContain("was cut off");
      const d = await cli(["deliver", "--config", ws.configPath], env);
      expect(d.code, d.stdout + d.stderr).toBe(0);
      expect(d.stderr).not.toContain("may be a second copy");
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]!.subject).not.toContain("upprepning");
    } finally {
      silent.close();
      await smtp.stop();
    }
  });

  it("the mail server lost with the e-mail in hand, before it answered: said so, not as a server not reached, and the next try says it may be a second copy", async () => {
    const smtp = await startSmtp();
    try {
      const { ws, env } = mailWorkspace(smtp.url);
      smtp.dropAfterData(true);
      const first = await cli(["capture", "--config", ws.configPath, "--period", PERIOD], env);
      expect(smtp.messages).toHaveLength(1);
      expect(unnamed(first.stderr, ws)).toContain(`NOT DELIVERED to registrator@overkalix.se by e-mail: the connection to the mail server at 127.0.0.1:${new URL(smtp.url).port} was lost before it confirmed the message; if it had the message by then, it may arrive, so the next try says it may be a second copy; it will be tried again by "somarkiv deliver" or the worker`);
      expect(first.stderr).not.toContain("could not reach the mail server");
      smtp.dropAfterData(false);
      const d = await cli(["deliver", "--config", ws.configPath], env);
      expect(d.code, d.stdout + d.stderr).toBe(0);
      expect(smtp.messages).toHaveLength(2);
      expect(smtp.messages[1]!.subject).toMatch(/ \(kan vara en upprepning\)$/);
      expect(deliveriesIn(ws.database)).toEqual([{ record_id: ID, target: "email:registrator@overkalix.se", status: "delivered" }]);
      // Once it went through, a later send of it would not be said to be a repeat: its mark is gone.
      expect(sendMarks(ws).marks).toBe(0);
    } finally {
      await smtp.stop();
    }
  });

  it("after delivery, before the spool is emptied: the next run empties it", async () => {
    const ws = workspace();
    await crashAt(ws, "before-spool-clean");
    expect(recordsIn(ws.database)[0].status).toBe("delivered");
    expect(fs.readdirSync(path.join(ws.dir, "spool"))).toEqual([ID]);
    const d = await deliver(ws);
    expect(d.code, d.stdout + d.stderr).toBe(0);
    await expectFinished(ws);
  });
});
