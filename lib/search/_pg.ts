import type { Queryable, Sql } from "../db/mod.ts";
import { UnavailableError } from "../errors.ts";
import { mediaPath } from "../storage/layout.ts";

/** No search statement may run longer than this. */
export const SEARCH_TIMEOUT_MS = 2000;

/**
 * Runs `fn` in a transaction whose statements are cancelled after
 * SEARCH_TIMEOUT_MS, with `settings` (planner settings) for that transaction
 * only: all set in one statement (set_config(…, true) is SET LOCAL: the values
 * end with the transaction, so the pooled connection keeps none of them). A
 * cancelled search is a 503.
 */
export async function withTimeout<T>(
  sql: Sql,
  fn: (tx: Queryable) => Promise<T>,
  options: { settings?: Record<string, string> } = {},
): Promise<T> {
  const settings = { statement_timeout: String(SEARCH_TIMEOUT_MS), ...options.settings };
  try {
    return await sql.begin(async (tx) => {
      const calls = Object.entries(settings).map(([n, v]) => tx`set_config(${n}, ${v}, true)`);
      await tx`select ${calls.reduce((a, b) => tx`${a}, ${b}`)}`;
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
