import type { Sql } from "../db/mod.ts";

/** What the media edge needs to know about a video to serve its bytes. */
export interface MediaAccess {
  visibility: "public" | "unlisted" | "private";
  status: string;
}

/**
 * Looks up a video's visibility for the media edge, remembering answers for a
 * few seconds: a player fetches a segment every few seconds per viewer, and a
 * visibility change may take that long to apply.
 */
export class MediaAccessCache {
  readonly #sql: Sql;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { at: number; value: MediaAccess | undefined }>();

  constructor(sql: Sql, options: { ttlMs?: number } = {}) {
    this.#sql = sql;
    this.#ttlMs = options.ttlMs ?? 5000;
  }

  /** The video's access facts, or undefined when there is no such video. */
  async get(videoId: string): Promise<MediaAccess | undefined> {
    const now = Date.now();
    const hit = this.#entries.get(videoId);
    if (hit && now - hit.at < this.#ttlMs) return hit.value;
    const [row] = await this.#sql<MediaAccess[]>`
      select visibility, status from videos where id = ${videoId}`;
    if (this.#entries.size > 10_000) this.#entries.clear();
    this.#entries.set(videoId, { at: now, value: row });
    return row;
  }
}
