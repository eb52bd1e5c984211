import fs from "node:fs";
import type SMTPConnection from "nodemailer/lib/smtp-connection";
import type { Manifest } from "../record/types.ts";
import { serviceName } from "../config/schema.ts";
import { consentSv, flagsSv, genitive, readableUrl } from "../record/metadata.ts";
import { DeliveryError, type DeliveryItem, type DeliveryReceipt, type IntakeFinding, type IntakeTarget, asSentence, failureWithoutNext } from "./types.ts";
import { CERTIFICATE_FIX, certificateProblem } from "./certificate.ts";
import { exampleDnr, registeredCommand } from "./guide.ts";
import { type MailSettingsSaid, machineRefused, mailboxFull, passingLimit, sizeRefused } from "./smtp-refusal.ts";
import { fullMailboxFailure } from "./full-mailbox.ts";
import { addressBlanked, redact } from "./secrets.ts";
import { loginsIn } from "../config/index.ts";
import { SIGNED_IN_SV, beforeCaptureMonthSv, closingSv, dayTaken, previousSv, reasonBesideClosing } from "../record/sheet.ts";
import { manifestSaysEarlyEitherWay, takenEarly } from "../record/early.ts";
import { envNameSaid } from "../config/env-name.ts";
import { portWrong } from "../config/address-port.ts";
import { formatUtc } from "../schedule/period.ts";

export interface EmailIntakeOptions {
  to: string;
  from: string;
  /** Where the registrar's reply with the diary number goes; default `from`. */
  replyTo?: string;
  /** Name of the environment variable holding smtp://user:pass@host:port (or smtps://). */
  smtpUrlEnv: string;
}

/**
 * The registrar's functional mailbox. The Message-ID is derived from the record id, so a message sent
 * again after a crash (between the server's acceptance and our log entry) is recognisably the same
 * message — to the registrar, to mail systems that drop duplicates, and via X-Somarkiv-Record-Id.
 */
export function emailTarget(options: EmailIntakeOptions, env: NodeJS.ProcessEnv = process.env, waits: SmtpWaits = SMTP_WAITS): IntakeTarget {
  return {
    name: `email:${options.to}`,
    async deliver(item: DeliveryItem): Promise<DeliveryReceipt> {
      const server = smtpServer(options.smtpUrlEnv, env);
      const messageId = messageIdFor(item.recordId, options.from);
      const { default: nodemailer } = await import("nodemailer");
      const transport = nodemailer.createTransport({
        url: server.url,
        // Bounded waits: a mail server that accepts the connection and then says nothing must not hang the worker.
        connectionTimeout: waits.deliveryMs,
        greetingTimeout: waits.deliveryMs,
        socketTimeout: 120_000,
        // The commands sent (never the message, nor a login's secret) are watched for DATA alone, where
        // the message is handed over (see DeliveryItem.handingOver).
        transactionLog: true,
        logger: handOverWatch(item.handingOver),
      });
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: options.to,
          ...(options.replyTo ? { replyTo: options.replyTo } : {}),
          subject: subjectFor(item),
          text: bodyFor(item, options.replyTo ?? options.from),
          messageId,
          headers: { "X-Somarkiv-Record-Id": item.recordId },
          attachments: [
            { filename: item.pdfName, path: item.pdfPath, contentType: "application/pdf" },
            { filename: item.manifestName, path: item.manifestPath, contentType: "application/json" },
          ],
        });
        return { receipt: redact(`${info.response} (Message-ID ${messageId})`, server.secrets) };
      } catch (error) {
        const plain = plainSmtpError(error, server, options.to, options.from, waits.deliveryMs);
        if (!tooLarge(error)) throw plain;
        // The sizes tell whoever runs the mail server what to allow; its limit is asked for anew, as
        // the transport does not give what the server announced.
        const limit = await askEnvelope(server, options.from, options.to, waits.checkMs).then((a) => a.maxSize, () => undefined);
        throw new DeliveryError(`${plain.message.replace(/; ask whoever/, `; ${sizesSaid(messageSize(item), limit)}; ask whoever`)}`, true);
      } finally {
        transport.close();
      }
    },
    /**
     * Connects and signs in, as a delivery would, and asks the server whether it takes the sender
     * and the recipient (MAIL FROM, RCPT TO, then RSET and QUIT): nothing is sent. A mail server
     * that cannot be reached, refuses the login or refuses the registrar's address (a typo in `to`)
     * is better found now than at the half-year change. A missing environment variable is said by
     * `config check` itself.
     */
    async check(): Promise<IntakeFinding[]> {
      if (!env[options.smtpUrlEnv]) return [];
      let server: SmtpServer;
      try {
        server = smtpServer(options.smtpUrlEnv, env);
      } catch (e) {
        return [{ level: "error", message: asSentence((e as Error).message) }];
      }
      let answers: EnvelopeAnswers;
      try {
        answers = await askEnvelope(server, options.from, options.to, waits.checkMs);
      } catch (error) {
        const login = loginRefusedByRule(error, server, options.to);
        if (login) return [machineFinding(server, "login", (error as SmtpFailure).response ?? "", login)];
        return [{ level: "error", message: asSentence(failureWithoutNext(plainSmtpError(error, server, options.to, options.from, waits.checkMs))) }];
      }
      const refused = envelopeRefusal(answers, server, options);
      if (refused) return [refused];
      const limit = answers.maxSize && answers.maxSize < TYPICAL_MESSAGE_BYTES ? undefined : answers.maxSize;
      return [
        { level: "ok", message: `The mail server at ${server.address} answers${new URL(server.url).username ? " and accepts the login" : ""}; records go to ${options.to}, which it takes as a recipient (asked without sending anything).${limit ? ` It takes messages of up to ${bytesSaid(limit)} (its SIZE), records of up to about ${bytesSaid(filesFitting(limit))}.` : ""} The registrar's replies with diary numbers go to ${options.replyTo ?? options.from}${options.replyTo ? "" : " (set replyTo for another mailbox)"}: someone must read that mailbox and record them with "somarkiv registered".` },
        ...(answers.maxSize && !limit ? [smallLimit(answers.maxSize, server, options.to)] : []),
        ...(answers.loginInTheClear && !isLoopback(server.host) ? [loginInTheClear(server)] : []),
      ];
    },
  };
}

/**
 * A logger for nodemailer (its documented `logger` with `transactionLog`) that hears only the client's
 * commands, and calls `handingOver` once at DATA. Nothing is written anywhere.
 */
function handOverWatch(handingOver: (() => void) | undefined) {
  let called = false;
  const none = () => undefined;
  return {
    trace: none, info: none, warn: none, error: none, fatal: none,
    debug: (entry: unknown, message: unknown) => {
      if (called || !handingOver || (entry as { tnx?: unknown } | null)?.tnx !== "client" || !/^DATA$/i.test(String(message).trim())) return;
      called = true;
      try {
        handingOver();
      } catch {
        // A log that cannot take the mark (held by another program): the send goes on; at worst a send
        // cut off later is not said to be a possible second copy.
      }
    },
  };
}

/** The server's replies to MAIL FROM and RCPT TO; no RCPT TO when the sender was refused. */
interface EnvelopeAnswers {
  mail: string;
  rcpt?: string;
  /** The largest message the server takes, as it announced in EHLO (SIZE); undefined when it gave none. */
  maxSize?: number;
  /** The password went over a connection without TLS (smtp:// to a server that offers no STARTTLS). */
  loginInTheClear: boolean;
}

/** How long a delivery and config check wait for the mail server's connection and greeting. */
export interface SmtpWaits {
  deliveryMs: number;
  checkMs: number;
}
const SMTP_WAITS: SmtpWaits = { deliveryMs: 30_000, checkMs: 15_000 };

/**
 * The message a record of the larger kind makes: a page's PDF can be 3 MB (the Facebook-like target),
 * and as an attachment it is a third larger. A server that takes less refuses such a record with 552.
 */
const TYPICAL_MESSAGE_BYTES = 5_000_000;

/** The server's announced limit below what records are: said before the first record is refused. */
function smallLimit(maxSize: number, server: SmtpServer, to: string): IntakeFinding {
  return { level: "warning", message: `The mail server at ${server.address} takes messages of at most ${bytesSaid(maxSize)} (its SIZE): that is records of up to about ${bytesSaid(filesFitting(maxSize))}, as the PDF and its JSON go as attachments, a third larger than the files. A record is often 0.3–1.5 MB and can be 3 MB, and one larger than the limit is refused and waits for a person. Ask whoever runs the mail server to accept messages of at least ${bytesSaid(TYPICAL_MESSAGE_BYTES)} to ${to}, or deliver to a folder or an HTTP intake instead.` };
}

/** A password anyone on the network can read: a mail server that takes it so says nothing of it, so config check does. */
function loginInTheClear(server: SmtpServer): IntakeFinding {
  return { level: "warning", message: `The login to the mail server at ${server.address} is sent unencrypted: the address is smtp:// and the server offers no STARTTLS, so the user name and password (and each record) can be read on the network. Ask whoever runs the mail server to offer STARTTLS, or use smtps:// (usually port 465) in ${server.envName}.` };
}

/** 127.0.0.0/8, ::1 and localhost: a local relay, whose connection never leaves the machine. */
function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** A reply of the mail server as config check quotes it: its secrets blanked, cut at 200 characters, no closing stop. */
function replySaid(reply: string, server: SmtpServer): string {
  return redact(reply.trim(), server.secrets).slice(0, 200).replace(/\.$/, "");
}

/** What a refused sender or recipient means for the deliveries, or undefined when both were taken. */
function envelopeRefusal(answers: EnvelopeAnswers, server: SmtpServer, options: EmailIntakeOptions): IntakeFinding | undefined {
  const said = (reply: string) => replySaid(reply, server);
  // 4xx is "not now" (a greylisting or busy server): a warning; 5xx is a refusal that will not change by itself.
  const refusal = (reply: string, what: string, address: string, fix: string): IntakeFinding => {
    const machine = reply.startsWith("4") ? machineRefused(4, Number(reply.slice(0, 3)), reply, settingsSaid(server, options.to)) : undefined;
    if (machine) return machineFinding(server, `${what} ${address}`, reply, machine);
    return reply.startsWith("4") ? { level: "warning", message: `The mail server at ${server.address} did not take the ${what} ${address} for now: ${said(reply)}. Run config check again later; if it stays so, ask whoever runs the mail server.` }
    : { level: "error", message: `The mail server at ${server.address} refuses the ${what} ${address}: ${said(reply)}. ${fix}` };
  };
  // A 5xx rule against this machine or its connection (TLS it requires, relaying it does not allow),
  // and a 530 for a login the address has none of: said as a delivery says it, not as an address to correct.
  const asDelivery = (reply: string, command: string): IntakeFinding | undefined => {
    const code = Number(reply.slice(0, 3));
    if (!machineRefused(5, code, reply, settingsSaid(server, options.to)) && !(code === 530 && !new URL(server.url).username)) return undefined;
    return { level: "error", message: asSentence(plainSmtpError({ responseCode: code, response: reply.trim(), command }, server, options.to, options.from).message) };
  };
  if (!answers.mail.startsWith("2")) {
    const said = asDelivery(answers.mail, "MAIL FROM");
    if (said) return said;
    return refusal(answers.mail, "sender address", options.from, "No record can be sent until it is one the mail server's login may send as: correct the intake's from: address, or ask whoever runs the mail server to allow it.");
  }
  if (answers.rcpt !== undefined && !answers.rcpt.startsWith("2"))
    return asDelivery(answers.rcpt, "RCPT TO") ?? refusal(answers.rcpt, "recipient", options.to, "Records sent there would not arrive: check the intake's to: address in the configuration (the registrar's functional mailbox).");
  return undefined;
}

/** A 4xx rule of the server against this machine or its connection, said by config check at the step it refused. */
function machineFinding(server: SmtpServer, refusedWhat: string, reply: string, machine: { what: string; mend: string }): IntakeFinding {
  const said = replySaid(reply, server);
  // A rule against this machine does not pass by itself: running config check again later would not help.
  return { level: "warning", message: `The mail server at ${server.address} did not take the ${refusedWhat} for now: ${said}: ${machine.what}, and that does not pass by itself; records wait and are refused until this is mended: ${machine.mend}.` };
}

/**
 * A 4xx to the login that is a rule of the server against this machine or its connection ("454 4.7.0
 * TLS required"), not the user name and password: those were said as wrong though they were right.
 */
function loginRefusedByRule(error: unknown, server: SmtpServer, to: string): { what: string; mend: string } | undefined {
  const e = (error ?? {}) as SmtpFailure;
  if (e.code !== "EAUTH") return undefined;
  return machineRefused(4, e.responseCode, e.response ?? "", settingsSaid(server, to));
}

/** What smtp-connection has, but does not offer, to send a command and read its reply. */
interface Commands {
  _sendCommand(line: string): void;
  _responseActions: Array<(reply: string) => void>;
  /** The SIZE the server announced in EHLO; 0 when none. */
  _maxAllowedSize?: number;
}

/**
 * Connects and signs in as nodemailer's transport does for a delivery (smtps:// from the start,
 * STARTTLS when smtp:// and the server offers it, the login when the address has one and the server
 * takes logins), then gives the envelope without the message: MAIL FROM and RCPT TO, and RSET and
 * QUIT, which leave nothing to be delivered. The transport offers no envelope without DATA, so the
 * two commands go through the connection's own command queue.
 */
async function askEnvelope(server: SmtpServer, from: string, to: string, waitMs: number): Promise<EnvelopeAnswers> {
  const [{ default: Connection }, { parseConnectionUrl }] = await Promise.all([import("nodemailer/lib/smtp-connection"), import("nodemailer/lib/shared")]);
  const settings = parseConnectionUrl(server.url);
  const connection: SMTPConnection = new Connection({ ...settings, connectionTimeout: waitMs, greetingTimeout: waitMs, socketTimeout: 30_000 });
  const commands = connection as unknown as Commands;
  return new Promise<EnvelopeAnswers>((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, answers?: EnvelopeAnswers) => {
      if (settled) return;
      settled = true;
      if (error || !answers) {
        connection.close();
        reject(error ?? new Error("Connection closed"));
        return;
      }
      resolve(answers);
      connection.quit();
    };
    // on, not once: a second error after the first must not be an unhandled one.
    connection.on("error", (e) => settle(e));
    connection.on("end", () => settle(new Error("Connection closed")));
    const ask = (line: string) => new Promise<string>((answered) => {
      commands._responseActions.push(answered);
      commands._sendCommand(line);
    });
    connection.connect((connectError) => {
      if (connectError) return settle(connectError);
      if (typeof commands._sendCommand !== "function" || !Array.isArray(commands._responseActions))
        return settle(new Error("this version of nodemailer cannot ask the mail server about a recipient without sending"));
      const auth = settings.auth as { user?: string; pass?: string } | undefined;
      const envelope = async () => {
        const mail = await ask(`MAIL FROM:<${from}>`);
        const rcpt = mail.startsWith("2") ? await ask(`RCPT TO:<${to}>`) : undefined;
        await ask("RSET");
        // Read after the login, from the EHLO said over the connection as it is then (after any STARTTLS).
        const maxSize = commands._maxAllowedSize || undefined;
        const loginInTheClear = !!auth?.user && connection.allowsAuth && !connection.secure;
        settle(null, { mail, ...(rcpt !== undefined ? { rcpt } : {}), ...(maxSize ? { maxSize } : {}), loginInTheClear });
      };
      if (!auth?.user || !connection.allowsAuth) return void envelope().catch(settle);
      connection.login({ credentials: { user: auth.user, pass: auth.pass ?? "" } }, (loginError) => {
        if (loginError) return settle(loginError);
        envelope().catch(settle);
      });
    });
  });
}

interface SmtpServer {
  url: string;
  /** host:port, safe to show. */
  address: string;
  host: string;
  /** The environment variable the address (with the user name and password) is read from. */
  envName: string;
  /** The user name as the server gets it, to name the login; empty without one. */
  user: string;
  /** What in the address as written shows a character of the user name or password not written as %XX; undefined when nothing does. */
  unescaped?: string;
  /** Everything that must never appear in a message: the URL itself, the password in its forms. */
  secrets: string[];
}

function smtpServer(variable: string, env: NodeJS.ProcessEnv): SmtpServer {
  const url = env[variable];
  const envName = envNameSaid(variable, "smtpUrlEnv");
  if (!url)
    throw new DeliveryError(`the environment variable ${envName} is not set; it must hold the mail server address, e.g. smtp://user:pass@mail.example.se:587`);
  // Before the URL parser, which takes port 0 (nothing can be reached there) and refuses 99999 as no address.
  const portSaid = /^\s*smtps?:/i.test(url) ? portWrong(url) : null;
  if (portSaid)
    throw new DeliveryError(`the mail server address in the environment variable ${envName} ${portSaid}; write the port whoever runs the mail server gives (usually 587 with smtp://, 465 with smtps://), or leave it out (found "${addressBlanked(url)}")`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The value is not shown: it may hold a password. One a / ? or # in its login cut short ("u:pa/ss@…",
    // read as the port "pa") is said as one, as where it parses.
    const cut = cutShortBy(url);
    if (cut) throw new DeliveryError(`the mail server address in the environment variable ${envName} is cut short by ${cut}, e.g. smtp://somarkiv:Hem%40lig%23t@mail.example.se:587`);
    throw new DeliveryError(`the environment variable ${envName} does not hold a valid mail server address; it must look like smtp://user:pass@mail.example.se:587, with characters such as # / @ : in the user name or password written as %23 %2F %40 %3A`);
  }
  if (parsed.protocol !== "smtp:" && parsed.protocol !== "smtps:")
    throw new DeliveryError(`the environment variable ${envName} must hold an smtp:// or smtps:// address, e.g. smtp://user:pass@mail.example.se:587`);
  // An @ after the host: a # / or ? in the password ended the address's first part there, and what
  // was read as host and port is the user name and the password's beginning (neither is shown).
  if (/@/.test(`${parsed.pathname}${parsed.search}${parsed.hash}`))
    throw new DeliveryError(`the mail server address in the environment variable ${envName} is cut short by ${cutShortBy(url) ?? "a # / or ? in its user name or password (what follows is read as no part of the login); write them as %23 %2F %3F, and @ as %40"}, e.g. smtp://somarkiv:Hem%40lig%23t@mail.example.se:587`);
  const port = parsed.port || (parsed.protocol === "smtps:" ? "465" : "587");
  const secrets = [url, parsed.password, safeDecode(parsed.password)].filter((s) => s.length > 0);
  const user = safeDecode(parsed.username);
  const unescaped = unescapedInLogin(url);
  return { url, address: `${parsed.hostname}:${port}`, host: parsed.hostname, envName, user: secrets.some((s) => user.includes(s)) ? "" : user, secrets, ...(unescaped ? { unescaped } : {}) };
}

/** How each character that ends an address's first part is written within a user name or password. */
const PERCENT: Record<string, string> = { "/": "%2F", "?": "%3F", "#": "%23" };

/**
 * Which of / ? # cut the login short, whether in the user name or the password, and how to write it
 * ("the / in its user name …; write it as %2F"), or undefined where no login is found as written.
 * A user name such as "kommun/ext" was said as "a # / or ? in its user name or password", and the
 * one who wrote it looked for the mistake in the password.
 */
function cutShortBy(url: string): string | undefined {
  const start = url.indexOf("//") + 2;
  const login = loginsIn(url).find((l) => l.start === start);
  if (!login) return undefined;
  const text = url.slice(start, login.end);
  const colon = text.indexOf(":");
  const parts = colon < 0 ? [["user name", text]] : [["user name", text.slice(0, colon)], ["password", text.slice(colon + 1)]];
  const chars = new Set<string>();
  const said = parts.flatMap(([part, value]) => {
    const found = [...new Set(value!.match(/[/?#]/g) ?? [])];
    found.forEach((c) => chars.add(c));
    return found.length ? [`the ${found.join(" and ")} in its ${part}`] : [];
  });
  if (!said.length) return undefined;
  const fix = chars.size === 1 ? `write it as ${PERCENT[[...chars][0]!]}` : `write ${[...chars].map((c) => `${c} as ${PERCENT[c]}`).join(" and ")}`;
  return `${said.join(" and ")} (what follows is read as no part of the login); ${fix}, as a user name or password is written in an address (and @ as %40)`;
}

/**
 * A character of the user name or password that the address's reading may take otherwise than meant:
 * an @ as it is (more than one in the part before the host), or a % that starts no %XX. Said with a
 * refused login, as the password the server got may not be the one written.
 */
function unescapedInLogin(url: string): string | undefined {
  const rest = url.slice(url.indexOf("//") + 2);
  const login = rest.slice(0, Math.max(rest.lastIndexOf("@"), 0));
  const found = [login.includes("@") ? "an @ as it is (write it %40)" : "", /%(?![0-9A-Fa-f]{2})/.test(login) ? "a % as it is (write it %25)" : ""].filter(Boolean);
  return found.length ? found.join(" and ") : undefined;
}

export function messageIdFor(recordId: string, from: string): string {
  const domain = from.split("@").pop()?.replace(/[^A-Za-z0-9.-]/g, "") || "localhost";
  // The left part of a Message-ID must be a dot-atom; record ids are slugs, but be safe about it.
  const local = recordId.replace(/[^A-Za-z0-9!#$%&'*+\/=?^_`{|}~.-]/g, "-");
  return `<${local}@somarkiv.${domain}>`;
}

export function subjectFor(item: DeliveryItem): string {
  // The platform beside the name: an organisation's Facebook and Instagram accounts often share its
  // name, and the registrar tells their messages apart by the subject. A second version of the same
  // half-year must not read as the first sent again, nor a closing record as any other.
  const m = item.manifest as Partial<Manifest>;
  // Within the subject's own brackets a name's bracket is said with a slash: "X/Twitter", not "(X (Twitter))".
  const platform = m.platform ? serviceName({ platform: m.platform, url: m.url }).replace(/ \((.+)\)$/, "/$1") : undefined;
  return `Ögonblicksbild för diarieföring: ${item.accountName}${platform ? ` (${platform})` : ""}, ${item.period}${item.version > 1 ? `, version ${item.version}` : ""}${m.final ? ", slutlig" : ""}${item.earlierSendCutOff || item.takenBackAfterLoss || item.deliveredAgain ? " (kan vara en upprepning)" : ""}`;
}

/** The plain Swedish message the registrar reads: everything needed to register the record without opening the files. */
export function bodyFor(item: DeliveryItem, replyGoesTo?: string): string {
  const m = item.manifest as Partial<Manifest>;
  const yesNo = (b: boolean | undefined) => (b === undefined ? undefined : b ? "ja" : "nej");
  const person = (p: Manifest["responsible"]) => (p ? (p.email ? `${p.name} <${p.email}>` : p.name) : undefined);
  const rows: [string, string | number | undefined | null][] = [
    ["Ärendemening", m.title],
    ["Konto", `${item.accountName} (${item.accountId})`],
    // As the record sheet names it ("Facebook", "mastodon.social" for other), not the configuration's key.
    ["Plattform", m.platform && serviceName({ platform: m.platform, url: m.url })],
    ["Adress (URL)", m.url && readableUrl(m.url)],
    ["Nådd adress", !m.finalUrl ? undefined : readableUrl(m.finalUrl) === readableUrl(m.url ?? "") ? `${readableUrl(m.finalUrl)} (samma)` : readableUrl(m.finalUrl)],
    ["HTTP-status", m.httpStatus],
    ["Inloggning", m.signedIn ? SIGNED_IN_SV : undefined],
    ["Tidpunkt", stockholmTime(m)],
    ["Period", periodText(item.period)],
    ["Version", item.version],
    ["Ansvarig", person(m.responsible)],
    ["Enhet", m.unit],
    ["Arkivbildare", m.creator],
    ["Handlingstyp", m.documentType],
    ["Klassificering", m.classification],
    ["Samlingsärende", m.collectiveCase],
    ["Bevaras/gallras", m.retention],
    ["Innehåller personuppgifter", yesNo(m.personalData)],
    ["Slutlig ögonblicksbild", m.final ? (m.closedOn ? `ja, kontot ${closingSv(m)}` : "ja, kontot stängs") : undefined],
    ["Föregående ögonblicksbild", previousSv(m)],
    // As the sheet says it: a second version taken without --reason (a closing record, a reopened
    // account) says why all the same, where the e-mail said nothing.
    ["Skäl", reasonBesideClosing({ ...m, version: item.version })],
    // What the sheet says about how the page was taken: the registrar reads it before opening the file.
    ["Cookie-dialog", m.consent && consentSv(m.consent, m.consentButton, m.flags, m.consentButtonsSeen, m.consentPage === true)],
    ["Anmärkningar", m.flags && m.flags.length ? flagsSv(m.flags, m) : undefined],
    ["Diarienummer", item.dnr],
    // As the record sheet and the CSV name it.
    ["Handlingens id", item.recordId],
    ["SHA-256 för PDF-filen", item.sha256],
  ];
  const shown = rows.filter(([, value]) => value !== undefined && value !== null && value !== "");
  const width = Math.max(...shown.map(([label]) => label.length));
  const table = shown
    .map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`)
    .join("\n");
  const whose = m.organisation?.name ? `${genitive(m.organisation.name)}` : "kommunens";
  // When it was taken, as the sheet's remarks say: not every snapshot is the half-year change's.
  // The rest are the period's snapshot, taken in or after its capture month, which need not be at
  // the half-year change (capture months March and September, a record taken in April).
  const early = takenEarly({ ...m, period: item.period }, manifestSaysEarlyEitherWay(m));
  const when = m.final ? (m.closedOn ? `en sista ögonblicksbild av kontot, som ${closingSv(m)}` : "en sista ögonblicksbild innan kontot stängs")
    : m.flags?.includes("after-period") ? "tagen i efterhand, efter periodens slut"
    : early === true ? `${beforeCaptureMonthSv("tagen")} (den gäller bara sin dag; periodens ögonblicksbild kommer den månaden)`
    : early === false ? "tagen som periodens ögonblicksbild"
    // A record of a release that did not note it (before 0.2.0) and whose time does not tell: said
    // neutrally, as the half-year's it may not be.
    : `tagen ${dayTaken(m) ?? "vid okänd tidpunkt"} (den gjordes av en äldre version av somarkiv, som inte antecknade om den ${beforeCaptureMonthSv("togs")}; om den är periodens ögonblicksbild eller bara gäller sin dag framgår inte)`;
  return [
    "Hej!",
    "",
    // A send cut off while the mail server had the message (somarkiv stopped in the middle) may have
    // arrived: the registrar is told before anything else, so that it is filed once.
    ...(item.earlierSendCutOff ? [
      `OBS: Ett tidigare försök att skicka det här meddelandet (${stockholmTime({ capturedAt: item.earlierSendCutOff })}) avbröts innan e-postservern hann svara, så det kan redan ha kommit fram. Har du redan fått ett meddelande om ${item.recordId}, är det samma handling: diarieför den bara en gång.`,
      "",
    ] : item.deliveredAgain ? [
      `OBS: Den här handlingen skickas igen ur somarkivs arkiv, på begäran ("somarkiv deliver --again"), eftersom ett tidigare exemplar inte fanns kvar. Har ni redan diariefört ${item.recordId}, är det samma handling: diarieför den bara en gång.`,
      "",
    ] : item.takenBackAfterLoss ? [
      `OBS: somarkivs logg gick förlorad och återställdes, och den här handlingen hämtades tillbaka ur arkivet. Om den redan hade skickats till er innan dess är inte känt, så det kan redan ha kommit fram. Har du redan fått ett meddelande om ${item.recordId}, är det samma handling: diarieför den bara en gång.`,
      "",
    ] : []),
    `Här kommer en ögonblicksbild av startsidan för ett av ${whose} konton i sociala medier, ${when}. Den skickas för diarieföring enligt policyn för sociala medier.`,
    "",
    table,
    "",
    "Bifogade filer:",
    `  ${item.pdfName}  – ögonblicksbilden (PDF/A) med registreringsblad`,
    `  ${item.manifestName}  – metadata och kontrollsummor (JSON)`,
    "",
    "Kontrollsumman (SHA-256) visar att PDF-filen är oförändrad: jämför med värdet ovan.",
    "",
    ...(item.dnr ? [
      `Handlingen är redan diarieförd med diarienummer ${item.dnr}; den behöver inte diarieföras igen. Stämmer inte numret, svara på det här meddelandet${replyGoesTo ? ` (svaret går till ${replyGoesTo})` : ""}.`,
    ] : [
      "När handlingen är diarieförd, meddela diarienumret på något av dessa sätt:",
      // somarkiv reads no mail: a person reads the reply and records the number, and the body says so,
      // where "som för in det" read as if the address itself recorded it.
      `  - svara på det här meddelandet och skriv diarienumret (t.ex. ${exampleDnr(item.recordId)})${replyGoesTo ? `; svaret går till ${replyGoesTo}; den som läser den brevlådan för in numret i somarkiv` : ""}, eller`,
      // As the intake folder's LÄS MIG says it: a registrar without somarkiv at hand has someone else run it.
      "  - för in numret i somarkiv själv (eller be den som sköter somarkiv att göra det):",
      `      ${registeredCommand(item.recordId, item.configPath)}`,
    ]),
    "",
    "Meddelandet skickades automatiskt av somarkiv. Om samma id kommer två gånger är det samma handling; den behöver bara diarieföras en gång.",
    "",
  ].join("\n");
}

/** The ISO time as the sheet gives it ("2026-12-03 18:27:59 UTC"), not "…T18:27:59.513Z UTC", which says UTC twice. */

function stockholmTime(m: Partial<Manifest>): string | undefined {
  if (m.capturedAtLocal) return `${m.capturedAtLocal} (svensk tid)${m.capturedAt ? `, ${formatUtc(m.capturedAt)}` : ""}`;
  if (!m.capturedAt) return undefined;
  const date = new Date(m.capturedAt);
  if (Number.isNaN(date.getTime())) return m.capturedAt;
  const local = new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Stockholm",
    dateStyle: "short",
    timeStyle: "medium",
  }).format(date);
  return `${local} (svensk tid), ${formatUtc(m.capturedAt)}`;
}

function periodText(period: string): string {
  const m = /^(\d{4})-H([12])$/.exec(period);
  if (!m) return period;
  return `${period} (${m[2] === "1" ? "januari–juni" : "juli–december"} ${m[1]})`;
}

interface SmtpFailure {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

/** Where a delivery that failed stands: what takes it up again, as the store's messages say it. */
const RETRIED = 'it will be tried again by "somarkiv deliver" or the worker';
/** The same, where the error has said that the record is not sent for now. */
const WAITS = `the record waits, and ${RETRIED}`;

function plainSmtpError(error: unknown, server: SmtpServer, to: string, from: string, waitedMs = SMTP_WAITS.deliveryMs): DeliveryError {
  const e = (error ?? {}) as SmtpFailure & { timeoutType?: string };
  const reply = e.response ? `: ${redact(e.response, server.secrets).slice(0, 200)}` : "";
  const rc = e.responseCode;
  const permanentReply = rc !== undefined && rc >= 500 && rc !== 503;
  // A 5xx rule of the server against this machine or its connection, whatever it answered: relaying it
  // does not allow ("554 5.7.1 …: Relay access denied" to RCPT TO, where the address may be right),
  // and 530 for TLS it requires ("Must issue a STARTTLS command first", to MAIL FROM; "5.7.11
  // Encryption required", to the login), which no user name or password mends.
  const forGood = machineRefusedForGoodFor(rc, e.response, server, to, reply);
  if (forGood) return forGood;
  // 530 (5.7.0): the server takes mail only from a client that has logged in, and none did. The
  // address will not grow a login by itself: a person puts it in, then runs deliver.
  if (e.code !== "EAUTH" && (rc === 530 || /authentication required/i.test(e.response ?? "")))
    return new DeliveryError(`the mail server at ${server.address} takes mail only after a login${reply}, and the mail server address in the environment variable ${server.envName} has no user name and password; put them in it (smtp://user:password@host:587, with characters such as # / @ written as %23 %2F %40)`, true);
  switch (e.code) {
    case "EAUTH": {
      // "454 4.7.0 TLS required": the connection, not the password; tried again, as every 4xx is.
      const rule = machineRefusedFor(rc, e.response, server, to, reply, `the mail server at ${server.address} did not take the login`);
      if (rule) return rule;
      // A refused login (535, any 5xx) stays refused until someone corrects the user name or password;
      // a 4xx ("454 try again later") is the server's passing trouble.
      const passing = rc !== undefined && rc >= 400 && rc < 500;
      const whose = server.user ? `the user name (${server.user}) and the password` : "the user name and password";
      const hint = server.unescaped ? `; the user name or password there has ${server.unescaped}, so the server may have been given another password than the one meant` : "";
      const refused = new DeliveryError(`the mail server at ${server.address} refused the login${reply}`, !passing, undefined, { mend: `check ${whose} in the environment variable ${server.envName}, which holds the mail server address (smtp://user:password@host:port)${hint}`, ...(passing ? { next: RETRIED } : {}) });
      if (!passing) refused.setting = `${whose} in the environment variable ${server.envName}`;
      return refused;
    }
    case "ENOAUTH":
      return new DeliveryError(`the mail server at ${server.address} requires a login, but the mail server address in the environment variable ${server.envName} has no user name and password`, true);
    case "ETLS":
      return new DeliveryError(`could not set up a secure connection to the mail server at ${server.address}; check the address and port (smtps:// is usually port 465, smtp:// port 587)`);
    case "EDNS":
      return new DeliveryError(`could not reach the mail server at ${server.address}: the name could not be looked up; check the address`);
    case "ECONNECTION":
    case "ESOCKET":
    case "ETIMEDOUT": {
      const certificate = certificateProblem(e.originalCode);
      if (certificate) return new DeliveryError(`the mail server at ${server.address} answered, but ${certificate} (${e.originalCode})`, false, undefined, { mend: CERTIFICATE_FIX, next: RETRIED });
      // smtps:// to a port that speaks plain SMTP first (587, 25): the secure greeting is answered in plain text.
      if (e.originalCode === "ERR_SSL_WRONG_VERSION_NUMBER" || /wrong version number/i.test(e.message ?? ""))
        return new DeliveryError(`the mail server at ${server.address} answered, but not over a secure connection from the start: smtps:// is for port 465; for port 587 or 25 write smtp:// (the connection is then made secure with STARTTLS)`);
      // Something took the connection and never said the greeting a mail server begins with: nothing was sent.
      if (e.timeoutType === "GREETING_TIMEOUT")
        return new DeliveryError(`the mail server at ${server.address} took the connection but did not answer within ${Math.round(waitedMs / 1000)} s (no greeting)`, false, undefined, { mend: "check that it is running and that the address and port are the mail server's, and that no firewall or proxy in front of it holds the connection", next: RETRIED });
      const refused = e.originalCode === "ECONNREFUSED" || /ECONNREFUSED/.test(e.message ?? "");
      const notConnected = refused || e.timeoutType === "CONNECT_TIMEOUT";
      // Reached, and then the connection was lost (closed, reset, silent past its time): the server may
      // have had the whole message and not yet confirmed it. Said as such, not as a server not reached.
      if (!notConnected && !/ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/.test(`${e.originalCode ?? ""} ${e.message ?? ""}`) && /closed|reset|timeout|EPIPE|ECONNRESET/i.test(`${e.message ?? ""} ${e.originalCode ?? ""}`)) {
        const lost = new DeliveryError(`the connection to the mail server at ${server.address} was lost before it confirmed the message${e.code === "ETIMEDOUT" ? " (no answer in time)" : ""}; if it had the message by then, it may arrive, so the next try says it may be a second copy`, false, undefined, { next: RETRIED });
        lost.mayHaveArrived = true;
        return lost;
      }
      const why = refused ? " (connection refused)" : e.code === "ETIMEDOUT" ? " (no answer in time)" : "";
      // What to look at, as the S3 store's "connection refused" says it: a new installation's wrong port
      // and a mail server that is down read alike, and the operator is the one to tell them apart.
      const check = refused
        ? `: nothing answers at that address and port; check that the mail server is running and that the host and port in the environment variable ${server.envName} are its (smtp:// is usually port 587, smtps:// 465)`
        : notConnected || e.code === "ETIMEDOUT" ? `: check the host and port in the environment variable ${server.envName}, and that no firewall between holds the connection` : "";
      return new DeliveryError(`could not reach the mail server at ${server.address}${why}${check}`, false, undefined, { next: RETRIED });
    }
    case "EENVELOPE": {
      const machine = machineRefusedFor(rc, e.response, server, to, reply);
      if (machine) return machine;
      // Too many recipients, a rate limit, greylisting: neither address is wrong, and it passes.
      const limit = passingLimit(rc, e.response ?? "");
      if (limit) return new DeliveryError(`the mail server did not take the record for now${reply}: ${limit}, not a wrong address`, false, undefined, { mend: "nothing needs doing", next: WAITS });
      // A refused sender is the from: address (one the login may not send as), not the registrar's.
      const fromFix = "correct the intake's from: address to one the mail server's login may send as, or ask whoever runs the mail server to allow it";
      // A 4xx (451 4.1.8 the sender's domain not found) is tried again, as every passing refusal is.
      if (/MAIL/i.test(e.command ?? "") && rc !== undefined && rc >= 400 && rc < 500)
        return new DeliveryError(`the mail server did not take the sender address ${from} for now${reply}`, false, undefined, { mend: `if it goes on, ${fromFix}`, next: WAITS });
      if (/MAIL/i.test(e.command ?? ""))
        return new DeliveryError(`the mail server refused the sender address ${from}${reply}; ${fromFix}`, permanentReply);
      if (mailboxFull(e.response ?? "")) return fullMailbox(to, reply);
      // A 4xx of the address itself (4.1.x, 4.2.x, none said) may pass too: said as tried again.
      if (/RCPT/i.test(e.command ?? "") && rc !== undefined && rc >= 400 && rc < 500)
        return new DeliveryError(`the mail server did not take the recipient ${to} for now${reply}`, false, undefined, { mend: "if it goes on, check the intake address in the configuration", next: RETRIED });
      if (/RCPT/i.test(e.command ?? "") || rc === 550 || rc === 553)
        return new DeliveryError(`the mail server rejected the recipient ${to}${reply}; check the intake address in the configuration`, permanentReply);
      return new DeliveryError(`the mail server rejected the sender or recipients${reply}`, permanentReply);
    }
    default:
      if (rc !== undefined && mailboxFull(e.response ?? "")) return fullMailbox(to, reply);
      // 552 and 5.3.4: the message is larger than the server takes; retrying will not change that.
      if (tooLarge(error))
        return new DeliveryError(
          `the record is larger than the mail server accepts${reply}; ask whoever runs the mail server to accept larger messages to ${to}, or deliver to a folder or an HTTP intake instead`,
          true,
        );
      if (rc !== undefined && !permanentReply) {
        const machine = machineRefusedFor(rc, e.response, server, to, reply);
        if (machine) return machine;
      }
      if (rc !== undefined)
        return permanentReply
          ? new DeliveryError(`the mail server refused the message${reply}; ${refusalKind(e.response ?? "", to, from)}. Ask the mail server's administrator (whoever runs ${server.address}) what the refusal is and to let records through, giving this reply and its time`, true)
          : new DeliveryError(`the mail server did not accept the message for now${reply}${passingLimit(rc, e.response ?? "") ? `: ${passingLimit(rc, e.response ?? "")}` : ""}`, false, undefined, { next: RETRIED });
      return new DeliveryError(`sending to the mail server at ${server.address} failed: ${redact(e.message ?? String(error), server.secrets)}`);
  }
}

/**
 * A rule of the mail server against this machine or its connection (no reverse DNS name, relaying
 * it does not allow, TLS it requires): said with what to mend, as the tries go on being refused.
 */
function machineRefusedFor(rc: number | undefined, response: string | undefined, server: SmtpServer, to: string, reply: string, notTaken = "the mail server did not take the record"): DeliveryError | undefined {
  const refused = machineRefused(4, rc, response ?? "", settingsSaid(server, to));
  if (!refused) return undefined;
  return new DeliveryError(`${notTaken} for now${reply}: ${refused.what}, and that does not pass by itself`, false, undefined, { mend: `each try is refused until this is mended: ${refused.mend}`, next: WAITS });
}

/**
 * A 5xx that is such a rule (TLS the server requires, relaying it does not allow): given up, as no try
 * is taken until someone mends it, and said with what it is and what to mend.
 */
function machineRefusedForGoodFor(rc: number | undefined, response: string | undefined, server: SmtpServer, to: string, reply: string): DeliveryError | undefined {
  const refused = machineRefused(5, rc, response ?? "", settingsSaid(server, to));
  if (!refused) return undefined;
  return new DeliveryError(`the mail server at ${server.address} refuses mail from somarkiv${reply}: ${refused.what}, a rule of the server that does not pass by itself; no record is sent until this is mended: ${refused.mend}`, true);
}

/** What advice names of the mail settings; the login is read from the address, as user is blank when it holds a secret. */
function settingsSaid(server: SmtpServer, to: string): MailSettingsSaid {
  return { envName: server.envName, login: !!new URL(server.url).username, to };
}

/**
 * A full mailbox is emptied, most often within the day: the record waits and is sent again (backoff up
 * to 6 hours) rather than be given up on, and the operator is told whom to ask.
 */
function fullMailbox(to: string, reply: string): DeliveryError {
  const { fact, ...advice } = fullMailboxFailure(to, reply, RETRIED);
  return new DeliveryError(fact, false, undefined, advice);
}

/**
 * What a refusal for good of the message itself (a 5xx at DATA, its size said apart) most likely is,
 * from its enhanced status code and words: "refused the message" alone left the operator not knowing
 * whom to ask. Mailbox: 5.1.x, 5.2.x, "mailbox", "user unknown"; a filter: 5.7.x, spam, virus, policy.
 */
export function refusalKind(response: string, to: string, from: string): string {
  if (/\b5\.7\.\d+|spam|virus|malware|policy|content|blocked|blacklist|reputation|dmarc|spf|dkim|attachment/i.test(response))
    return `that is most likely a content filter or a rule of the mail server (spam, a virus scan, attachments of PDF or JSON, the sender ${from} not trusted)`;
  if (/\b5\.[12]\.\d+|mailbox|user unknown|no such user|recipient|quota|full/i.test(response))
    return `that is most likely the registrar's mailbox ${to}: full, closed, or not taking mail from ${from}`;
  return `the reply does not say why: it may be the registrar's mailbox ${to}, a content filter, or the message's size`;
}

/** The server's refusal of a message for its size (5.3.4, 5.2.3; not a full mailbox's 552 5.2.2). */
function tooLarge(error: unknown): boolean {
  const e = (error ?? {}) as SmtpFailure;
  if (["EAUTH", "ENOAUTH", "ETLS", "EDNS", "ECONNECTION", "ESOCKET", "ETIMEDOUT", "EENVELOPE"].includes(e.code ?? "")) return false;
  return sizeRefused(e.responseCode, e.response ?? "");
}

/**
 * About how large the record's message is: the two files in base64 (4 bytes for 3, in lines of 76
 * and a line break), and some 4 kB for the text and the headers.
 */
function messageSize(item: DeliveryItem): number {
  const encoded = (file: string) => Math.ceil(fs.statSync(file).size / 3) * 4 * (78 / 76);
  return Math.round(encoded(item.pdfPath) + encoded(item.manifestPath) + 4_000);
}

/** The record files a message of `bytes` holds, as attachments a third larger than the files. */
function filesFitting(bytes: number): number {
  return Math.max(0, Math.floor((bytes - 4_000) * 0.75 * (76 / 78)));
}

function sizesSaid(message: number, limit: number | undefined): string {
  return `the message was about ${bytesSaid(message)} (the PDF and its JSON as attachments, a third larger than the files)${limit ? ` and the mail server takes at most ${bytesSaid(limit)}` : ", and the mail server did not say its limit"}`;
}

/** "330 kB", "4.2 MB": as the mail server's limit is said, in thousands. */
function bytesSaid(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1).replace(/\.0$/, "")} MB` : `${Math.max(1, Math.round(n / 1000))} kB`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
