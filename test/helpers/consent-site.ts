/**
 * A site that asks its cookie question on a consent page of its own before the channel, as YouTube
 * does for a visitor without its cookie: the channel sends such a visitor to the consent page, whose
 * forms post the answer to /consent-save, which gives the answer's cookie and sends them back.
 */
import fs from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { FIXTURES } from "./server.ts";

/** A channel: sent on to its consent page (`consentAt`) without the answer's cookie, the channel itself with it. */
export function consentChannelVia(consentAt: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!/SOCS=/.test(req.headers.cookie ?? "")) {
      res.writeHead(302, { location: consentAt });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(fs.readFileSync(path.join(FIXTURES, "capture/consent-document-channel.html")));
  };
}

/** /channel: the consent page (consent-document.html) without the answer's cookie, the channel with it. */
export const consentChannel = consentChannelVia("/capture/consent-document.html");

/**
 * /consent-save: takes the posted answer and sends the visitor back to where the form says
 * (continue, /channel by default); the answer's cookie is given only where `keeps` says the site keeps it.
 */
export function consentSave(keeps: (back: string) => boolean = () => true) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const form = new URLSearchParams(body);
    const back = form.get("continue") ?? "/channel";
    res.writeHead(303, { ...(keeps(back) ? { "set-cookie": `SOCS=${form.get("set_ytc")}; Path=/` } : {}), location: back });
    res.end();
  };
}
