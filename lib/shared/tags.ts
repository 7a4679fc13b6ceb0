/**
 * The one rule for tags: what a tag's canonical form is, how many a video may
 * have. The API, the studio form, search filters and the /tags/:tag page all
 * go through here, so "Café", " cafe " and "#CAFE" are one tag everywhere. Shared
 * with the browser (islands/TagInput.tsx), so this file imports nothing.
 */

/** At most this many tags per video. */
export const MAX_TAGS = 10;
/** At most this many characters in one canonical tag. */
export const MAX_TAG_LENGTH = 40;

// Combining diacritical marks only (after NFD): "é" → "e", while the vowel
// signs of scripts such as Devanagari (also category M) stay intact.
const DIACRITICS = /[\u0300-\u036f]/g;
// Spaces, underscores, dashes and dots between words become one "-".
const SEPARATORS = /[\s_\-.\u2010-\u2015]+/gu;
// Everything that is not a letter, a number, a combining mark or "-".
const OTHER = /[^\p{L}\p{N}\p{M}-]+/gu;

/**
 * The canonical form of a tag: lower case, accents removed, words joined by
 * "-", symbols dropped ("  Machine Learning! " → "machine-learning"), or null
 * when nothing is left or it is longer than MAX_TAG_LENGTH. The form is also
 * the tag's URL slug.
 */
export function normalizeTag(raw: string): string | null {
  const tag = raw.normalize("NFD").replace(DIACRITICS, "").normalize("NFC")
    .toLowerCase().replace(SEPARATORS, "-").replace(OTHER, "").replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  if (!tag || [...tag].length > MAX_TAG_LENGTH) return null;
  return tag;
}

/** Whether `slug` is already a canonical tag (what /tags/:tag accepts). */
export function isCanonicalTag(slug: string): boolean {
  return normalizeTag(slug) === slug;
}

/** The outcome of reading a list of typed tags. */
export type TagList =
  | { ok: true; tags: string[] }
  | { ok: false; message: string };

/**
 * Canonical, de-duplicated tags in the order given, or the reason they are
 * refused: a tag with nothing left after normalising, one too long, or more
 * than MAX_TAGS distinct tags.
 */
export function normalizeTags(raw: readonly string[]): TagList {
  const out: string[] = [];
  for (const r of raw) {
    if (!r.trim()) continue;
    const tag = normalizeTag(r);
    if (!tag) {
      return {
        ok: false,
        message: [...r.trim()].length > MAX_TAG_LENGTH
          ? `Each tag may be at most ${MAX_TAG_LENGTH} characters.`
          : `"${r.trim().slice(0, 40)}" is not a usable tag: use letters or numbers.`,
      };
    }
    if (!out.includes(tag)) out.push(tag);
  }
  if (out.length > MAX_TAGS) return { ok: false, message: `At most ${MAX_TAGS} tags.` };
  return { ok: true, tags: out };
}

/** Splits the comma-separated field the studio form posts (without JavaScript). */
export function splitTagField(field: string): string[] {
  return field.split(",").map((t) => t.trim()).filter(Boolean);
}
