import type { Config } from "../config/schema.ts";
import { accountRegister, publicRegister } from "./register.ts";
import type { RegisterEntry } from "./types.ts";
import { toCsv } from "./csv.ts";
import { readableUrl } from "../record/metadata.ts";

/** The register as JSON: the organisation, the active accounts and, apart, the closed ones. */
export function renderRegisterJson(config: Config, opts: { generatedAt?: Date } = {}): string {
  return JSON.stringify(publicRegister(config, opts), null, 2) + "\n";
}

const CSV_COLUMNS: [header: string, value: (e: RegisterEntry) => string | null][] = [
  ["Status", (e) => (e.status === "active" ? "Aktivt" : "Avslutat")],
  ["Konto", (e) => e.name],
  ["Tjänst", (e) => e.platformName],
  // As a person reads and types it ("@ÄlvsåkraBibliotek"); a browser opens it as well as the escaped form.
  ["Adress", (e) => readableUrl(e.url)],
  ["Ansvarig enhet", (e) => e.unit],
  ["Ansvarig", (e) => e.responsible],
  ["Kontakt", (e) => e.contactEmail],
  ["Syfte", (e) => e.purpose],
  ["Målgrupp", (e) => e.audience],
  ["Avslutat datum", (e) => e.closedOn],
  ["Id", (e) => e.id],
];

/** The register as CSV the way Swedish Excel opens it without an import dialog (see toCsv). */
export function renderRegisterCsv(config: Config): string {
  return toCsv(CSV_COLUMNS.map(([h]) => h), accountRegister(config).map((e) => CSV_COLUMNS.map(([, v]) => v(e) ?? "")));
}
