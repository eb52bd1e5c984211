/**
 * What the worker's wake and status say of deliveries that wait for a full mailbox: one sentence a
 * mailbox, read from the error the e-mail intake gave each delivery, and nothing of the others that wait.
 */
import { describe, expect, it } from "vitest";
import { fullMailboxError, fullMailboxes, fullMailboxesSaid, fullMailboxOf } from "../../src/intake/full-mailbox.ts";

const RETRIED = 'it will be tried again by "somarkiv deliver" or the worker';

describe("deliveries waiting for a full mailbox", () => {
  it("are told apart from the rest that wait by the error the intake gave, and said once for each mailbox", () => {
    const full = fullMailboxError("registrator@overkalix.se", ": 452 4.2.2 Mailbox full", RETRIED);
    expect(full).toBe(`the registrar's mailbox registrator@overkalix.se is full (the mail server answered 452 4.2.2 Mailbox full); someone must empty it: ask the registrar (or whoever runs the mail server, to give it more room). Nothing is lost: the record waits, and ${RETRIED}`);
    expect(fullMailboxOf(full)).toBe("registrator@overkalix.se");
    expect(fullMailboxOf(`could not reach the mail server at 127.0.0.1:25 (connection refused); ${RETRIED}`)).toBeUndefined();
    expect(fullMailboxOf(null)).toBeUndefined();
    const other = fullMailboxError("arkiv@overkalix.se", ": 552 5.2.2 Over quota", RETRIED);
    expect(fullMailboxesSaid([
      { recordId: "a_2026-H2_v1", error: full },
      { recordId: "b_2026-H2_v1", error: full },
      { recordId: "c_2026-H2_v1", error: "could not reach the mail server" },
      { recordId: "a_2026-H2_v1", error: other },
    ])).toEqual([
      "the registrar's mailbox registrator@overkalix.se is full, and 2 records wait to be delivered to it (a_2026-H2_v1, b_2026-H2_v1); someone must empty it: ask the registrar (or whoever runs the mail server, to give it more room). Nothing is lost: they are sent once it takes mail again, at the worker's next wake or by \"somarkiv deliver\"",
      "the registrar's mailbox arkiv@overkalix.se is full, and 1 record waits to be delivered to it (a_2026-H2_v1); someone must empty it: ask the registrar (or whoever runs the mail server, to give it more room). Nothing is lost: they are sent once it takes mail again, at the worker's next wake or by \"somarkiv deliver\"",
    ]);
    expect(fullMailboxesSaid([{ recordId: "c_2026-H2_v1", error: null }])).toEqual([]);
  });

  it("counts a record once for a mailbox two intakes send it to, and names five records, then how many more", () => {
    const full = fullMailboxError("registrator@overkalix.se", ": 452 4.2.2 Mailbox full", RETRIED);
    // Two e-mail intakes of one address (another server, another sender): one record, one mailbox.
    expect(fullMailboxes([{ recordId: "a_2026-H2_v1", error: full }, { recordId: "a_2026-H2_v1", error: full }]))
      .toEqual([{ mailbox: "registrator@overkalix.se", records: ["a_2026-H2_v1"] }]);
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `konto-${i + 1}_2026-H2_v1`);
    const said = (n: number) => fullMailboxesSaid(ids(n).map((recordId) => ({ recordId, error: full })))[0]!;
    expect(said(5)).toContain(`and 5 records wait to be delivered to it (${ids(5).join(", ")}); `);
    expect(said(6)).toContain(`and 6 records wait to be delivered to it (${ids(5).join(", ")} and 1 more); `);
  });
});
