/**
 * The communicator's account list and what config check and status say of it, on the real command
 * line over a synthetic log (no browser): the gaps a list published straight away has, a closing
 * date before the closing record, and a closed account whose page was gone when its closing record
 * was asked for.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, it, expect } from "vitest";
import { recordKey } from "../../src/storage/index.ts";
import { runCli, makeWorkspace, account, unnamed, type Workspace } from "../helpers/cli.ts";
import { periodOf } from "../../src/schedule/index.ts";
import { RecordLog } from "../../src/log/index.ts";

/**
 * A snapshot in the log, stored and delivered. What is said here is read from the log; its PDF is in
 * the store only so that the store holds what the log says was stored last (else storing would refuse it).
 */
function snapshot(log: RecordLog, accountId: string, period: string, version: number, capturedAt: string, final = false, objects?: string): string {
  const id = `${accountId}_${period}_v${version}`;
  if (objects) {
    const file = path.join(objects, recordKey(period, accountId, version, "pdf"));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "%PDF-1.7\n");
  }
  log.records.insertCaptured({
    recordId: id, accountId, period, version, final, capturedAt, url: `https://www.facebook.com/${accountId}`, finalUrl: `https://www.facebook.com/${accountId}`,
    httpStatus: 200, sha256: "0".repeat(64), bytes: 1, pages: 1, pdfName: `${id}.pdf`, manifestName: `${id}.json`, manifestSha256: "0".repeat(64), manifestBytes: 1,
    spoolDir: "/nonexistent", consent: "none-found", flags: final ? ["final"] : [], previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
  }, ["directory:intake"]);
  log.records.markStored(id, `${period}/${id}.pdf`, `${period}/${id}.json`, "0".repeat(64));
  log.records.markDelivered(id, "directory:intake", `intake/${id}`);
  log.records.clearSpool(id);
  return id;
}

/** A closing record asked for (capture --final) that failed: the page answered 404. With final false, a half-year capture that did. */
function goneAtClosing(log: RecordLog, accountId: string, period: string, capturedAt: string, final = true): string {
  const id = `${accountId}_${period}_failed`;
  log.records.insertFailed({
    recordId: id, accountId, period, final, capturedAt, url: `https://www.facebook.com/${accountId}`, finalUrl: `https://www.facebook.com/${accountId}`, httpStatus: 404,
    reason: "http-error", error: `Could not capture https://www.facebook.com/${accountId}: the page does not exist (404).`, consent: null, flags: [], failureScreenshot: null, runId: null,
  });
  return id;
}

async function both(ws: Workspace): Promise<{ check: string; status: string; json: { accounts: Array<Record<string, unknown>> } }> {
  const check = await runCli(["config", "check", "--config", ws.configPath]);
  const status = await runCli(["status", "--config", ws.configPath]);
  const json = await runCli(["status", "--json", "--config", ws.configPath]);
  expect([check.code, status.code, json.code], check.stderr + status.stderr).toEqual([0, 0, 0]);
  return { check: unnamed(check.stdout, ws), status: unnamed(status.stdout, ws), json: JSON.parse(json.stdout) };
}

const ORG = { name: "Överkalix kommun", website: "https://www.overkalix.se", switchboard: "0926-140 00" };

describe("accounts --html, --json and --csv with gaps in the list", () => {
  it("show a missing responsible person as missing, and say the policy's warnings on stderr, stdout staying the document", async () => {
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("fb-kommun", "https://www.facebook.com/kommun", { responsible: undefined, substitute: undefined })] });
    try {
      const html = await runCli(["accounts", "--html", "--config", ws.configPath]);
      expect(html.code).toBe(0);
      expect(html.stdout).toMatch(/<td data-label="Ansvarig"><span class="unit">Kommunledningsförvaltningen<\/span><br><span class="missing">Uppgift saknas<\/span><\/td>/);
      expect(html.stdout).not.toContain("warning");
      expect(unnamed(html.stderr, ws)).toContain(`warning: Account "fb-kommun" (Konto fb-kommun, Facebook) has no responsible person. Add responsible`);
      expect(unnamed(html.stderr, ws)).toContain(`Note: the list has 1 gap the policy asks to fill (said above); 1 more policy warning concerns the accounts behind it. Fill the gaps in the configuration and make the list again; "somarkiv config check" shows every warning with what to do.`);
      for (const format of ["--json", "--csv"]) {
        const r = await runCli(["accounts", format, "--config", ws.configPath]);
        expect(r.code).toBe(0);
        expect(r.stderr).toContain(`has no responsible person`);
      }
      const json = JSON.parse((await runCli(["accounts", "--json", "--config", ws.configPath])).stdout);
      expect(json.accounts[0]).toMatchObject({ responsible: null, purpose: "Informera invånarna" });
    } finally {
      ws.cleanup();
    }
  });

  it("say nothing on stderr for a list without gaps", async () => {
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("fb-kommun", "https://www.facebook.com/kommun")] });
    try {
      const r = await runCli(["accounts", "--html", "--config", ws.configPath]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
    } finally {
      ws.cleanup();
    }
  });
});

describe("the contact address the public list gives", () => {
  it("is the account's publicEmail as written, and one taken from the configuration by how it looks is named on stderr for a person to check", async () => {
    const ws = makeWorkspace({ organisation: ORG, accounts: [
      // A unit's mailbox whose name holds the responsible's surname ("ek" of bibliotek), and a nickname's address.
      account("bibliotek", "https://www.facebook.com/bibliotek", { responsible: { name: "Eva Ek", email: "bibliotek@overkalix.se" } }),
      account("ungdom", "https://www.facebook.com/ungdom", { responsible: { name: "Gunilla Gran", email: "gullan.g@overkalix.se" } }),
      account("fritid", "https://www.facebook.com/fritid", { responsible: { name: "Per Holm", email: "per.holm@overkalix.se" }, publicEmail: "fritid@overkalix.se" }),
      account("skola", "https://www.facebook.com/skola", { responsible: { name: "Ola Ode", email: "skolan@overkalix.se" }, publicEmail: null }),
    ] });
    try {
      const html = await runCli(["accounts", "--html", "--config", ws.configPath]);
      expect(html.code, html.stderr).toBe(0);
      const contacts = [...html.stdout.matchAll(/Kontakt: <a href="mailto:([^"]+)"/g)].map((m) => m[1]);
      expect(contacts).toEqual(["bibliotek@overkalix.se", "gullan.g@overkalix.se", "fritid@overkalix.se"]);
      expect(html.stdout).not.toContain("per.holm@");
      expect(html.stdout).not.toContain("skolan@");
      expect(unnamed(html.stderr, ws)).toContain(`Note: the list gives these addresses as the contact ("Kontakt"), taken from the configuration because they do not look like a person's own mailbox: bibliotek: bibliotek@overkalix.se (the responsible's), ungdom: gullan.g@overkalix.se (the responsible's). Check that each is a shared mailbox the public may write to; to choose the address yourself, give the account publicEmail: with the address (or publicEmail: null for none), and make the list again.`);
      const csv = await runCli(["accounts", "--csv", "--config", ws.configPath]);
      expect(csv.stdout).toContain("fritid@overkalix.se");
      expect(csv.stderr).toContain("gullan.g@overkalix.se (the responsible's)");
      expect((await runCli(["config", "check", "--config", ws.configPath])).code).toBe(0);
    } finally {
      ws.cleanup();
    }
  });
});

describe("the register's gaps in status", () => {
  it("are said by account, each with its part of the policy, as a web manager who reads status alone is to learn of them, and given in --json", async () => {
    const ws = makeWorkspace({ organisation: ORG, accounts: [
      account("fb-kommun", "https://www.facebook.com/kommun"),
      account("tiktok-fritid", "https://www.tiktok.com/@fritid", { platform: "tiktok", administrators: [{ name: "Anna Andersson" }], substitute: undefined, responsible: undefined }),
    ] });
    try {
      const st = await runCli(["status", "--config", ws.configPath]);
      expect(st.code, st.stderr).toBe(0);
      const note = unnamed(st.stdout, ws).split("\n").find((l) => l.includes("policy warnings about")) ?? "";
      // Each warning said, with the part of the policy it is of, not "such as".
      expect(note).toBe(`Note: the configuration has 3 policy warnings about the accounts in its register: tiktok-fritid: too few administrators ("Administrera konto"), no substitute ("Gallra olämpliga inlägg"), no responsible person ("Redovisa sociala medier"). "somarkiv config check" says each with what to do.`);
      const json = JSON.parse((await runCli(["status", "--json", "--config", ws.configPath])).stdout) as { registerWarnings: Array<{ accountId: string; code: string }> };
      expect(json.registerWarnings.map((w) => w.accountId)).toEqual(["tiktok-fritid", "tiktok-fritid", "tiktok-fritid"]);
      const check = await runCli(["config", "check", "--json", "--config", ws.configPath]);
      const fromCheck = (JSON.parse(check.stdout) as { warnings: Array<{ accountId?: string; code: string }> }).warnings.filter((w) => w.accountId === "tiktok-fritid").map((w) => w.code);
      expect(json.registerWarnings.map((w) => w.code)).toEqual(fromCheck);
    } finally {
      ws.cleanup();
    }
  });
});

describe("an account the log has records of, taken out of the file", () => {
  it("is a gap of the list, and the note of the other policy warnings does not say there is none", async () => {
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("fb-kommun", "https://www.facebook.com/kommun", { administrators: [{ name: "Anna Andersson" }] })] });
    try {
      const log = RecordLog.open(ws.database);
      snapshot(log, "tiktok-fritid", "2026-H1", 1, "2026-06-10T06:00:00.000Z", false, ws.objects);
      log.close();
      const r = await runCli(["accounts", "--html", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      const said = unnamed(r.stderr, ws);
      expect(said).toContain(`WARNING: The log has records of account "tiktok-fritid"`);
      expect(said).toContain("Note: 1 policy warning about the accounts; \"somarkiv config check\" shows it with what to do.");
      expect(said).not.toContain("none a gap in the list itself");
    } finally {
      ws.cleanup();
    }
  });
});

describe("a closed account's closing record in config check and status", () => {
  it("warns of a closing date before the day its closing record showed the account still open, saying which to correct", async () => {
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("fb-kommun", "https://www.facebook.com/fb-kommun", { status: "closed", closedOn: "2026-10-01" })] });
    try {
      const log = RecordLog.open(ws.database);
      snapshot(log, "fb-kommun", "2026-H1", 1, "2026-06-10T06:00:00.000Z", false, ws.objects);
      const closing = snapshot(log, "fb-kommun", "2026-H2", 1, "2026-11-20T09:00:00.000Z", true, ws.objects);
      log.close();
      const { check, status, json } = await both(ws);
      expect(check).not.toContain("No policy warnings");
      expect(check).toContain(`Account "fb-kommun" (Konto fb-kommun, Facebook) is marked as closed on 2026-10-01, but its closing record (${closing}) was taken 2026-11-20 and shows it still open then, so the public list gives a closing day before the archive's last snapshot of it. Correct closedOn to the day the account was closed on the platform, 2026-11-20 or later.`);
      expect(status).toContain(`      WARNING: closedOn is 2026-10-01, before its closing record ${closing}, taken 2026-11-20 with the account still open: correct closedOn in the configuration to the day it was closed on the platform (2026-11-20 or later)\n`);
      expect(json.accounts[0]!.closedBeforeLastSnapshot).toEqual({ closedOn: "2026-10-01", recordId: closing, takenOn: "2026-11-20", closingRecord: true });
      // Corrected, nothing more is said.
      ws.write({ organisation: ORG, accounts: [account("fb-kommun", "https://www.facebook.com/fb-kommun", { status: "closed", closedOn: "2026-11-20" })] });
      const after = await both(ws);
      expect(after.check).toContain("No policy warnings");
      expect(after.status).not.toContain("closedOn is");
    } finally {
      ws.cleanup();
    }
  });

  it("warns of a closing date before an ordinary snapshot that showed the account still open, naming the snapshot and its day", async () => {
    // As reported: closed on 1 November, while its snapshot of 4 December shows its December posts.
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("fb-kommun", "https://www.facebook.com/fb-kommun", { status: "closed", closedOn: "2026-11-01" })] });
    try {
      const log = RecordLog.open(ws.database);
      snapshot(log, "fb-kommun", "2026-H1", 1, "2026-06-10T06:00:00.000Z", false, ws.objects);
      const december = snapshot(log, "fb-kommun", "2026-H2", 1, "2026-12-04T06:00:00.000Z", false, ws.objects);
      log.close();
      const { check, status, json } = await both(ws);
      expect(check).toContain(`Account "fb-kommun" (Konto fb-kommun, Facebook) is marked as closed on 2026-11-01, but its snapshot (${december}) was taken 2026-12-04 and shows it still open then, so the public list gives a closing day before the archive's last snapshot of it. Correct closedOn to the day the account was closed on the platform, 2026-12-04 or later; if it is still open, set status: active again (and closedOn away), or take its closing record with "somarkiv capture --account fb-kommun --final" before closing it.`);
      expect(status).toContain(`      WARNING: closedOn is 2026-11-01, before its snapshot ${december}, taken 2026-12-04 with the account still open: correct closedOn in the configuration to the day it was closed on the platform (2026-12-04 or later); if it is still open, set status: active again, or take its closing record (somarkiv capture --account fb-kommun --final) before closing it\n`);
      expect(json.accounts[0]!.closedBeforeLastSnapshot).toEqual({ closedOn: "2026-11-01", recordId: december, takenOn: "2026-12-04", closingRecord: false });
      // Closed after the day of its last snapshot, the date stands.
      ws.write({ organisation: ORG, accounts: [account("fb-kommun", "https://www.facebook.com/fb-kommun", { status: "closed", closedOn: "2026-12-04" })] });
      const after = await both(ws);
      expect(after.check).not.toContain("is marked as closed on");
      expect(after.status).not.toContain("closedOn is");
    } finally {
      ws.cleanup();
    }
  });

  it("does not warn for ever of a missing closing record when the page was gone when it was asked for, and says once that its last snapshot stands", async () => {
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("fb-gamla", "https://www.facebook.com/fb-gamla", { status: "closed", closedOn: "2026-11-20" })] });
    try {
      const log = RecordLog.open(ws.database);
      const last = snapshot(log, "fb-gamla", "2026-H1", 1, "2026-06-10T06:00:00.000Z", false, ws.objects);
      const failed = goneAtClosing(log, "fb-gamla", "2026-H2", "2026-11-20T09:00:00.000Z");
      log.close();
      const { check, status, json } = await both(ws);
      expect(check).toContain("No policy warnings");
      // Said with its bounds, naming where the policy's points left to people are listed.
      expect(check).toContain(`No policy warnings among what somarkiv checks (the register, the snapshots, passive accounts); README's "What the policy asks that somarkiv does not check" lists the points left to people.`);
      expect(check).toContain(`  records ok: account "fb-gamla" (Konto fb-gamla) has no closing record: its page was gone when one was asked for on 2026-11-20 (${failed}), so its last half-year snapshot, ${last}, stands as its last record.\n`);
      expect(status).not.toContain("no closing record of it");
      expect(status).toContain(`      no closing record: its page was gone when one was asked for on 2026-11-20 (${failed}), so its last half-year snapshot, ${last}, stands as its last record\n`);
      expect(json.accounts[0]).toMatchObject({ closedWithoutClosingRecord: false, goneAtClosing: { recordId: failed, httpStatus: 404 } });
    } finally {
      ws.cleanup();
    }
  });

  it("says of a closed account never captured, its closing record asked for when its page was gone, that the archive holds nothing of it, and keeps its missing half-year among the policy warnings", async () => {
    // As reported: instagram-skolan failed (404) in June and December, closed 1 November, capture --final failed too.
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("ig-skolan", "https://www.facebook.com/ig-skolan", { status: "closed", closedOn: "2026-11-01" })] });
    try {
      const log = RecordLog.open(ws.database);
      goneAtClosing(log, "ig-skolan", "2026-H1", "2026-06-10T06:00:00.000Z", false);
      const failed = goneAtClosing(log, "ig-skolan", "2026-H2", "2026-12-04T09:00:00.000Z");
      log.close();
      const { check, status, json } = await both(ws);
      expect(check).not.toContain("stands as its last record");
      expect(check).toContain(`  records WARNING: account "ig-skolan" (Konto ig-skolan) has no record at all: no snapshot of it was ever taken, and its page was gone when its closing record was asked for on 2026-12-04 (${failed}), so the archive holds nothing of it. Tell the registrar, so that the account is filed as closed without a record;`);
      expect(check).not.toContain("No policy warnings");
      expect(check).toContain(`Account "ig-skolan" (Konto ig-skolan, Facebook) has no snapshot of 2026-H1, a half-year since it was first in use (its first record, or in the configuration at a wake or a capture) that ended with none taken`);
      expect(check).toContain("It is closed, so none can be taken any more.");
      expect(status).not.toContain("stands as its last record");
      expect(status).toContain(`      WARNING: no record at all: no snapshot of it was ever taken, and its page was gone when its closing record was asked for on 2026-12-04 (${failed})`);
      expect(json.accounts[0]).toMatchObject({ lastSnapshot: null, goneAtClosing: { recordId: failed } });
      // Its missing half-year is not sent to a capture that would fail the same way.
      expect(status).not.toContain("somarkiv capture --account ig-skolan --period");
      // Its gap is said with why it stays one: the page is gone, so not even the half-year just ended can be made up.
      expect(status).toMatch(/ig-skolan has none of [^.]*2026-H1[^]*; of ig-skolan, whose page was gone when its closing record was asked for, not even \d{4}-H[12] can be made up\./);
    } finally {
      ws.cleanup();
    }
  });

  it("does not advise taking again, with --force, a closing record asked for when the page was gone, after a snapshot of this half-year", async () => {
    const now = new Date();
    const period = periodOf(now, "Europe/Stockholm");
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("fb-borta", "https://www.facebook.com/fb-borta", { status: "closed" })] });
    try {
      const log = RecordLog.open(ws.database);
      const last = snapshot(log, "fb-borta", period, 1, new Date(now.getTime() - 60_000).toISOString(), false, ws.objects);
      const failed = goneAtClosing(log, "fb-borta", period, now.toISOString());
      log.close();
      const { status } = await both(ws);
      expect(status).toContain(`no closing record: its page was gone when one was asked for`);
      expect(status).toContain(`(${failed}), so its last half-year snapshot, ${last}, stands as its last record`);
      // Following it, capture refused: the closing record is the account's last, and its page is gone.
      expect(status).not.toContain("--force --reason");
      expect(status).not.toContain("a new version taken");
    } finally {
      ws.cleanup();
    }
  });

  it("still warns of a closed account whose closing record was never asked for, or failed for another reason", async () => {
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("fb-gamla", "https://www.facebook.com/fb-gamla", { status: "closed", closedOn: "2026-11-20" })] });
    try {
      const log = RecordLog.open(ws.database);
      snapshot(log, "fb-gamla", "2026-H1", 1, "2026-06-10T06:00:00.000Z", false, ws.objects);
      log.records.insertFailed({
        recordId: "fb-gamla_2026-H2_failed", accountId: "fb-gamla", period: "2026-H2", final: true, capturedAt: "2026-11-20T09:00:00.000Z", url: "https://www.facebook.com/fb-gamla",
        finalUrl: null, httpStatus: null, reason: "network-error", error: "Could not reach the site.", consent: null, flags: [], failureScreenshot: null, runId: null,
      });
      log.close();
      const { check, status } = await both(ws);
      expect(check).toContain(`Account "fb-gamla" (Konto fb-gamla, Facebook) is closed, but the log has no closing record of it`);
      expect(status).toContain(`      closed, but the log has no closing record of it`);
    } finally {
      ws.cleanup();
    }
  });
});
