import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { filterCompactRules } from "@duckduckgo/autoconsent";
import { initAnswer } from "../../src/capture/consent.ts";

const require = createRequire(import.meta.url);
const rules = JSON.parse(fs.readFileSync(require.resolve("@duckduckgo/autoconsent/rules/compact-rules.json"), "utf8"));

describe("the answer to autoconsent's init", () => {
  const urls = [
    "https://www.youtube.com/@overkalixkommun",
    "https://www.facebook.com/overkalixkommun",
    "https://www.instagram.com/overkalix/",
    "https://www.overkalix.se/",
    "https://www.dropbox.com/sh/abc",
    "https://www.abc.net.au/news",
    "https://www.coasthotels.com/",
    "http://127.0.0.1:4000/facebook.html?account=3",
    "about:blank",
  ];
  it("holds exactly the rules autoconsent itself picks for each address and kind of frame, asked twice", () => {
    for (const pass of [1, 2]) {
      for (const url of urls) {
        for (const mainFrame of [true, false]) {
          const answer = JSON.parse(initAnswer(rules, url, mainFrame));
          expect(answer.type, `${url} ${mainFrame} pass ${pass}`).toBe("initResp");
          expect(answer.rules.compact, `${url} ${mainFrame} pass ${pass}`).toEqual(filterCompactRules(rules, { url, mainFrame }));
          expect(answer.config.autoAction).toBe("optOut");
        }
      }
    }
  });
  it("differs where the address picks site rules of its own, and only there", () => {
    const abc = initAnswer(rules, "https://www.abc.net.au/news", true);
    const plain = initAnswer(rules, "https://www.overkalix.se/", true);
    expect(abc).not.toBe(plain);
    expect(JSON.parse(abc).rules.compact.r.length).toBeGreaterThan(JSON.parse(plain).rules.compact.r.length);
    expect(initAnswer(rules, "https://www.overkalix.se/nyheter?a=1", true)).toBe(plain);
  });
});
