import { describe, expect, it } from "vitest";
import { behindWarningsSv } from "../../src/record/behind-warnings.ts";

/** The sheet's remark of what lies behind a warning, as the registrar reads it: one post is "det", not "dem". */
describe("the remark of posts and pictures behind a warning", () => {
  it("says one post as \"det\", one picture as \"den\", and more as \"dem\"", () => {
    expect(behindWarningsSv({ posts: 1, media: 0 }, false)).toBe("1 inlägg har sin text dold bakom en innehållsvarning (en knapp som ”Visa mer”); ögonblicksbilden visar det så som en besökare ser det innan hen trycker");
    expect(behindWarningsSv({ posts: 0, media: 1 }, false)).toBe("1 bild eller video ligger under ett skydd för känsligt innehåll; ögonblicksbilden visar den så som en besökare ser den innan hen trycker");
    expect(behindWarningsSv({ posts: 3, media: 0 }, false)).toContain("; ögonblicksbilden visar dem så som en besökare ser dem innan hen trycker");
    expect(behindWarningsSv({ posts: 1, media: 1 }, true)).toBe("1 inlägg har sin text dold bakom en innehållsvarning (en knapp som ”Visa mer”) och 1 bild eller video ligger under ett skydd för känsligt innehåll; ögonblicksbilden visar dem så som en besökare ser dem innan hen trycker; den dolda texten finns i metadatafilen (JSON), under textBehindWarnings");
    expect(behindWarningsSv({ posts: 0, media: 0 }, false)).toBeUndefined();
  });
});
