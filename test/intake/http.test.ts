import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import https from "node:https";
import http from "node:http";
import getTLSOptions from "smtp-server/lib/tls-options.js";
import { createHash } from "node:crypto";
import { createIntakeTargets, DeliveryError, diaryNumber, failureIn, isPermanent, refusedDiaryNumber } from "../../src/intake/index.ts";
import { answerLostAfterUpload } from "../../src/intake/http.ts";
import { startHttpIntake, type TestHttpIntake } from "../helpers/httpIntake.ts";
import { makeRecord, type RecordFiles } from "./record.ts";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const TOKEN = "s3cr3t-token-Överkalix";

let tmp: string;
let record: RecordFiles;
let intake: TestHttpIntake | undefined;

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "somarkiv-intake-http-"));
  record = await makeRecord(tmp);
});
afterEach(async () => {
  await intake?.stop();
  intake = undefined;
  await fs.rm(tmp, { recursive: true, force: true });
});

describe("HTTP intake", () => {
  it("is checked for config check by asking its address once with the token, registering nothing: one that answers, a wrong token, nothing listening", async () => {
    intake = await startHttpIntake({ token: TOKEN });
    const target = (env: Record<string, string>, url = intake!.url) => createIntakeTargets([{ type: "http", url, tokenEnv: "SOMARKIV_INTAKE_TOKEN" }], env)[0]!;
    expect(await target({ SOMARKIV_INTAKE_TOKEN: TOKEN }).check!()).toEqual([{ level: "ok", message: `The registrar's intake at ${intake.url} answers (HTTP 405 Method Not Allowed); records are sent to it one by one.` }]);
    expect(intake.requests.map((r) => [r.method, r.headers["authorization"]])).toEqual([["HEAD", `Bearer ${TOKEN}`]]);
    expect(intake.registered.size).toBe(0);
    const wrong = await target({ SOMARKIV_INTAKE_TOKEN: "fel" }).check!();
    expect(wrong).toEqual([{ level: "error", message: `The registrar's intake at ${intake.url} refused access (HTTP 401 Unauthorized); check the token in the environment variable SOMARKIV_INTAKE_TOKEN.` }]);
    const closed = await new Promise<number>((resolve) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); }); });
    const none = await target({ SOMARKIV_INTAKE_TOKEN: TOKEN }, `http://127.0.0.1:${closed}/intake`).check!();
    expect(none).toEqual([{ level: "error", message: `Could not reach the registrar's intake at http://127.0.0.1:${closed}/intake (the connection was refused): nothing answers at that address and port; check that the intake is running and that its url: in the configuration has the right host and port.` }]);
    // A token not set here is said by config check itself, not asked for.
    expect(await target({}).check!()).toEqual([]);
  });


  it("retries after a server failure and returns the diary number the intake gives", async () => {
    intake = await startHttpIntake({ failFirst: 1, token: TOKEN });
    const [target] = createIntakeTargets([{ type: "http", url: intake.url, tokenEnv: "SOMARKIV_INTAKE_TOKEN" }], { SOMARKIV_INTAKE_TOKEN: TOKEN });
    expect(target.name).toBe(`http:${intake.url}`);

    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toContain("HTTP 503");
    expect((error as Error).message).toContain("diariet underhålls");
    expect((error as Error).message).not.toContain(TOKEN);
    expect(isPermanent(error)).toBe(false);

    const receipt = await target.deliver(record.item);
    expect(receipt.dnr).toBe("KS 2026/123");
    expect(receipt.receipt).toContain("HTTP 201");

    expect(intake.requests).toHaveLength(2);
    for (const request of intake.requests) {
      expect(request.headers["authorization"]).toBe(`Bearer ${TOKEN}`);
      expect(request.headers["idempotency-key"]).toBe(record.item.recordId);
    }
    const accepted = intake.requests[1];
    expect(accepted.fields.recordId).toBe(record.item.recordId);
    expect(accepted.files.pdf.name).toBe(record.item.pdfName);
    expect(accepted.files.pdf.type).toBe("application/pdf");
    expect(sha(accepted.files.pdf.content)).toBe(record.item.sha256);
    expect(accepted.files.manifest.name).toBe(record.item.manifestName);
    expect(accepted.files.manifest.content.equals(await fs.readFile(record.item.manifestPath))).toBe(true);
  });

  it("tells the intake of a record sent again at a person's asking (deliver --again) that it may be a repeat, and says nothing of the kind on its first delivery", async () => {
    intake = await startHttpIntake();
    const [target] = createIntakeTargets([{ type: "http", url: intake.url }], {});
    await target.deliver(record.item);
    await target.deliver({ ...record.item, deliveredAgain: true });
    const [first, again] = intake.requests;
    expect([first.fields.repeat, first.headers["x-somarkiv-repeat"]]).toEqual([undefined, undefined]);
    expect(again.fields.repeat).toBe("kan vara en upprepning");
    expect(again.headers["x-somarkiv-repeat"]).toBe("deliver-again");
    expect(again.headers["idempotency-key"]).toBe(record.item.recordId);
    expect(sha(again.files.pdf.content)).toBe(record.item.sha256);
  });

  it("sends the same idempotency key again, so a resend after a crash is registered once", async () => {
    intake = await startHttpIntake();
    const [target] = createIntakeTargets([{ type: "http", url: intake.url }], {});
    const first = await target.deliver(record.item);
    const second = await target.deliver(record.item);
    expect(second.dnr).toBe(first.dnr);
    expect(intake.registered.size).toBe(1);
    expect(intake.requests[0].headers["authorization"]).toBeUndefined();
  });

  it("treats a 400 as permanent and never echoes the token", async () => {
    intake = await startHttpIntake({ always: { status: 400, body: `missing field "diarieplan"; got Authorization: Bearer ${TOKEN}` } });
    const [target] = createIntakeTargets([{ type: "http", url: intake.url, tokenEnv: "T" }], { T: TOKEN });
    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    const message = (error as Error).message;
    expect(message).toContain("refused the record: HTTP 400");
    expect(message).toContain('missing field "diarieplan"');
    expect(message).not.toContain(TOKEN);
    expect(isPermanent(error)).toBe(true);
  });

  it("blanks the address's query values, and the token in an answer that echoes them, on one line without control characters", async () => {
    // An intake whose error page repeats the request: its path and query, and an escape sequence and CR LF after them.
    const server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(500, { "content-type": "text/plain" }).end(`Fel vid POST till ${req.url} med ${req.headers.authorization} och ${decodeURIComponent(req.url!)} \u001b[2J\u202e\r\nX-Injected: yes; lower: ${req.url!.toLowerCase()}`));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const url = `http://127.0.0.1:${port}/api/intake?apikey=URLSECRET999&sig=a%2Fb%2Bc%3D&v=1`;
      const [target] = createIntakeTargets([{ type: "http", url, tokenEnv: "T" }], { T: TOKEN });
      const error = await target.deliver(record.item).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      const message = (error as Error).message;
      expect(message).toContain(`the registrar's intake at http://127.0.0.1:${port}/api/intake failed: HTTP 500 Internal Server Error (Fel vid POST till /api/intake?apikey=***&sig=***&v=1 med Bearer *** och /api/intake?apikey=***&sig=***&v=1 [2J X-Injected: yes; lower: /api/intake?apikey=***&sig=***&v=1)`);
      // Nor in another letter case, as an intake that lowers the address it echoes gives it.
      for (const secret of ["URLSECRET999", "a%2Fb%2Bc%3D", "a/b+c=", TOKEN]) expect(message.toLowerCase()).not.toContain(secret.toLowerCase());
      expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("blanks a short value of a secret-named query parameter (?token=abc), and leaves the answer's own words", async () => {
    // An intake that repeats the request's address, and whose own words hold the short value too.
    const server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(500, { "content-type": "text/plain" }).end(`abc: fel vid POST till ${req.url}, i gemener ${req.url!.toLowerCase()}`));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const url = `http://127.0.0.1:${port}/api/intake?token=abc&v=1&ApiKey=x9&Sig=%2F`;
      const [target] = createIntakeTargets([{ type: "http", url }], {});
      const message = ((await target.deliver(record.item).catch((e: unknown) => e)) as Error).message;
      expect(message).toContain(`(abc: fel vid POST till /api/intake?token=***&v=1&ApiKey=***&Sig=***, i gemener /api/intake?token=***&v=1&apikey=***&sig=***)`);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("says plainly when the record is larger than the intake accepts (413)", async () => {
    intake = await startHttpIntake({ always: { status: 413, body: "Request Entity Too Large" } });
    const [target] = createIntakeTargets([{ type: "http", url: intake.url }], {});
    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/the record is larger than the registrar's intake at .* accepts: HTTP 413.*accept larger records, or deliver to a folder/);
    expect(isPermanent(error)).toBe(true);
  });

  it("says when the token is refused, naming the environment variable but not the token", async () => {
    intake = await startHttpIntake({ token: "the-right-one" });
    const [target] = createIntakeTargets([{ type: "http", url: intake.url, tokenEnv: "SOMARKIV_INTAKE_TOKEN" }], { SOMARKIV_INTAKE_TOKEN: TOKEN });
    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect((error as Error).message).toContain("refused access: HTTP 401");
    expect((error as Error).message).toContain("SOMARKIV_INTAKE_TOKEN");
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it.each([408, 429])("treats %i as temporary", async (status) => {
    intake = await startHttpIntake({ failFirst: 1, failStatus: status });
    const [target] = createIntakeTargets([{ type: "http", url: intake.url }], {});
    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`is busy: HTTP ${status}`);
    expect(isPermanent(error)).toBe(false);
    expect((await target.deliver(record.item)).dnr).toBe("KS 2026/123");
  });

  it("passes on how long a busy or paused intake asks us to wait (Retry-After), and says it in the message", async () => {
    intake = await startHttpIntake({ failFirst: 2, failStatus: 429, failHeaders: { "Retry-After": "7200" } });
    const [target] = createIntakeTargets([{ type: "http", url: intake.url }], {});
    const busy = await target.deliver(record.item).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(DeliveryError);
    expect((busy as DeliveryError).retryAfterMs).toBe(7_200_000);
    expect((busy as Error).message).toContain("is busy: HTTP 429");
    expect((busy as Error).message).toContain("it asked to wait 2 hours");
    expect(isPermanent(busy)).toBe(false);
    await intake.stop();

    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 20 * 60_000);
    intake = await startHttpIntake({ failFirst: 1, failStatus: 503, failHeaders: { "Retry-After": at.toUTCString() } });
    const [paused] = createIntakeTargets([{ type: "http", url: intake.url }], {});
    const error = await paused.deliver(record.item).catch((e: unknown) => e) as DeliveryError;
    expect(error.retryAfterMs).toBeGreaterThan(19 * 60_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(20 * 60_000 + 1000);
    expect(error.message).toMatch(/failed: HTTP 503.*it asked to wait 20 minutes/);
    expect((await paused.deliver(record.item)).dnr).toBe("KS 2026/123");
  });

  it("says which file it could not read when the record's file is gone, and sends nothing", async () => {
    intake = await startHttpIntake();
    const [target] = createIntakeTargets([{ type: "http", url: intake.url }], {});
    await fs.rm(record.item.manifestPath);
    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toContain(`could not read ${record.item.manifestPath}`);
    expect(intake.requests).toHaveLength(0);
  });

  it("names a missing token variable at delivery time, and an unreachable intake as temporary", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/intake?apikey=hidden`;
    const [withToken, withoutToken] = createIntakeTargets(
      [{ type: "http", url, tokenEnv: "SOMARKIV_INTAKE_TOKEN" }, { type: "http", url }],
      {},
    );
    await expect(withToken.deliver(record.item)).rejects.toThrow("the environment variable SOMARKIV_INTAKE_TOKEN is not set");
    const error = await withoutToken.deliver(record.item).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`could not reach the registrar's intake at http://127.0.0.1:${port}/intake (the connection was refused)`);
    expect((error as Error).message).not.toContain("hidden");
    expect(withoutToken.name).not.toContain("hidden");
    expect(isPermanent(error)).toBe(false);
  });

  it("says of a connection cut after the intake received the whole record that it may have it, to be sent again with the same Idempotency-Key; a cut in the middle of the upload is said as a cut connection", async () => {
    let received = 0, keys: string[] = [];
    const whole = http.createServer((req) => {
      keys.push(String(req.headers["idempotency-key"]));
      let n = 0;
      req.on("data", (c: Buffer) => { n += c.length; });
      req.on("end", () => { received = n; req.socket.destroy(); });
    });
    await new Promise<void>((r) => whole.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(whole.address() as net.AddressInfo).port}/intake`;
    try {
      const [target] = createIntakeTargets([{ type: "http", url }], {});
      const error = await target.deliver(record.item).catch((e: unknown) => e);
      expect(received).toBeGreaterThan(0);
      expect((error as Error).message).toBe(`the registrar's intake at ${url} received the whole record, but the connection was cut off before it answered, so whether it took the record is not known; it may have it. The record is sent again with the same Idempotency-Key (its record id), which lets the intake see it is the same record and file it once; it will be tried again later`);
      expect(isPermanent(error)).toBe(false);
      await target.deliver(record.item).catch(() => undefined);
      expect(keys).toEqual([record.item.recordId, record.item.recordId]);
    } finally {
      await new Promise((r) => whole.close(r));
    }
    // Cut at the first bytes of the form: the intake cannot have the record.
    const early = http.createServer((req) => { req.once("data", () => req.socket.destroy()); });
    await new Promise<void>((r) => early.listen(0, "127.0.0.1", r));
    const earlyUrl = `http://127.0.0.1:${(early.address() as net.AddressInfo).port}/intake`;
    try {
      const big = { ...record.item, pdfPath: path.join(tmp, "big.pdf") };
      await fs.writeFile(big.pdfPath, Buffer.alloc(3_000_000, 0x25));
      const [target] = createIntakeTargets([{ type: "http", url: earlyUrl }], {});
      const error = await target.deliver(big).catch((e: unknown) => e);
      expect((error as Error).message).toBe(`could not reach the registrar's intake at ${earlyUrl} (the connection was cut off); it will be tried again later`);
    } finally {
      await new Promise((r) => early.close(r));
    }
  });

  it("says a connection reset by the intake after it read the whole record as a cut connection: the reset does not say how much of the record went", async () => {
    let received = 0;
    const reset = http.createServer((req) => {
      req.on("data", (c: Buffer) => { received += c.length; });
      req.on("end", () => req.socket.resetAndDestroy());
    });
    await new Promise<void>((r) => reset.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(reset.address() as net.AddressInfo).port}/intake`;
    try {
      const [target] = createIntakeTargets([{ type: "http", url }], {});
      const error = await target.deliver(record.item).catch((e: unknown) => e);
      expect(received).toBeGreaterThan(0);
      expect((error as Error).message).toBe(`could not reach the registrar's intake at ${url} (the connection was cut off); it will be tried again later`);
      expect(isPermanent(error)).toBe(false);
    } finally {
      await new Promise((r) => reset.close(r));
    }
  });

  it("tells an answer lost after the whole upload from a cut in the middle by what the socket wrote", () => {
    expect(answerLostAfterUpload("UND_ERR_SOCKET", { bytesWritten: 300_534 }, 300_100)).toBe(true);
    expect(answerLostAfterUpload("UND_ERR_SOCKET", { bytesWritten: 65_536 }, 300_100)).toBe(false);
    // At the record's bytes it all went; one byte short, part of a file had not.
    expect(answerLostAfterUpload("UND_ERR_SOCKET", { bytesWritten: 300_100 }, 300_100)).toBe(true);
    expect(answerLostAfterUpload("UND_ERR_SOCKET", { bytesWritten: 300_099 }, 300_100)).toBe(false);
    expect(answerLostAfterUpload("UND_ERR_SOCKET", { bytesWritten: 150_050 }, 300_100)).toBe(false);
    expect(answerLostAfterUpload("UND_ERR_SOCKET", {}, 300_100)).toBe(false);
    // A reset says nothing of what went (it comes without its socket, and a server resets with the request unread).
    expect(answerLostAfterUpload("ECONNRESET", undefined, 300_100)).toBe(false);
    expect(answerLostAfterUpload("ECONNRESET", { bytesWritten: 300_534 }, 300_100)).toBe(false);
    expect(answerLostAfterUpload("ECONNREFUSED", { bytesWritten: 0 }, 300_100)).toBe(false);
  });

  it("says that an intake whose certificate is not accepted was reached, what is wrong with it and what to do", async () => {
    // A real HTTPS server with a certificate this machine does not accept (smtp-server's own: self-made, and expired since).
    const { key, cert } = getTLSOptions();
    const server = https.createServer({ key, cert }, (_req, res) => res.end("{}"));
    const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
    try {
      const [target] = createIntakeTargets([{ type: "http", url: `https://127.0.0.1:${port}/intake` }], {});
      const error = await target.deliver(record.item).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      const message = (error as Error).message;
      expect(message).toMatch(new RegExp(`^the registrar's intake at https://127\\.0\\.0\\.1:${port}/intake answered, but its security certificate (has expired|is self-made|is issued by an authority this machine does not trust)`));
      expect(message).toContain("NODE_EXTRA_CA_CERTS=");
      expect(message).not.toContain("could not reach");
      expect(isPermanent(error)).toBe(false);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("does not follow a redirect (the record and the token stay where they were configured to go)", async () => {
    intake = await startHttpIntake({ always: { status: 302, body: "moved", headers: { location: "/login?next=intake" } } });
    const [target] = createIntakeTargets([{ type: "http", url: intake.url, tokenEnv: "T" }], { T: TOKEN });
    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`answered HTTP 302 Found, pointing to ${new URL(intake.url).origin}/login`);
    expect(isPermanent(error)).toBe(true);
    expect(intake.requests).toHaveLength(1);
  });

  it("does not count a sign-in page that answers 200 in front of the intake as delivered", async () => {
    const page = `<!doctype html><html><head><title>Logga in</title></head><body><form method="post" action="/login"><input name="user"><input type="password" name="pw"><button>Logga in</button></form></body></html>`;
    intake = await startHttpIntake({ always: { status: 200, body: page, headers: { "content-type": "text/html; charset=utf-8" } } });
    const [target] = createIntakeTargets([{ type: "http", url: intake.url, tokenEnv: "T" }], { T: TOKEN });
    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toBe(`the registrar's intake at ${intake.url} answered HTTP 200 OK with a sign-in page instead of taking the record; a login stands in front of it. Check the intake address and the token in T with whoever runs the intake`);
    expect(isPermanent(error)).toBe(true);
    // config check finds it before any delivery, though the page answers 200.
    expect(await target.check!()).toEqual([{ level: "error", message: `The registrar's intake at ${intake.url} answers (HTTP 200 OK) with a sign-in page, not as an intake: a login stands in front of it, and every delivery would fail. Ask for the intake's own address, or a token for somarkiv (intake tokenEnv).` }]);
  });

  it("does not count an error answered with 200 as delivered: a JSON failure is quoted, a web page is said as a page that came instead", async () => {
    for (const [type, body, message] of [
      ["application/json", JSON.stringify({ Successful: false, ErrorMessage: "Sak KS 2026/45 finns inte" }), (u: string) => `the registrar's intake at ${u} answered HTTP 200 OK, but its answer says the record was not taken ("Sak KS 2026/45 finns inte"); if it keeps happening, ask whoever runs the intake what the answer means; it will be tried again later`],
      ["text/plain", "ERROR: could not store document", (u: string) => `the registrar's intake at ${u} answered HTTP 200 OK, but its answer says the record was not taken ("ERROR: could not store document"); if it keeps happening, ask whoever runs the intake what the answer means; it will be tried again later`],
      ["text/html", "<html><head><title>Integration platform</title></head><body><h1>Service Unavailable</h1></body></html>", (u: string) => `the registrar's intake at ${u} answered HTTP 200 OK with a web page ("Integration platform: Service Unavailable") instead of an intake's answer, most likely an integration platform's or a proxy's error or login page in front of it, so the record is not counted as taken; if it keeps happening, ask whoever runs the intake what the page means (an intake that files the record answers in JSON or plain text, and with a status other than 2xx when it could not); it will be tried again later`],
      // A proxy's bare error: no <html> nor <!DOCTYPE>, only its heading and its name, as text/html.
      ["text/html", "<h1>502 Bad Gateway</h1><p>nginx</p>", (u: string) => `the registrar's intake at ${u} answered HTTP 200 OK with a web page ("502 Bad Gateway") instead of an intake's answer, most likely an integration platform's or a proxy's error or login page in front of it, so the record is not counted as taken; if it keeps happening, ask whoever runs the intake what the page means (an intake that files the record answers in JSON or plain text, and with a status other than 2xx when it could not); it will be tried again later`],
    ] as const) {
      intake = await startHttpIntake({ always: { status: 200, body, headers: { "content-type": type } } });
      const [target] = createIntakeTargets([{ type: "http", url: intake.url }], {});
      const error = await target.deliver(record.item).catch((e: unknown) => e);
      expect(error, body).toBeInstanceOf(DeliveryError);
      expect((error as Error).message).toBe(message(intake.url));
      expect(isPermanent(error)).toBe(false);
      expect(intake.requests.map((r) => r.status)).toEqual([200]);
      await intake.stop();
      intake = undefined;
    }
  });

  it("reads each shape of a failure answered with 2xx that diarium APIs and integration platforms use, and takes a plain receipt as one", () => {
    const said = (words: string) => ({ kind: "said", words });
    const json = (o: unknown) => failureIn("application/json; charset=utf-8", JSON.stringify(o));
    // A false success flag, in any case of its key (.NET PascalCase, Public 360-style), also as a string.
    expect(json({ Successful: false, ErrorMessage: "Sak KS 2026/45 finns inte", ErrorDetails: "CaseNumber not found" })).toEqual(said("Sak KS 2026/45 finns inte"));
    expect(json({ ok: false, error: "databasen svarar inte" })).toEqual(said("databasen svarar inte"));
    expect(json({ success: "false" })).toEqual(said("error"));
    expect(json({ IsSuccess: false, Message: "Timeout mot arkivet" })).toEqual(said("Timeout mot arkivet"));
    // A status word of failure, under status or result, in any case.
    expect(json({ status: "rejected" })).toEqual(said("rejected"));
    expect(json({ status: "rejected", message: "Dokumenttyp okänd" })).toEqual(said("Dokumenttyp okänd"));
    expect(json({ result: "ERROR", errorMessage: "Ärende saknas" })).toEqual(said("Ärende saknas"));
    expect(json({ Status: "Error", message: "Ärendet kunde inte skapas" })).toEqual(said("Ärendet kunde inte skapas"));
    expect(json({ status: "misslyckades" })).toEqual(said("misslyckades"));
    // An error's text or a non-empty list of errors, where nothing says it went well.
    expect(json({ errors: [{ code: "E42", message: "Case not found" }] })).toEqual(said("E42: Case not found"));
    expect(json({ errors: ["Case not found"] })).toEqual(said("Case not found"));
    expect(json({ Error: { Message: "Kön är full" } })).toEqual(said("Kön är full"));
    expect(json({ fel: "Filen saknas" })).toEqual(said("Filen saknas"));
    // Plain text beginning with an error word.
    expect(failureIn("text/plain", "ERROR: could not store document")).toEqual(said("ERROR: could not store document"));
    expect(failureIn("text/plain", "Fel: dokumentet kunde inte sparas\nmer")).toEqual(said("Fel: dokumentet kunde inte sparas"));
    expect(failureIn(null, "Failed")).toEqual(said("Failed"));
    // A web page: an integration platform's error, a proxy's, or any page an API should not answer with.
    expect(failureIn("text/html", "<html><head><title>Integration platform</title></head><body><h1>Service Unavailable</h1></body></html>")).toEqual({ kind: "page", words: "Integration platform: Service Unavailable" });
    expect(failureIn("text/html; charset=utf-8", "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>")).toEqual({ kind: "page", words: "502 Bad Gateway" });
    expect(failureIn("text/html", "<html><head><title>Mottaget</title></head></html>")).toEqual({ kind: "page", words: "Mottaget" });
    expect(failureIn(null, "<!DOCTYPE html><body><p>Underhåll pågår</p></body>")).toEqual({ kind: "page", words: "Underhåll pågår" });

    // Delivered: an empty body, a receipt, JSON without a sign of failure, a success said beside its warnings.
    expect(failureIn(null, "")).toBeNull();
    expect(failureIn("text/plain", "")).toBeNull();
    expect(json({ status: "ok", dnr: "KS 2026/45" })).toBeNull();
    expect(json({ id: "8c1e", received: "facebook-kommun_2026-H2_v1" })).toBeNull();
    expect(json({ Successful: true, ErrorMessage: "" })).toBeNull();
    expect(json({ success: true, errors: ["varning: ingen klassificering"] })).toBeNull();
    expect(json({ errors: [], error: null, status: "stored" })).toBeNull();
    expect(json({ dnr: "KS 2026/46", error: "dubbel bilaga ignorerad" })).toBeNull();
    expect(json({ diarienummer: "KS 2026/46", error: "dubbel bilaga ignorerad" })).toBeNull();
    expect(json({ Diarienummer: "KS 2026/46", Error: "dubbel bilaga ignorerad" })).toBeNull();
    expect(json([{ error: "x" }])).toBeNull();
    expect(failureIn("text/plain", "OK")).toBeNull();
    expect(failureIn("text/plain", "Stored; no errors")).toBeNull();
    // What a PHP script's echo sends as text/html is not a page.
    expect(failureIn("text/html; charset=UTF-8", "OK")).toBeNull();
  });

  it("reads the diary number from dnr or diarienummer", () => {
    expect(diaryNumber('{"dnr":" KS 2026/7 "}')).toBe("KS 2026/7");
    expect(diaryNumber('{"diarienummer":"BUN 2026/12"}')).toBe("BUN 2026/12");
    // In any case of its key, as failureIn reads a .NET intake's {"Successful": true}.
    expect(diaryNumber('{"Successful":true,"Dnr":"KS 2026/45"}')).toBe("KS 2026/45");
    expect(diaryNumber('{"DiarieNummer":"BUN 2026/13"}')).toBe("BUN 2026/13");
    expect(diaryNumber('{"status":"ok"}')).toBeUndefined();
    expect(diaryNumber("OK")).toBeUndefined();
    // Not a diary number the log could keep: a line break in it, or a whole document.
    expect(diaryNumber(JSON.stringify({ dnr: "KS 2026/7\n<html>" }))).toBeUndefined();
    expect(diaryNumber(JSON.stringify({ dnr: "x".repeat(400) }))).toBeUndefined();
    expect(diaryNumber('{"dnr":"KS  2026/8"}')).toBe("KS 2026/8");
    // Why, for the person who must register it by hand; nothing to say of a good one or none.
    expect(refusedDiaryNumber(JSON.stringify({ dnr: "KS 2026/7\n<html>" }))).toContain("holds a line break or another control character");
    expect(refusedDiaryNumber('{"dnr":"KS 2026/7"}')).toBeUndefined();
    expect(refusedDiaryNumber(JSON.stringify({ DNR: "KS 2026/7\n<html>" }))).toContain("holds a line break or another control character");
    expect(refusedDiaryNumber('{"status":"ok"}')).toBeUndefined();
  });

  it("delivers a record whose intake answers with a diary number the log cannot keep, and says why it was not taken", async () => {
    intake = await startHttpIntake({ dnr: () => "KS 2026/1\nSTOLEN" });
    const [target] = createIntakeTargets([{ type: "http", url: intake.url }], {});
    const receipt = await target.deliver(record.item);
    expect(receipt.dnr).toBeUndefined();
    expect(receipt.dnrRefused).toContain("holds a line break or another control character");
    expect(intake.requests).toHaveLength(1);
  });
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
