import type { Queryable, Sql } from "../db/mod.ts";
import { type AuditActor, recordAudit } from "../moderation/audit.ts";

/** Most entries in the blocked-word list. */
export const MAX_BLOCKED_WORDS = 2000;

/**
 * A word or phrase folded for matching: Unicode-normalised, accents removed,
 * lower case, and split into words (letters and digits) joined by one space.
 * "Ça  VA!" and "ca va" fold alike.
 */
export function foldWords(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
    .split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(" ");
}

/**
 * The first blocked entry `text` contains as whole words ("ass" does not
 * match "class"), or undefined. `words` are folded entries.
 */
export function findBlockedWord(text: string, words: Iterable<string>): string | undefined {
  const folded = ` ${foldWords(text)} `;
  for (const w of words) if (w && folded.includes(` ${w} `)) return w;
  return undefined;
}

/** The blocked-word list, folded, in alphabetical order. */
export async function listBlockedWords(sql: Queryable): Promise<string[]> {
  const rows = await sql<{ word: string }[]>`
    select word from blocked_words order by word limit ${MAX_BLOCKED_WORDS}`;
  return rows.map((r) => r.word);
}

/**
 * Replaces the whole list (entries folded, blanks and duplicates dropped);
 * returns it. With an `actor`, what was added and removed is audited in the
 * same transaction.
 */
export async function replaceBlockedWords(
  sql: Sql,
  words: string[],
  options: { actor?: AuditActor } = {},
): Promise<string[]> {
  const folded = [...new Set(words.map(foldWords).filter(Boolean))];
  await sql.begin(async (tx) => {
    const before = options.actor ? await listBlockedWords(tx) : [];
    await tx`delete from blocked_words`;
    if (folded.length) await tx`insert into blocked_words ${tx(folded.map((word) => ({ word })))}`;
    if (options.actor) {
      await recordAudit(tx, options.actor, {
        action: "settings.blocked_words",
        target: { kind: "settings", id: "blocked_words" },
        details: {
          added: folded.filter((w) => !before.includes(w)).slice(0, 100),
          removed: before.filter((w) => !folded.includes(w)).slice(0, 100),
        },
      });
    }
  });
  return await listBlockedWords(sql);
}
