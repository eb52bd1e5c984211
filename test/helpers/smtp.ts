import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";

export interface MimePart {
  /** Header names in lower case, values unfolded and with encoded words decoded. */
  headers: Record<string, string>;
  contentType: string;
  /** The decoded body (transfer encoding undone). */
  content: Buffer;
  parts: MimePart[];
}

export interface ParsedMessage {
  raw: Buffer;
  envelope: { from: string; to: string[] };
  headers: Record<string, string>;
  subject: string;
  messageId: string;
  /** The text/plain body, decoded. */
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

export interface TestSmtp {
  /** smtp://127.0.0.1:port, with user:pass when the server requires a login. */
  url: string;
  /** Messages the server accepted, in order. */
  messages: ParsedMessage[];
  /** Every DATA transfer the server received, accepted or refused. */
  attempts: number;
  /** From now on, answer RCPT TO for this address with 550 (no such mailbox). */
  rejectRecipient(address: string): void;
  /** From now on, answer RCPT TO of every address with this refusal ("552 5.2.2 Mailbox full"); undefined takes them again. */
  refuseRecipients(refusal: { code: number; text: string } | undefined): void;
  /** From now on, answer MAIL FROM of every address with this refusal ("421 4.7.0 rate limit"); undefined takes them again. */
  refuseSenders(refusal: { code: number; text: string } | undefined): void;
  /** From now on, answer the login with this refusal ("530 5.7.11 Encryption required …") though it is right; undefined takes it again. */
  refuseLogins(refusal: { code: number; text: string } | undefined): void;
  /** From now on, answer MAIL FROM for this address with 553 (the login may not send as it). */
  rejectSender(address: string): void;
  /** From now on, answer each message's DATA with this refusal ("550 Mailbox unavailable"); undefined takes them again. */
  refuseData(refusal: { code: number; text: string } | undefined): void;
  /** From now on, keep each message received and answer its DATA only after this many ms (0: at once), as a slow server does. */
  answerAfter(ms: number): void;
  /** From now on (true), keep each message received and then drop the connection without answering its DATA, as a server that goes down at that moment. */
  dropAfterData(drop: boolean): void;
  stop(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server). STARTTLS is off because the package's built-in
 * certificate is expired; logins are then allowed over the plain loopback connection.
 * `refuseFirst: n` answers the first n messages with a temporary 451 refusal, as a busy server does;
 * `maxBytes` refuses larger messages with 552. `host: "0.0.0.0"` listens on every address, for a
 * connection that is not over loopback (the url still names 127.0.0.1).
 */
export async function startSmtp(opts: { auth?: { user: string; pass: string }; refuseFirst?: number; maxBytes?: number; host?: string } = {}): Promise<TestSmtp> {
  const messages: ParsedMessage[] = [];
  let refusalsLeft = opts.refuseFirst ?? 0;
  let answerAfterMs = 0;
  let dropAfterData = false;
  let dataRefusal: { code: number; text: string } | undefined;
  let recipientRefusal: { code: number; text: string } | undefined;
  let senderRefusal: { code: number; text: string } | undefined;
  let loginRefusal: { code: number; text: string } | undefined;
  const state = { attempts: 0 };
  const rejected = new Set<string>();
  const refusedSenders = new Set<string>();
  const server = new SMTPServer({
    disabledCommands: opts.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    logger: false,
    // A size limit is announced in EHLO and a larger message refused with 552, as mail servers do.
    ...(opts.maxBytes ? { size: opts.maxBytes } : {}),
    onAuth(auth, _session, callback) {
      if (loginRefusal) return callback(Object.assign(new Error(loginRefusal.text), { responseCode: loginRefusal.code }));
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) return callback(null, { user: auth.username });
      const error = new Error("Authentication credentials invalid") as Error & { responseCode: number };
      error.responseCode = 535;
      callback(error);
    },
    onMailFrom(address, _session, callback) {
      if (senderRefusal) {
        const error = new Error(senderRefusal.text) as Error & { responseCode: number };
        error.responseCode = senderRefusal.code;
        return callback(error);
      }
      if (!refusedSenders.has(address.address.toLowerCase())) return callback();
      const error = new Error(`<${address.address}>: Sender address rejected: not owned by user`) as Error & { responseCode: number };
      error.responseCode = 553;
      callback(error);
    },
    onRcptTo(address, _session, callback) {
      if (recipientRefusal) {
        const error = new Error(recipientRefusal.text) as Error & { responseCode: number };
        error.responseCode = recipientRefusal.code;
        return callback(error);
      }
      if (!rejected.has(address.address.toLowerCase())) return callback();
      const error = new Error(`<${address.address}>: Recipient address rejected: no such mailbox`) as Error & { responseCode: number };
      error.responseCode = 550;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        state.attempts += 1;
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const error = new Error(`Message exceeds fixed maximum message size ${opts.maxBytes}`) as Error & { responseCode: number };
          error.responseCode = 552;
          return callback(error);
        }
        if (dataRefusal) {
          const error = new Error(dataRefusal.text) as Error & { responseCode: number };
          error.responseCode = dataRefusal.code;
          return callback(error);
        }
        if (refusalsLeft > 0) {
          refusalsLeft -= 1;
          const error = new Error("Too busy, try again later") as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        const raw = Buffer.concat(chunks);
        const mailFrom = session.envelope.mailFrom;
        messages.push(parseMessage(raw, {
          from: mailFrom ? mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
        }));
        if (dropAfterData) {
          // The connection's socket, which smtp-server does not offer: the server going down with the message in hand.
          for (const c of (server as unknown as { connections: Set<{ _socket: { destroy(): void } }> }).connections) c._socket.destroy();
          return;
        }
        if (answerAfterMs > 0) setTimeout(() => callback(null), answerAfterMs);
        else callback(null);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const credentials = opts.auth ? `${encodeURIComponent(opts.auth.user)}:${encodeURIComponent(opts.auth.pass)}@` : "";
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    messages,
    rejectRecipient: (address: string) => rejected.add(address.toLowerCase()),
    rejectSender: (address: string) => refusedSenders.add(address.toLowerCase()),
    answerAfter: (ms: number) => { answerAfterMs = ms; },
    dropAfterData: (drop: boolean) => { dropAfterData = drop; },
    refuseData: (refusal) => { dataRefusal = refusal; },
    refuseRecipients: (refusal) => { recipientRefusal = refusal; },
    refuseSenders: (refusal) => { senderRefusal = refusal; },
    refuseLogins: (refusal) => { loginRefusal = refusal; },
    get attempts() {
      return state.attempts;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A minimal MIME reader: enough for what nodemailer writes (multipart, base64, quoted-printable, encoded words). */
export function parseMessage(raw: Buffer, envelope: { from: string; to: string[] } = { from: "", to: [] }): ParsedMessage {
  const root = parsePart(raw);
  const attachments: ParsedMessage["attachments"] = [];
  let text = "";
  const walk = (part: MimePart) => {
    if (part.parts.length) return part.parts.forEach(walk);
    const disposition = part.headers["content-disposition"] ?? "";
    const filename = param(disposition, "filename") ?? param(part.headers["content-type"] ?? "", "name");
    if (/^attachment/i.test(disposition) || filename) {
      attachments.push({ filename: filename ?? "", contentType: part.contentType, content: part.content });
    } else if (part.contentType === "text/plain" && !text) {
      text = part.content.toString(charsetOf(part));
    }
  };
  walk(root);
  return {
    raw,
    envelope,
    headers: root.headers,
    subject: root.headers["subject"] ?? "",
    messageId: root.headers["message-id"] ?? "",
    text,
    attachments,
  };
}

function parsePart(raw: Buffer): MimePart {
  const split = raw.indexOf("\r\n\r\n");
  const headerText = (split < 0 ? raw : raw.subarray(0, split)).toString("latin1");
  const body = split < 0 ? Buffer.alloc(0) : raw.subarray(split + 4);
  const headers: Record<string, string> = {};
  for (const line of headerText.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // Header bytes are 8-bit safe here; re-read as UTF-8 for raw (unencoded) non-ASCII values.
    headers[name] = decodeWords(Buffer.from(line.slice(colon + 1).trim(), "latin1").toString("utf8"));
  }
  const contentTypeHeader = headers["content-type"] ?? "text/plain";
  const contentType = contentTypeHeader.split(";")[0].trim().toLowerCase();
  const part: MimePart = { headers, contentType, content: Buffer.alloc(0), parts: [] };
  if (contentType.startsWith("multipart/")) {
    const boundary = param(contentTypeHeader, "boundary");
    if (!boundary) throw new Error(`multipart without boundary: ${contentTypeHeader}`);
    const text = body.toString("latin1");
    const delimiter = `--${boundary}`;
    const pieces = text.split(new RegExp(`\\r\\n?${escapeRegExp(delimiter)}|^${escapeRegExp(delimiter)}`, "m"));
    // pieces[0] is the preamble; the last piece starts with "--" (the closing delimiter).
    for (const piece of pieces.slice(1)) {
      if (piece.startsWith("--")) break;
      part.parts.push(parsePart(Buffer.from(piece.replace(/^[ \t]*\r\n/, ""), "latin1")));
    }
    return part;
  }
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  if (encoding === "base64") part.content = Buffer.from(body.toString("latin1").replace(/\s+/g, ""), "base64");
  else if (encoding === "quoted-printable") part.content = decodeQuotedPrintable(body.toString("latin1"));
  else part.content = body;
  return part;
}

function param(header: string, name: string): string | undefined {
  // RFC 2231 continuation/extended values (name*0*=utf-8''…) as well as plain name="value".
  const extended: string[] = [];
  const re = new RegExp(`;\\s*${name}\\*(\\d+)?\\*?=("([^"]*)"|[^;]*)`, "gi");
  for (const m of header.matchAll(re)) extended[Number(m[1] ?? 0)] = m[3] ?? m[2];
  if (extended.length) {
    const joined = extended.join("").replace(/^[\w-]*'[\w-]*'/, "");
    try {
      return decodeURIComponent(joined);
    } catch {
      return joined;
    }
  }
  const m = new RegExp(`;\\s*${name}=("([^"]*)"|[^;\\s]*)`, "i").exec(header);
  return m ? decodeWords(m[2] ?? m[1]) : undefined;
}

function charsetOf(part: MimePart): BufferEncoding {
  const charset = (param(part.headers["content-type"] ?? "", "charset") ?? "utf-8").toLowerCase();
  return charset === "iso-8859-1" || charset === "latin1" ? "latin1" : "utf8";
}

function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, "$1")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, charset: string, kind: string, data: string) => {
      const bytes = kind.toUpperCase() === "B"
        ? Buffer.from(data, "base64")
        : decodeQuotedPrintable(data.replace(/_/g, " "));
      return bytes.toString(/^(iso-8859-1|latin1)$/i.test(charset) ? "latin1" : "utf8");
    });
}

function decodeQuotedPrintable(text: string): Buffer {
  const unwrapped = text.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const c = unwrapped[i];
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(unwrapped.slice(i + 1, i + 3))) {
      bytes.push(parseInt(unwrapped.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(unwrapped.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
