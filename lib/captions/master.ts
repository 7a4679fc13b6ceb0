import { captionPlaylistPath } from "../storage/layout.ts";

/** The caption facts the master playlist needs. */
export type MasterCaption = { lang: string; label: string; version: string };

/** The subtitle rendition group every variant refers to. */
const GROUP = "subs";

/**
 * How long a finished master playlist may be cached (seconds). The transcode
 * writes the master once, but the media edge adds the current caption tracks
 * to it on every request, so a caption added, replaced or deleted must reach
 * players (and a CDN) within this time rather than a day.
 */
export const MASTER_MAX_AGE_S = 60;

/**
 * The master playlist with the video's current caption tracks: one
 * `EXT-X-MEDIA:TYPE=SUBTITLES` entry per track (its one-segment WebVTT
 * playlist, relative to the master) and `SUBTITLES="subs"` on every variant.
 * No tracks: the master unchanged. Labels and languages were validated when
 * stored (no quotes, no control characters), so they are safe as attributes.
 */
export function masterWithCaptions(master: string, tracks: readonly MasterCaption[]): string {
  if (tracks.length === 0) return master;
  const seen = new Set<string>();
  const media = tracks.map((t) => {
    // NAME must be unique within a group: two tracks labelled alike get their language added.
    const name = seen.has(t.label) ? `${t.label} (${t.lang})` : t.label;
    seen.add(name);
    return `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${GROUP}",NAME="${name}",LANGUAGE="${t.lang}",` +
      `DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="${captionPlaylistPath(t.lang, t.version)}"`;
  });
  const out: string[] = [];
  let inserted = false;
  for (const line of master.split("\n")) {
    if (line.startsWith("#EXT-X-STREAM-INF:")) {
      if (!inserted) out.push(...media);
      inserted = true;
      out.push(/SUBTITLES=/.test(line) ? line : `${line},SUBTITLES="${GROUP}"`);
    } else out.push(line);
  }
  return out.join("\n");
}

/**
 * An ETag for the master as served: the stored object's ETag changed by the
 * caption list, so that a revalidation after a caption change gets the new text.
 */
export function masterEtag(objectEtag: string, tracks: readonly MasterCaption[]): string {
  if (tracks.length === 0) return objectEtag;
  const sig = tracks.map((t) => `${t.lang}:${t.version}:${t.label}`).join("|");
  let h = 0x811c9dc5; // FNV-1a, 32 bits: a change detector, not a security measure.
  for (let i = 0; i < sig.length; i++) h = Math.imul(h ^ sig.charCodeAt(i), 0x01000193);
  const base = objectEtag.replace(/^W\//, "").replace(/^"|"$/g, "");
  return `"${base}-c${(h >>> 0).toString(16)}"`;
}
