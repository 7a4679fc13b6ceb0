import type { TextSegment } from "./backend.ts";

/**
 * Markers around highlighted words in text that Postgres produced (private-use
 * characters, removed from the text before it is highlighted, so that no text
 * can forge them). Splitting on them yields segments that the page renders as
 * escaped text: no HTML ever comes out of the database.
 */
export const MARK_START = "\uE000";
export const MARK_END = "\uE001";

/** Splits marked text into plain and matched segments; adjacent segments never share a kind. */
export function splitMarked(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let match = false;
  for (const part of text.split(/([\uE000\uE001])/u)) {
    if (part === MARK_START) match = true;
    else if (part === MARK_END) match = false;
    else if (part) {
      const last = out.at(-1);
      if (last && last.match === match) last.text += part;
      else out.push({ text: part, match });
    }
  }
  return out;
}
