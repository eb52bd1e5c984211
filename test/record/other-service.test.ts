/**
 * An account on a service somarkiv has no name for (platform: other) is titled by its address's host
 * ("Ögonblicksbild mastodon.social Kommunen 2026 H2"), on the record sheet, in the e-mail and in the
 * public list, where "Annan tjänst" said nothing of where the account is.
 */
import fs from "node:fs";
import path from "node:path";
import { domainToASCII } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { serviceName } from "../../src/config/schema.ts";
import { recordTitle } from "../../src/record/metadata.ts";
import { subjectFor, bodyFor } from "../../src/intake/email.ts";
import { parseConfig } from "../../src/config/index.ts";
import { makeRecord } from "../intake/record.ts";
import { startFixtureServer } from "../helpers/server.ts";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";
import { periodOf } from "../../src/schedule/period.ts";
import { pdftotext } from "../pdf/tools.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

const config = parseConfig("organisation:\n  name: Överkalix kommun\naccounts:\n  - id: mastodon-kommun\n    name: Överkalix kommun\n    platform: other\n    url: https://mastodon.social/@overkalix\n  - id: blogg\n    name: Kommunbloggen\n    platform: other\n    url: https://www.bloggen.overkalix.se/\n  - id: facebook-kommun\n    name: Överkalix kommun\n    platform: facebook\n    url: https://www.facebook.com/overkalixkommun\n", "/srv/somarkiv/somarkiv.yaml");

describe("the service of an account on platform other", () => {
  it("is its address's host, without www, in the record's title; a named platform keeps its name", () => {
    const [mastodon, blogg, facebook] = config.accounts;
    expect(recordTitle(mastodon!, "2026-H2", false)).toBe("Ögonblicksbild mastodon.social Överkalix kommun 2026 H2");
    expect(recordTitle(blogg!, "2026-H2", true)).toBe("Slutlig ögonblicksbild bloggen.overkalix.se Kommunbloggen 2026 H2");
    expect(recordTitle(facebook!, "2026-H2", false)).toBe("Ögonblicksbild Facebook Överkalix kommun 2026 H2");
    expect(serviceName({ platform: "other", url: `https://${domainToASCII("värml.se")}/` })).toBe("värml.se");
  });

  it("is named in the e-mail's subject and its platform line", async () => {
    const { item } = await makeRecord(fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "somarkiv-other-")), { platform: "other", url: "https://mastodon.social/@overkalix" });
    cleanups.push(() => fs.rmSync(path.dirname(item.pdfPath), { recursive: true, force: true }));
    expect(subjectFor(item)).toBe("Ögonblicksbild för diarieföring: Överkalix kommun (mastodon.social), 2026-H2");
    expect(bodyFor(item)).toMatch(/Plattform: +mastodon\.social/);
    expect(bodyFor(item)).not.toContain("Annan tjänst");
  });

  it("titles a real capture's record sheet and the public list by the host", async () => {
    const site = await startFixtureServer();
    cleanups.push(() => site.close());
    // localhost is the host the browser is sent to: the fixture site, as a service of its own.
    const url = site.at("pipeline/kommun.html").replace("127.0.0.1", "localhost");
    const ws = makeWorkspace({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60, concurrency: 1 }, accounts: [{ ...account("blogg", url, { platform: "other" }), name: "Kommunbloggen" }] });
    cleanups.push(() => ws.cleanup());
    const r = await runCli(["capture", "--config", ws.configPath]);
    expect(r.code, r.stderr).toBe(0);
    const period = periodOf(new Date(), "Europe/Stockholm");
    const text = (await pdftotext(path.join(ws.intake, `blogg_${period}_v1.pdf`), ["-l", "1"])).replace(/\s+/g, " ");
    expect(text).toContain(`Ögonblicksbild localhost Kommunbloggen ${period.replace("-", " ")}`);
    expect(text).not.toContain("Annan tjänst");
    const list = await runCli(["accounts", "--json", "--config", ws.configPath]);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(list.stdout))).toContain('"platformName":"localhost"');
  });
});
