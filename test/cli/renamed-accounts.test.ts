/**
 * An account's id changed in the file, and accounts taken out of it, as the communicator meets them:
 * the advice to change the id back went on once the new id had records of its own (and, followed,
 * advised changing it back again); a closed account was said to be captured again; and config check
 * said "No policy warnings" while the public list lost an account. On the real command line over a
 * synthetic log (no browser).
 */
import { describe, it, expect } from "vitest";
import { runCli, makeWorkspace, account, unnamed, type Workspace } from "../helpers/cli.ts";
import { lastFinishedPeriod, previousPeriod } from "../../src/schedule/index.ts";
import { RecordLog } from "../../src/log/index.ts";
import { recordKey } from "../../src/storage/index.ts";
import fs from "node:fs";
import path from "node:path";

const ORG = { name: "Överkalix kommun", website: "https://www.overkalix.se", switchboard: "0926-140 00" };
const last = lastFinishedPeriod(new Date(), "Europe/Stockholm");
const before = previousPeriod(last);

/** A snapshot of the account at url in the log, stored and delivered (no files: what is said here is read from the log). */
function snapshot(log: RecordLog, objects: string, accountId: string, url: string, period: string, version = 1, final = false): string {
  const id = `${accountId}_${period}_v${version}`;
  const capturedAt = `${period.slice(0, 4)}-${period.endsWith("H1") ? "06" : "12"}-0${version + 1}T06:00:00.000Z`;
  log.records.insertCaptured({
    recordId: id, accountId, period, version, final, capturedAt, url, finalUrl: url, httpStatus: 200, sha256: "0".repeat(64), bytes: 1, pages: 1,
    pdfName: `${id}.pdf`, manifestName: `${id}.json`, manifestSha256: "0".repeat(64), manifestBytes: 1, spoolDir: "/nonexistent", consent: "none-found",
    flags: final ? ["final"] : [], previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
  }, ["directory:intake"]);
  log.records.markStored(id, `${period}/${id}.pdf`, `${period}/${id}.json`, "0".repeat(64));
  // A stand-in in the store, so that config check finds there the records the log says it holds.
  fs.mkdirSync(path.dirname(path.join(objects, recordKey(period, accountId, version, "pdf"))), { recursive: true });
  fs.writeFileSync(path.join(objects, recordKey(period, accountId, version, "pdf")), "0");
  log.records.markDelivered(id, "directory:intake", `intake/${id}`);
  log.records.clearSpool(id);
  return id;
}

async function said(ws: Workspace): Promise<{ check: string; status: string }> {
  const check = await runCli(["config", "check", "--config", ws.configPath]);
  const status = await runCli(["status", "--config", ws.configPath]);
  expect([check.code, status.code], check.stdout + status.stderr).toEqual([0, 0]);
  return { check: unnamed(check.stdout, ws), status: unnamed(status.stdout, ws) };
}

const LINKEDIN = "https://www.facebook.com/overkalixkommun";

describe("an account whose id was changed in the file", () => {
  it("is advised back to its old id only while the new id has no records; then the series is said to go on under the new id, whichever id the file has", async () => {
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("linkedin-kommun", LINKEDIN)] });
    try {
      const log = RecordLog.open(ws.database);
      snapshot(log, ws.objects, "linkedin-kommun", LINKEDIN, before);
      const oldLast = snapshot(log, ws.objects, "linkedin-kommun", LINKEDIN, last);
      log.close();
      ws.write({ organisation: ORG, accounts: [account("linkedin-overkalix", LINKEDIN)] });
      const renamed = `The log has records of account "linkedin-kommun", which is no longer in the configuration, and account "linkedin-overkalix" has its address (${LINKEDIN}).`;
      // Before the new id has records: a policy warning of config check, not "No policy warnings" after it.
      const first = await said(ws);
      expect(first.check).not.toContain("No policy warnings");
      expect(first.check).toContain(`  - ${renamed} If the id was changed (or the account was entered twice and one entry was removed), the new id's series starts anew and its half-year snapshot is taken again; to keep one series, add this line to account "linkedin-overkalix" in the file before the next capture, so that the records under "linkedin-kommun" are read as its series (they keep their ids): formerIds: [linkedin-kommun]. Or change the id back to "linkedin-kommun". [Dokumentera]`);
      expect(first.status).toContain(`WARNING: ${renamed}`);

      // The new id took its own record: its series has begun, and changing back would split it again.
      const log2 = RecordLog.open(ws.database);
      const newFirst = snapshot(log2, ws.objects, "linkedin-overkalix", LINKEDIN, last, 2);
      log2.close();
      const after = await said(ws);
      const goesOn = `${renamed} The id was changed (or the account was entered twice, under two ids, and one entry was removed), and the account has records under both: under "linkedin-kommun" (the last ${oldLast}) and under "linkedin-overkalix" (the first ${newFirst}); its series continues under "linkedin-overkalix", the id in the file. Add this line to account "linkedin-overkalix" in the file, so that what is due, the gaps, the closing record and each record's previous snapshot read the records of both ids as one series (they keep their ids): formerIds: [linkedin-kommun]. Tell the registrar, so that the records of both ids are filed as one series of the account. Keep the id "linkedin-overkalix": changing it back now would split the series again.`;
      for (const out of [after.check, after.status]) expect(out).not.toContain("change the id back");
      expect(after.status).toContain(`\nNote: ${goesOn}\n`);
      expect(after.check).toContain(`  records ok: ${goesOn}\n`);
      expect(after.check).toContain("No policy warnings");

      // Changed back all the same: the other id is not advised back either.
      ws.write({ organisation: ORG, accounts: [account("linkedin-kommun", LINKEDIN)] });
      const back = await said(ws);
      for (const out of [back.check, back.status]) expect(out).not.toContain("change the id back");
      expect(back.status).toContain(`Note: The log has records of account "linkedin-overkalix", which is no longer in the configuration, and account "linkedin-kommun" has its address (${LINKEDIN}). The id was changed`);
    } finally {
      ws.cleanup();
    }
  });

  it("closed under its new id is not said to be captured again", async () => {
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("linkedin-kommun", LINKEDIN)] });
    try {
      const log = RecordLog.open(ws.database);
      snapshot(log, ws.objects, "linkedin-kommun", LINKEDIN, before);
      snapshot(log, ws.objects, "linkedin-kommun", LINKEDIN, last, 2, true);
      log.close();
      ws.write({ organisation: ORG, accounts: [account("linkedin-overkalix", LINKEDIN, { status: "closed", closedOn: `${last.slice(0, 4)}-${last.endsWith("H1") ? "06" : "12"}-20` })] });
      const { check, status } = await said(ws);
      for (const out of [check, status]) {
        expect(out).not.toContain("snapshot is taken again");
        expect(out).toContain(`If the id was changed, the account's records stay filed under "linkedin-kommun" while the public list of accounts names it "linkedin-overkalix"; nothing more is taken of a closed account. To have both name it alike, change the id back to "linkedin-kommun"; to keep the id "linkedin-overkalix", add this line to account "linkedin-overkalix" in the file, so that its records under "linkedin-kommun" (its closing record among them) are read as its series: formerIds: [linkedin-kommun].`);
      }
    } finally {
      ws.cleanup();
    }
  });
});

describe("accounts taken out of the file", () => {
  it("are policy warnings of config check, as status and the public list warn, and a removed active account is to be put back before its last snapshot", async () => {
    const tiktok = "https://www.facebook.com/tiktok-ungdom";
    const vimeo = "https://www.facebook.com/vimeo-kommun";
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("kommun", "https://www.facebook.com/kommun")] });
    try {
      const log = RecordLog.open(ws.database);
      for (const p of [before, last]) snapshot(log, ws.objects, "kommun", "https://www.facebook.com/kommun", p);
      snapshot(log, ws.objects, "tiktok-ungdom", tiktok, before);
      const closing = snapshot(log, ws.objects, "tiktok-ungdom", tiktok, before, 2, true);
      for (const p of [before, last]) snapshot(log, ws.objects, "vimeo-kommun", vimeo, p);
      log.close();
      const r = await runCli(["config", "check", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      const check = unnamed(r.stdout, ws);
      expect(check).not.toContain("No policy warnings");
      expect(check).toContain("2 policy warnings:");
      expect(check).toContain(`  - The log has records of account "tiktok-ungdom" (${tiktok}), closed with its closing record ${closing}, which is no longer in the configuration: the public list of accounts leaves it out, though a closed account stays on it (with when it was closed) as long as its records are kept. Put it back with status: closed and closedOn. [Redovisa sociala medier]`);
      const removed = `The log has records of account "vimeo-kommun" (${vimeo}), which is no longer in the configuration and has no closing record. Until it is back in the file nothing is captured of it and the public list of accounts leaves it out. Put it back first (nothing can be taken of an account the file does not name): if it still runs, as it was; if it is closed or to be closed, take its last snapshot while its page is still there (somarkiv capture --account vimeo-kommun --final), then set status: closed and closedOn.`;
      expect(check).toContain(`  - ${removed} [Redovisa sociala medier]`);
      const json = JSON.parse((await runCli(["config", "check", "--json", "--config", ws.configPath])).stdout);
      expect(json.warnings.filter((w: { code: string }) => w.code === "account-not-in-configuration").map((w: { accountId: string }) => w.accountId)).toEqual(["tiktok-ungdom", "vimeo-kommun"]);
      // status and the public list say the same words.
      expect(unnamed((await runCli(["status", "--config", ws.configPath])).stdout, ws)).toContain(`WARNING: ${removed}`);
      expect(unnamed((await runCli(["accounts", "--html", "--config", ws.configPath])).stderr, ws)).toContain(`WARNING: ${removed}`);
    } finally {
      ws.cleanup();
    }
  });
});

describe("one account entered twice, and the later entry removed as advised", () => {
  it("is said to be the account still in the file, its address written otherwise, with formerIds, not to be put back and closed", async () => {
    const kept = "https://m.facebook.com/overkalixkommun/?mibextid=ZbWKwL";
    const removedUrl = "https://www.facebook.com/OverkalixKommun/";
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("facebook-kommun", kept)] });
    try {
      const log = RecordLog.open(ws.database);
      snapshot(log, ws.objects, "facebook-kommun", kept, last);
      snapshot(log, ws.objects, "facebook-kommun-2", removedUrl, last);
      log.close();
      const { check, status } = await said(ws);
      const note = `The log has records of account "facebook-kommun-2", which is no longer in the configuration, and account "facebook-kommun" has its address (${removedUrl}). The id was changed (or the account was entered twice, under two ids, and one entry was removed), and the account has records under both`;
      expect(check).toContain(note);
      expect(check).toContain("formerIds: [facebook-kommun-2]");
      expect(status).toContain(note);
      for (const out of [check, status]) expect(out).not.toContain("--account facebook-kommun-2 --final");
    } finally {
      ws.cleanup();
    }
  });
});
