import { shellWord } from "../config/index.ts";
import type { DeliveryItem } from "./types.ts";

/**
 * The command that records a diary number for a record, as the registrar (or whoever runs somarkiv
 * for them) types it: with --config when somarkiv runs with a file it does not find by itself, quoted
 * for a shell when the path needs it.
 */
export function registeredCommand(recordId: string, configPath?: string, dnr = "KS 2026/123"): string {
  const config = configPath ? ` --config ${shellWord(configPath)}` : "";
  return `npx somarkiv registered ${recordId} --dnr "${dnr}"${config}`;
}

/** The command that delivers a record again from the archive, for a copy the registrar lost. */
export function deliverAgainCommand(recordId: string, configPath?: string): string {
  const config = configPath ? ` --config ${shellWord(configPath)}` : "";
  return `npx somarkiv deliver --again ${recordId}${config}`;
}

/** The name of the instructions file in the registrar's folder: sorted among the records, it is seen first. */
export const FOLDER_GUIDE = "LÄS MIG – somarkiv.txt";

/**
 * What the registrar who opens the intake folder needs to know, where an e-mail would say it: what
 * the files are, where the filing details are, and how the diary number gets back to somarkiv. In
 * Windows' own form (a BOM, CRLF), since the folder is most often opened on a registrar's PC.
 */
export function folderGuide(item: DeliveryItem): string {
  const org = (item.manifest as { organisation?: { name?: string } }).organisation?.name;
  const lines = [
    `Den här mappen tar emot ögonblicksbilder från somarkiv${org ? `, som ${org} använder för att bevara startsidorna för sina konton i sociala medier` : ""}.`,
    "",
    "Varje handling är två filer med samma namn:",
    "  <konto>_<period>_v<version>.pdf   – ögonblicksbilden (PDF/A), med registreringsbladet som första sida",
    "  <konto>_<period>_v<version>.json  – metadata och kontrollsummor (SHA-256)",
    "",
    "Registreringsbladet har det som behövs för diarieföringen: ärendemening, konto, period,",
    "tidpunkt, ansvarig, arkivbildare, klassificering, samlingsärende och handlingens id.",
    "Handlingens id är filnamnet utan .pdf.",
    "",
    "När en handling är diarieförd, för in diarienumret i somarkiv (eller be den som sköter somarkiv",
    `att göra det), till exempel för den senast levererade, ${item.recordId}:`,
    `  ${registeredCommand(item.recordId, item.configPath)}`,
    "",
    "somarkiv skriver aldrig över en fil här: en ny version av samma halvår får ett nytt namn (…_v2),",
    "och dess registreringsblad säger varför den togs. somarkiv har sina egna kopior i arkivet.",
    "",
    "Har en handling tagits bort härifrån av misstag, levererar den som sköter somarkiv den igen",
    "ur arkivet (kontrollerad mot sin kontrollsumma), till exempel:",
    `  ${deliverAgainCommand(item.recordId, item.configPath)}`,
    "",
    "Den här filen skrivs av somarkiv och skrivs om vid varje leverans; den är ingen handling.",
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
