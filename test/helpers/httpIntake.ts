import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ReceivedFile {
  name: string;
  type: string;
  content: Buffer;
}

export interface IntakeRequest {
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Text fields of the multipart form. */
  fields: Record<string, string>;
  files: Record<string, ReceivedFile>;
  status: number;
}

export interface TestHttpIntake {
  /** The intake endpoint, http://127.0.0.1:port/intake */
  url: string;
  /** Every request received, in order, with the status it was answered with. */
  requests: IntakeRequest[];
  /** Records registered once per Idempotency-Key, as a well-behaved case-management system does. */
  registered: Map<string, { dnr: string; request: IntakeRequest }>;
  stop(): Promise<void>;
}

export interface HttpIntakeOptions {
  /** Answer the first n requests with failStatus (default 503) before accepting. */
  failFirst?: number;
  failStatus?: number;
  /** Headers sent with those failures (e.g. Retry-After). */
  failHeaders?: Record<string, string>;
  /** Answer every request with this status and body instead (e.g. 400 for a permanent refusal). */
  always?: { status: number; body: string; headers?: Record<string, string> };
  /** When set, a request without `Authorization: Bearer <token>` gets 401. */
  token?: string;
  /** Diary numbers handed out in order; default "KS 2026/123", "KS 2026/124", … */
  dnr?: (n: number) => string;
  /** Register the first n records, but answer 500 (the answer lost on the way, as after a proxy's fault). */
  answerLost?: number;
  /** Answer a repeated Idempotency-Key with 409 {"error":"already received","dnr":…} rather than the receipt again. */
  repeatConflict?: boolean;
}

/**
 * A real HTTP intake on 127.0.0.1: parses multipart with the platform's own Request.formData()
 * (undici), records each request, and answers `{ "dnr": "KS 2026/123" }` once it accepts.
 * A repeated Idempotency-Key gets the same diary number back and is not registered twice.
 */
export async function startHttpIntake(opts: HttpIntakeOptions = {}): Promise<TestHttpIntake> {
  const requests: IntakeRequest[] = [];
  const registered = new Map<string, { dnr: string; request: IntakeRequest }>();
  let failuresLeft = opts.failFirst ?? 0;
  let answerLost = opts.answerLost ?? 0;
  const sockets = new Set<Socket>();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
    const record: IntakeRequest = { method: req.method ?? "", path: req.url ?? "", headers, fields: {}, files: {}, status: 0 };
    requests.push(record);
    const answer = (status: number, payload: unknown, extra: Record<string, string> = {}) => {
      record.status = status;
      const text = typeof payload === "string" ? payload : JSON.stringify(payload);
      res.writeHead(status, { "content-type": typeof payload === "string" ? "text/plain; charset=utf-8" : "application/json", ...extra });
      res.end(text);
    };
    try {
      if (req.method === "POST" && body.length) {
        const form = await new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: "POST", headers, body }).formData();
        for (const [key, value] of form.entries()) {
          if (typeof value === "string") record.fields[key] = value;
          else record.files[key] = { name: value.name, type: value.type, content: Buffer.from(await value.arrayBuffer()) };
        }
      }
    } catch (error) {
      return answer(400, { error: `could not read the form: ${(error as Error).message}` });
    }
    if (opts.always) return answer(opts.always.status, opts.always.body, opts.always.headers);
    if (opts.token !== undefined && headers["authorization"] !== `Bearer ${opts.token}`)
      return answer(401, { error: "invalid token" });
    // Only a POST with a record registers one; anything else, as config check's HEAD, is not allowed.
    if (req.method !== "POST") return answer(405, "Method Not Allowed", { allow: "POST" });
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      return answer(opts.failStatus ?? 503, "Service Unavailable: diariet underhålls", opts.failHeaders);
    }
    const key = headers["idempotency-key"] ?? `anonymous-${requests.length}`;
    let entry = registered.get(key);
    if (entry && opts.repeatConflict) return answer(409, { error: "already received", dnr: entry.dnr });
    if (!entry) {
      entry = { dnr: (opts.dnr ?? ((n) => `KS 2026/${122 + n}`))(registered.size + 1), request: record };
      registered.set(key, entry);
    }
    if (answerLost > 0) {
      answerLost -= 1;
      return answer(500, "Internal Server Error");
    }
    answer(201, { dnr: entry.dnr, recordId: record.fields.recordId });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/intake`,
    requests,
    registered,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
