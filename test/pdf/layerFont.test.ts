import { describe, expect, it } from "vitest";
import { isolateEmoji, layerCharacters, layerFontProgram, openStretch, toUnicodeCMap, visualLine } from "../../src/pdf/layer-font.ts";
import { drawingOrder, spaceBetween } from "../../src/pdf/tiling.ts";

describe("layerCharacters: a word's characters in the order they are drawn", () => {
  it("keeps left-to-right words of any script as they are, one entry per code point", () => {
    expect(layerCharacters("Överkalix")).toEqual([..."Överkalix"]);
    expect(layerCharacters("ክታበት")).toEqual([..."ክታበት"]);
    expect(layerCharacters("疫苗接种")).toEqual([..."疫苗接种"]);
    expect(layerCharacters("🎉👍")).toEqual(["🎉", "👍"]);
  });

  it("keeps each emoji sequence one entry, one glyph of the layer, in a right-to-left word too", () => {
    expect(layerCharacters("🇸🇪👨\u200d👩\u200d👧❤\ufe0f")).toEqual(["🇸🇪", "👨\u200d👩\u200d👧", "❤\ufe0f"]);
    expect(layerCharacters("شكراً❤\ufe0f")).toEqual(["❤\ufe0f", ...[..."شكراً"].reverse()]);
  });

  it("fences an emoji off with direction marks on a right-to-left line, and nothing else", () => {
    expect(isolateEmoji(["🇸🇪", "a"])).toEqual(["\u200f", "\u200e", "🇸🇪", "\u200e", "\u200f", "a"]);
    expect(isolateEmoji(layerCharacters("بكم"))).toEqual(layerCharacters("بكم"));
  });

  it("lays a right-to-left word out as it is seen: its letters reversed", () => {
    expect(layerCharacters("معلومات")).toEqual([..."معلومات"].reverse());
    expect(layerCharacters("שלום")).toEqual(["ם", "ו", "ל", "ש"]);
  });

  it("keeps numbers and Latin inside a right-to-left word in their own order", () => {
    // "in 2026" written as one Arabic word with a number: the digits stay left to right.
    const word = "عام2026";
    expect(layerCharacters(word).join("")).toBe("2026" + [..."عام"].reverse().join(""));
    expect(layerCharacters("٢٠٢٦").join("")).toBe("٢٠٢٦");
    // A left-to-right word with a Hebrew part keeps its own order, the Hebrew part turned.
    expect(layerCharacters("abcשלום").join("")).toBe("abcםולש");
  });

  it("draws a combining mark before its letter in the invisible layer, as extractors turn it back one character at a time", () => {
    // بَاب: the fatha (U+064E) belongs to the ba before it; read back it must follow the ba again.
    expect(layerCharacters("\u0628\u064e\u0627\u0628")).toEqual(["\u0628", "\u0627", "\u064e", "\u0628"]);
    // شكراً ends in a tanwin on its alef; שָׁלוֹם has two points on its shin.
    for (const word of ["شكراً", "שָׁלוֹם", "עֲלֵיכֶם"]) expect(layerCharacters(word)).toEqual([...word.normalize("NFC")].reverse());
  });

  it("keeps a combining mark after its letter on the record sheet, where the font draws it over the glyph before it", () => {
    expect(layerCharacters("\u0628\u064e\u0627\u0628", true)).toEqual(["\u0628", "\u0627", "\u0628", "\u064e"]);
    expect(visualLine("Konto شكراً")).toBe("Konto \u0627\u064b\u0631\u0643\u0634");
  });

  it("opens a right-to-left stretch that would start with a mark with a right-to-left mark and a space", () => {
    const last = layerCharacters("جزيلاً");
    expect(openStretch(last, [])).toEqual(["\u200f", " ", ...last]);
    expect(openStretch(last, [..."kommun"])).toEqual(["\u200f", " ", ...last]);
    // Within a stretch, or for a word that starts with its letter, nothing is added.
    expect(openStretch(last, layerCharacters("شكراً"))).toEqual(last);
    expect(openStretch(layerCharacters("بكم"), [])).toEqual(layerCharacters("بكم"));
  });

  it("leaves out characters that are invisible in text and break search, but keeps joiners", () => {
    expect(layerCharacters("arkiv\u00adering").join("")).toBe("arkivering");
    expect(layerCharacters("\ufeffhej\u200b").join("")).toBe("hej");
    expect(layerCharacters("ab\u0007c")).toEqual(["a", "b", "c"]);
    // Persian needs its zero-width non-joiner; emoji sequences their joiner and their variation selector.
    expect(layerCharacters("می\u200cخواهم")).toContain("\u200c");
    expect(layerCharacters("👩\u200d💻").join("")).toContain("\u200d");
    expect(layerCharacters("❤\ufe0f\u200d🔥").join("")).toBe("❤\ufe0f\u200d🔥");
    // A lone surrogate (a broken string) is dropped rather than written as a wrong character.
    expect(layerCharacters("a\ud800b")).toEqual(["a", "b"]);
  });
});

describe("visualLine: a line of the record sheet as it is drawn", () => {
  it("turns each stretch of right-to-left words, the spaces between them included, and leaves the Swedish around it", () => {
    const ar = "معلومات بالعربية";
    expect(visualLine(`Överkalix kommun – ${ar} (facebook-arabiska)`)).toBe(`Överkalix kommun – ${[...ar].reverse().join("")} (facebook-arabiska)`);
    expect(visualLine("Ögonblicksbild Facebook 2026 H2")).toBe("Ögonblicksbild Facebook 2026 H2");
    // A number among the right-to-left words keeps its own order, and its place in the stretch.
    expect(visualLine("عام 2026 هنا")).toBe([..."هنا"].reverse().join("") + " 2026 " + [..."عام"].reverse().join(""));
  });
});

describe("spaceBetween", () => {
  const word = { text: "God", x: 100, y: 50, width: 40, height: 20 };

  it("gives the gap to the next word on the same line, to the right", () => {
    expect(spaceBetween(word, { text: "jul", x: 146, y: 50, width: 30, height: 20 })).toEqual({ text: " ", x: 140, y: 50, width: 6, height: 20 });
  });

  it("gives the gap to the left in a right-to-left line", () => {
    const space = spaceBetween(word, { text: "عن", x: 60, y: 51, width: 34, height: 20 });
    expect(space).toEqual({ text: " ", x: 94, y: 50, width: 6, height: 20 });
  });

  it("gives nothing for a new line, a far column, touching words or the last word", () => {
    expect(spaceBetween(word, { text: "x", x: 10, y: 80, width: 30, height: 20 })).toBeNull();
    expect(spaceBetween(word, { text: "x", x: 400, y: 50, width: 30, height: 20 })).toBeNull();
    expect(spaceBetween(word, { text: "x", x: 140, y: 50, width: 30, height: 20 })).toBeNull();
    expect(spaceBetween(word, { text: "x", x: 146, y: 50, width: 30, height: 60 })).toBeNull();
    expect(spaceBetween(word, undefined)).toBeNull();
  });
});

describe("drawingOrder", () => {
  it("draws each line's words from left to right, a right-to-left line's too, and keeps the lines in reading order", () => {
    // A right-to-left line as the capture gives it, first word rightmost, then a left-to-right line below.
    const first = { text: "شكراً", x: 200, y: 50, width: 50, height: 20 };
    const second = { text: "جزيلاً", x: 140, y: 50, width: 54, height: 20 };
    const below = [{ text: "Överkalix", x: 100, y: 80, width: 60, height: 20 }, { text: "kommun", x: 166, y: 80, width: 50, height: 20 }];
    expect(drawingOrder([first, second, ...below]).map((w) => w.text)).toEqual(["جزيلاً", "شكراً", "Överkalix", "kommun"]);
  });
});

describe("the layer font", () => {
  it("is a TrueType program with valid table checksums and the whole-font adjustment", () => {
    const font = Buffer.from(layerFontProgram());
    expect(font.readUInt32BE(0)).toBe(0x00010000);
    const numTables = font.readUInt16BE(4);
    const sum = (b: Buffer) => {
      let s = 0;
      for (let i = 0; i < b.length; i += 4) s = (s + ((b[i] << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0))) >>> 0;
      return s;
    };
    const tags: string[] = [];
    for (let i = 0; i < numTables; i++) {
      const r = 12 + 16 * i;
      const tag = font.toString("latin1", r, r + 4);
      tags.push(tag);
      const offset = font.readUInt32BE(r + 8);
      const length = font.readUInt32BE(r + 12);
      const data = Buffer.from(font.subarray(offset, offset + Math.ceil(length / 4) * 4));
      if (tag === "head") data.writeUInt32BE(0, 8);
      expect(sum(data), tag).toBe(font.readUInt32BE(r + 4));
    }
    expect(tags).toEqual([...tags].sort());
    for (const t of ["cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post", "OS/2"]) expect(tags).toContain(t);
    expect(sum(font)).toBe(0xb1b0afba);
  });

  it("maps each CID to its characters in blocks of at most 100", () => {
    const chars = ["", ...Array.from({ length: 150 }, (_, i) => String.fromCodePoint(0x4e00 + i)), "🎉"];
    const cmap = toUnicodeCMap(chars);
    expect(cmap).toContain("100 beginbfchar");
    expect(cmap).toContain("51 beginbfchar");
    expect(cmap).toContain("<0001> <4e00>");
    // Outside the Basic Multilingual Plane: the UTF-16 pair.
    expect(cmap).toContain("<0097> <d83cdf89>");
  });
});
