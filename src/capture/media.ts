/**
 * Video and sound on the page: the record is a picture and words, so what a visitor plays is not in
 * it, only the player's picture (its poster, its first frame). The record says how many there were,
 * as information on the page, not as a fault: taking it again gives the same.
 */

/** The page's shown video and audio players, down to the page's end as taken (`height` px). */
export const MEDIA_ON_PAGE = String.raw`(height) => {
  const all = [];
  const gather = (root) => { for (const el of root.querySelectorAll("video, audio, *")) { if (el.matches("video, audio")) all.push(el); if (el.shadowRoot) gather(el.shadowRoot); } };
  if (document.body) gather(document.body);
  // An audio element without controls draws nothing (a page's sound effect); one hidden is no player a visitor sees.
  const shown = (el) => {
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && r.top + scrollY < height;
  };
  let videos = 0, audio = 0;
  for (const el of all) if (shown(el)) el.tagName === "VIDEO" ? videos++ : audio++;
  return { videos, audio };
}`;

export interface MediaOnPage { videos: number; audio: number }

/** The count as the record keeps it: none when the page has no player. */
export function mediaNotKept(found: unknown): MediaOnPage | null {
  const f = found as Partial<MediaOnPage> | null;
  const videos = Math.max(0, Number(f?.videos) || 0), audio = Math.max(0, Number(f?.audio) || 0);
  return videos || audio ? { videos, audio } : null;
}

/** The page's own players and those of its frames, together. */
export function addMedia(page: unknown, frames: MediaOnPage): MediaOnPage {
  const p = page as Partial<MediaOnPage> | null;
  return { videos: (Number(p?.videos) || 0) + frames.videos, audio: (Number(p?.audio) || 0) + frames.audio };
}
