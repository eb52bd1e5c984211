/**
 * What a wake's line says of deliveries that need a person: it counts records (the registrar's
 * unit), names the first three deliveries and counts the rest, so that the journal line stays one
 * line however many wait.
 */
import { describe, expect, it } from "vitest";
import { givenUpSaid } from "../../src/schedule/given-up.ts";

describe("givenUpSaid: the wake's line of deliveries that need a person", () => {
  it("is empty when none waits", () => {
    expect(givenUpSaid([])).toBe("");
  });

  it("counts one record refused by two intakes as one record, and names both deliveries", () => {
    const said = givenUpSaid([
      { recordId: "facebook-kommun-2026-H1-v1", target: "email:diarium@kommun.se", error: "550 mailbox unavailable" },
      { recordId: "facebook-kommun-2026-H1-v1", target: "http:https://e-arkiv.kommun.se/intag", error: "401 the login was refused" },
    ]);
    expect(said).toMatch(/^problems: 1 record needs a person \(/);
    expect(said).toContain("facebook-kommun-2026-H1-v1 not delivered to diarium@kommun.se by e-mail: 550 mailbox unavailable");
    expect(said).toContain("facebook-kommun-2026-H1-v1 not delivered to the HTTP intake https://e-arkiv.kommun.se/intag: 401 the login was refused");
    expect(said).not.toContain("more");
  });

  it("names three deliveries and counts the rest, with what to do", () => {
    const said = givenUpSaid(["a", "b", "c", "d", "e"].map((a) => ({ recordId: `${a}-2026-H1-v1`, target: "directory:/srv/diarium", error: null })));
    expect(said).toBe(
      "problems: 5 records need a person (a-2026-H1-v1 not delivered to the folder /srv/diarium; b-2026-H1-v1 not delivered to the folder /srv/diarium; " +
      "c-2026-H1-v1 not delivered to the folder /srv/diarium; and 2 more delivery(ies); \"somarkiv status\" says what each needs; put that right, then run \"somarkiv deliver\")",
    );
  });

  it("says exactly three without a count of more", () => {
    const said = givenUpSaid(["a", "b", "c"].map((a) => ({ recordId: `${a}-2026-H1-v1`, target: "directory:/srv/diarium", error: null })));
    expect(said).toContain("c-2026-H1-v1 not delivered to the folder /srv/diarium; \"somarkiv status\"");
    expect(said).not.toContain("more");
  });
});
