import { describe, expect, it } from "vitest";
import { readableUrl } from "../../src/record/index.ts";

describe("an address as the registrar reads it", () => {
  it("shows Swedish letters in the name and the path as written, where the browser reports them encoded", () => {
    expect(readableUrl("https://xn--verkalix-m4a.se/nyheter")).toBe("https://överkalix.se/nyheter");
    expect(readableUrl("https://www.youtube.com/@%C3%96verkalixkommun")).toBe("https://www.youtube.com/@Överkalixkommun");
    expect(readableUrl("https://www.overkalix.se/f%C3%B6rskola?q=sn%C3%B6r%C3%B6jning#%C3%A5")).toBe("https://www.overkalix.se/förskola?q=snöröjning#å");
    expect(readableUrl("https://www.facebook.com/overkalixkommun")).toBe("https://www.facebook.com/overkalixkommun");
  });

  it("keeps what could change the address's meaning or disguise it as it was sent", () => {
    // Escaped ASCII is part of the syntax: an escaped slash is not a slash.
    expect(readableUrl("https://x.se/a%2Fb?x=%26%20y")).toBe("https://x.se/a%2Fb?x=%26%20y");
    // Invisible and direction-changing characters, and bytes that are not UTF-8.
    expect(readableUrl("https://x.se/%E2%80%AEgpj.exe")).toBe("https://x.se/%E2%80%AEgpj.exe");
    expect(readableUrl("https://x.se/%E2%80%8B")).toBe("https://x.se/%E2%80%8B");
    expect(readableUrl("https://x.se/%FF%C3")).toBe("https://x.se/%FF%C3");
    // A name in another script that could imitate a Latin one ("аррӏе.com") stays in its transmitted form.
    expect(readableUrl("https://xn--80ak6aa92e.com/")).toBe("https://xn--80ak6aa92e.com/");
  });

  it("never shows a password in an address, and leaves what is not a web address alone", () => {
    expect(readableUrl("https://user:hemligt@x.se/")).toBe("https://user:***@x.se/");
    expect(readableUrl("about:blank")).toBe("about:blank");
    expect(readableUrl("not a url")).toBe("not a url");
  });
});
