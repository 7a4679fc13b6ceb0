import type { Sql } from "../db/mod.ts";
import { type ParsedQuery, positiveWords, type Term } from "./query.ts";

type Fragment = ReturnType<Sql>;

/** The text search configuration of migrations/0008_search.sql. */
const CONFIG = "public.vf_search";

/**
 * The tsquery for a parsed query, as SQL: each term through
 * phraseto_tsquery() (plain text, parsed like the documents), joined with
 * tsquery operators. Only a prefix word goes through to_tsquery(), and the
 * parser lets only letters and digits into it.
 */
export function tsquerySql(
  sql: Sql,
  query: ParsedQuery,
  options: { alternatives?: Map<string, string[]> } = {},
): Fragment {
  const groups = query.groups.map((g) =>
    join(sql, g.map((t) => withAlternatives(sql, t, options.alternatives)), "||")
  );
  const required = join(sql, groups, "&&");
  if (query.excluded.length === 0) return required;
  return sql`(${required} && !!${excludedSql(sql, query)})`;
}

/** Any of the excluded terms, as one tsquery (only call with exclusions). */
export function excludedSql(sql: Sql, query: ParsedQuery): Fragment {
  return join(sql, query.excluded.map((t) => termSql(sql, t)), "||");
}

/**
 * The words to correct in the typo fallback: only for queries of plain words (a phrase
 * or an OR was typed deliberately, and near spellings would blur it), and only
 * words long enough for trigrams to mean something (a two-letter word is near
 * everything).
 */
export function fuzzyWords(query: ParsedQuery): string[] {
  if (query.groups.some((g) => g.length > 1 || g[0].kind !== "word")) return [];
  return [...new Set(positiveWords(query).filter((w) => [...w].length >= 3))];
}

// A word OR its corrections (whole words from the lexicon, parsed as plain text).
function withAlternatives(sql: Sql, term: Term, alternatives?: Map<string, string[]>): Fragment {
  const alts = term.kind === "word" ? alternatives?.get(term.text) ?? [] : [];
  const parts: Fragment[] = [termSql(sql, term)];
  for (const a of alts) parts.push(sql`phraseto_tsquery(${CONFIG}::regconfig, ${a})`);
  return join(sql, parts, "||");
}

function termSql(sql: Sql, term: Term): Fragment {
  if (term.kind === "phrase") {
    return sql`phraseto_tsquery(${CONFIG}::regconfig, ${term.words.join(" ")})`;
  }
  if (term.prefix && /^[\p{L}\p{M}\p{N}]+$/u.test(term.text)) {
    return sql`to_tsquery(${CONFIG}::regconfig, ${`${term.text}:*`})`;
  }
  return sql`phraseto_tsquery(${CONFIG}::regconfig, ${term.text})`;
}

function join(sql: Sql, parts: Fragment[], op: "||" | "&&"): Fragment {
  return parts.reduce((acc, p) => op === "||" ? sql`(${acc} || ${p})` : sql`(${acc} && ${p})`);
}
