/** The record sheet's remark of posts behind a warning (flag content-behind-warning; see capture/behind-warnings.ts). */

/** "2 inlägg … och 1 bild eller video …": the sheet's remark, in Swedish, for the registrar. */
export function behindWarningsSv(counts: { posts: number; media: number } | undefined, keptTexts: boolean): string | undefined {
  if (!counts || !(counts.posts || counts.media)) return undefined;
  const parts = [
    counts.posts ? `${counts.posts} inlägg har sin text dold bakom en innehållsvarning (en knapp som ”Visa mer”)` : "",
    counts.media ? `${counts.media} ${counts.media === 1 ? "bild eller video ligger" : "bilder eller videor ligger"} under ett skydd för känsligt innehåll` : "",
  ].filter(Boolean);
  // One post alone, or one picture alone, is "det" / "den": "1 inlägg …; ögonblicksbilden visar dem" read as a slip.
  const them = counts.posts + counts.media > 1 ? "dem" : counts.posts ? "det" : "den";
  return `${parts.join(" och ")}; ögonblicksbilden visar ${them} så som en besökare ser ${them} innan hen trycker${keptTexts ? "; den dolda texten finns i metadatafilen (JSON), under textBehindWarnings" : ""}`;
}
