/**
 * The blocked-word list as /admin/settings edits it: add entries (one per
 * line or comma-separated), remove one. The list and its matching are
 * lib/comments/blocked_words.ts's; this adds the audit entry (what was added
 * or removed) in the same transaction.
 */
import type { Sql } from "../db/mod.ts";
import { foldWords, MAX_BLOCKED_WORDS } from "../comments/blocked_words.ts";
import { ConflictError } from "../errors.ts";
import { type AuditActor, recordAudit } from "./audit.ts";

/** Splits a form's text into folded entries (lines or commas), blanks and repeats dropped. */
export function blockedEntries(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map(foldWords).filter(Boolean))];
}

/** Adds entries; returns those that were new. 409 when the list would pass its limit. */
export async function addBlockedWords(
  sql: Sql,
  words: string[],
  options: { actor: AuditActor },
): Promise<string[]> {
  return await sql.begin(async (tx) => {
    await tx`lock table blocked_words in share row exclusive mode`;
    const added = await tx<{ word: string }[]>`
      insert into blocked_words ${tx(words.map((word) => ({ word })))}
      on conflict (word) do nothing returning word`;
    const [{ n }] = await tx<{ n: number }[]>`select count(*)::int as n from blocked_words`;
    if (n > MAX_BLOCKED_WORDS) {
      throw new ConflictError(`The list holds at most ${MAX_BLOCKED_WORDS} entries.`);
    }
    if (added.length) {
      await recordAudit(tx, options.actor, {
        action: "settings.blocked_words",
        target: { kind: "settings", id: "blocked_words" },
        details: { added: added.map((r) => r.word) },
      });
    }
    return added.map((r) => r.word);
  });
}

/** Removes one entry (folded as typed); false when it was not on the list. */
export async function removeBlockedWord(
  sql: Sql,
  word: string,
  options: { actor: AuditActor },
): Promise<boolean> {
  return await sql.begin(async (tx) => {
    const gone = await tx`delete from blocked_words where word = ${foldWords(word)} returning 1`;
    if (gone.length) {
      await recordAudit(tx, options.actor, {
        action: "settings.blocked_words",
        target: { kind: "settings", id: "blocked_words" },
        details: { removed: foldWords(word) },
      });
    }
    return gone.length > 0;
  });
}
