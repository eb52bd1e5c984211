// What somarkiv writes of its own (the log, its backups, the spool, failed captures' screenshots)
// holds citizens' words and faces: run by hand, with a shell's umask of 022, it is still not for others.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { account, makeLog, makeWorkspace, runCli } from "../helpers/cli.ts";

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

describe("backup", () => {
  it("gives the copy the log's own mode: a private log's backup is private, though the umask is 022", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    try {
      makeLog(ws);
      fs.chmodSync(ws.database, 0o600);
      const dest = path.join(ws.dir, "backups", "copy.sqlite");
      fs.mkdirSync(path.dirname(dest));
      const r = await runCli(["backup", "--config", ws.configPath, dest], { umask: "022" });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Backed up the log (0 records) to ${dest}`);
      expect(modeOf(dest).toString(8)).toBe("600");
      // A log an operator shares with a group keeps it so in its backup.
      fs.chmodSync(ws.database, 0o640);
      const shared = path.join(ws.dir, "backups", "shared.sqlite");
      expect((await runCli(["backup", "--config", ws.configPath, shared], { umask: "022" })).code).toBe(0);
      expect(modeOf(shared).toString(8)).toBe("640");
    } finally {
      ws.cleanup();
    }
  });
});

describe("run by hand with a umask of 022", () => {
  it("the log, its journal, the spool, its files and a failed capture's screenshot are not for others; the intake folder and the store are left as the umask makes them", async () => {
    const site = http.createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(req.url === "/tom" ? "<html><body></body></html>" : "<html><head><title>Kommunen</title></head><body><h1>Överkalix kommun</h1><p>Kerstin Lindqvist: tack för snöröjningen!</p></body></html>");
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    const at = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", `${at}/kommun`), account("tom", `${at}/tom`)] });
    try {
      ws.write({ organisation: { name: "X" }, accounts: [account("kommun", `${at}/kommun`), account("tom", `${at}/tom`)], database: "data/somarkiv.sqlite" });
      const data = path.join(ws.dir, "data");
      const r = await runCli(["capture", "--config", ws.configPath], { umask: "022" });
      expect(r.stderr).toContain("looked empty");
      const log = path.join(data, "somarkiv.sqlite");
      for (const f of [log, `${log}-wal`, `${log}-shm`].filter((x) => fs.existsSync(x))) expect(modeOf(f).toString(8), f).toBe("640");
      expect(modeOf(data).toString(8)).toBe("750");
      const failed = path.join(data, "failed");
      const shots = fs.readdirSync(failed);
      expect(shots).toHaveLength(1);
      expect(modeOf(failed).toString(8)).toBe("750");
      expect(modeOf(path.join(failed, shots[0]!)).toString(8)).toBe("640");
      const spool = path.join(data, "spool");
      expect(modeOf(spool).toString(8)).toBe("750");
      // The spool's own name beside it, and whatever else somarkiv keeps in its data folder.
      const files = fs.readdirSync(data, { withFileTypes: true }).filter((e) => e.isFile());
      expect(files.length).toBeGreaterThan(1);
      for (const e of files) expect(modeOf(path.join(data, e.name)).toString(8), e.name).toBe("640");
      // Shared by design: the registrar reads the intake folder.
      const delivered = fs.readdirSync(ws.intake, { recursive: true }).map(String).filter((f) => f.endsWith(".pdf"));
      expect(delivered).toHaveLength(1);
      expect(modeOf(path.join(ws.intake, delivered[0]!)) & 0o004).toBe(0o004);
    } finally {
      ws.cleanup();
      site.close();
    }
  });
});

describe("a record waiting in the spool, its intake down, run by hand with a umask of 022", () => {
  it("has its PDF and manifest 0640 and its folder 0750", async () => {
    const site = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<html><head><title>Kommunen</title></head><body><h1>Överkalix kommun</h1><p>Kerstin Lindqvist: tack för snöröjningen!</p></body></html>");
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    const at = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const ws = makeWorkspace({});
    try {
      // The mail server is not there (nothing listens on port 9): the record waits to be sent.
      ws.write({
        organisation: { name: "X" }, accounts: [account("kommun", `${at}/kommun`)],
        intake: [{ type: "email", to: "registrator@example.se", from: "somarkiv@example.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }],
      });
      const r = await runCli(["capture", "--config", ws.configPath], { umask: "022", env: { SOMARKIV_TEST_SMTP: "smtp://127.0.0.1:9" } });
      expect(r.code, r.stderr).toBe(1);
      const spool = path.join(ws.dir, "spool");
      const waiting = fs.readdirSync(spool, { withFileTypes: true }).filter((e) => e.isDirectory());
      expect(waiting.map((e) => e.name)).toEqual([expect.stringMatching(/^kommun_\d{4}-H[12]_v1$/)]);
      const folder = path.join(spool, waiting[0]!.name);
      expect(modeOf(folder).toString(8)).toBe("750");
      const files = fs.readdirSync(folder);
      expect(files.sort()).toEqual([`${waiting[0]!.name}.json`, `${waiting[0]!.name}.pdf`]);
      for (const f of files) expect(modeOf(path.join(folder, f)).toString(8), f).toBe("640");
    } finally {
      ws.cleanup();
      site.close();
    }
  });
});
