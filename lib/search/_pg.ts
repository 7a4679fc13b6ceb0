import type { Queryable, Sql } from "../db/mod.ts";
import { UnavailableError } from "../errors.ts";
import { mediaPath } from "../storage/layout.ts";

/** No search statement may run longer than this. */
export const SEARCH_TIMEOUT_MS = 2000;

/**
 * Runs `fn` in a transaction whose statements are cancelled after
 * SEARCH_TIMEOUT_MS (SET LOCAL: the limit ends with the transaction, so the
 * pooled connection is not left with it). A cancelled search is a 503.
 */
export async function withTimeout<T>(sql: Sql, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  try {
    return await sql.begin(async (tx) => {
      await tx.unsafe(`set local statement_timeout = ${SEARCH_TIMEOUT_MS}`);
      return await fn(tx);
    }) as T;
  } catch (e) {
    if ((e as { code?: string }).code === "57014") {
      throw new UnavailableError("The search took too long. Try more specific words.", {
        cause: e,
      });
    }
    throw e;
  }
}

/** A poster's public URL, only for a key under the video's own media folder (as browse.ts). */
export function posterUrl(id: string, key: string | null, mediaBaseUrl = ""): string | null {
  return mediaPath(id, key) !== undefined ? `${mediaBaseUrl}/${key}` : null;
}
