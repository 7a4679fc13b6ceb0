import { decodeCursor, encodeCursor } from "../videos/_card_cursor.ts";

/** Where a time-ordered page ended: the last item's time and video id. */
export interface TimeCursor {
  at: Date;
  id: string;
}

/** Reads a page link's cursor (the cards' "newest" cursor, checked as strictly). */
export function readTimeCursor(cursor: string | undefined): TimeCursor | undefined {
  if (!cursor) return undefined;
  const c = decodeCursor(cursor, "newest");
  return c.sort === "newest" ? { at: c.at, id: c.id } : undefined;
}

/** Writes the cursor of the page after the item at (`at`, `id`). */
export function writeTimeCursor(at: Date, id: string): string {
  return encodeCursor({ sort: "newest", at, id });
}
