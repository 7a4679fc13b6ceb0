/**
 * Chapters from a description, by YouTube's rules, so that creators can use
 * what they already write: lines that start with a timestamp ("0:00 Intro",
 * "1:02:03 - Outro", "(4:05) Q&A"); the first must be at 0:00, there must be
 * at least three, in increasing order and each at least 10 s long.
 * Otherwise there are no chapters at all (a partial list would be a guess).
 * Browser-safe: the server renders the list, the player marks the seek bar.
 */

/** One chapter: where it starts and what it is called. */
export interface Chapter {
  startS: number;
  title: string;
}

/** The rules, named. */
export const MIN_CHAPTERS = 3;
export const MIN_CHAPTER_S = 10;
const MAX_TITLE = 100;
const MAX_CHAPTERS = 100;

// A timestamp at the start of a line, optionally in brackets, then a separator.
const LINE = /^\s*[([]?((?:\d{1,2}:)?\d{1,2}:\d{2})[)\]]?\s*(?:[-–—:|.]\s*)?(.*)$/;

/** Seconds in "m:ss", "mm:ss" or "h:mm:ss"; undefined when a field is out of range. */
export function parseTimestamp(text: string): number | undefined {
  const parts = text.split(":").map(Number);
  if (parts.some((p) => !Number.isInteger(p))) return undefined;
  const [h, m, s] = parts.length === 3 ? parts : [0, ...parts];
  if (s > 59 || (parts.length === 3 && m > 59)) return undefined;
  return h * 3600 + m * 60 + s;
}

/**
 * The chapters of `description`, or [] when it does not follow the rules.
 * With `durationS`, chapters must also start before the end and the last
 * must be at least 10 s long.
 */
export function parseChapters(description: string, durationS?: number | null): Chapter[] {
  const chapters: Chapter[] = [];
  for (const line of description.split(/\r?\n/).slice(0, 2000)) {
    const m = LINE.exec(line);
    if (!m) continue;
    const startS = parseTimestamp(m[1]);
    const title = m[2].trim().slice(0, MAX_TITLE);
    if (startS === undefined || !title) continue;
    chapters.push({ startS, title });
    if (chapters.length > MAX_CHAPTERS) return [];
  }
  if (chapters.length < MIN_CHAPTERS || chapters[0].startS !== 0) return [];
  for (let i = 1; i < chapters.length; i++) {
    if (chapters[i].startS - chapters[i - 1].startS < MIN_CHAPTER_S) return [];
  }
  if (durationS) {
    const last = chapters[chapters.length - 1];
    if (durationS - last.startS < MIN_CHAPTER_S) return [];
  }
  return chapters;
}

/** The chapter playing at `t` seconds (the last that started at or before it). */
export function chapterAt(chapters: readonly Chapter[], t: number): Chapter | undefined {
  let found: Chapter | undefined;
  for (const c of chapters) {
    if (c.startS <= t) found = c;
    else break;
  }
  return found;
}
