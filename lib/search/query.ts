/**
 * The search box's query language, as people expect it from web search:
 * words (all required), "quoted phrases", -excluded words or phrases, `OR`
 * between two terms, and prefix matching of the last word while typing.
 *
 * The result is a small syntax tree, never a tsquery string: the Postgres
 * backend turns each term into its own `phraseto_tsquery()` (which treats its
 * input as plain text) and combines them with tsquery operators, so nothing a
 * user types can reach tsquery's syntax. A prefix term is the one exception
 * that needs `to_tsquery()`; it is letters and digits only.
 */

/** The longest query accepted (characters); routes refuse longer ones. */
export const MAX_QUERY_LENGTH = 200;
/** At most this many terms are used (the rest of the query is ignored). */
export const MAX_TERMS = 8;
/** A longer word is cut to this length (no real word is longer). */
export const MAX_TERM_LENGTH = 64;

/** One thing to look for: a word (maybe a prefix) or a phrase of words in order. */
export type Term =
  | { kind: "word"; text: string; prefix: boolean }
  | { kind: "phrase"; words: string[] };

/** A parsed query: every group must match (one of its terms), no excluded term may. */
export interface ParsedQuery {
  /** Each group is one required term or several alternatives joined by OR. */
  groups: Term[][];
  excluded: Term[];
}

// A "word" character: letters (with their combining marks) and digits.
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/u;

type Token =
  | { type: "term"; term: Term; negated: boolean; quoted?: boolean }
  | { type: "or" };

/**
 * Parses what someone typed. Never throws: anything unusable (symbols only,
 * only exclusions) gives a query with no groups, which `isEmpty()` reports.
 */
export function parseQuery(input: string): ParsedQuery {
  const tokens = tokenize(input.slice(0, MAX_QUERY_LENGTH).normalize("NFC"));
  const groups: Term[][] = [];
  const excluded: Term[] = [];
  let joinNext = false;
  let count = 0;
  for (const token of tokens) {
    if (token.type === "or") {
      // OR only joins two positive terms; elsewhere it is ignored.
      joinNext = groups.length > 0;
      continue;
    }
    if (count >= MAX_TERMS) break;
    count++;
    if (token.negated) {
      excluded.push(token.term);
      joinNext = false;
    } else if (joinNext) {
      groups[groups.length - 1].push(token.term);
      joinNext = false;
    } else {
      groups.push([token.term]);
    }
  }
  markPrefix(groups, tokens);
  return { groups, excluded };
}

/** Whether there is nothing to search for (a query of only exclusions counts as nothing). */
export function isEmpty(query: ParsedQuery): boolean {
  return query.groups.length === 0;
}

/** Every word the query looks for (not the excluded ones), for typo matching and suggestions. */
export function positiveWords(query: ParsedQuery): string[] {
  return query.groups.flat().flatMap((t) => t.kind === "word" ? [t.text] : t.words);
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    const negated = ch === "-" && i + 1 < input.length && !/\s/u.test(input[i + 1]);
    const start = negated ? i + 1 : i;
    if (input[start] === '"') {
      // A phrase runs to the closing quote, or to the end if there is none.
      const close = input.indexOf('"', start + 1);
      const end = close === -1 ? input.length : close;
      const words = splitWords(input.slice(start + 1, end));
      i = end + 1;
      if (words.length === 1) {
        tokens.push({ type: "term", term: word(words[0]), negated, quoted: true });
      } else if (words.length > 1) {
        tokens.push({ type: "term", term: { kind: "phrase", words }, negated });
      }
      continue;
    }
    let end = start;
    while (end < input.length && !/\s/u.test(input[end]) && input[end] !== '"') end++;
    const raw = input.slice(start, end);
    i = end;
    if (raw === "OR" && !negated) {
      tokens.push({ type: "or" });
      continue;
    }
    // "node.js", "e-mail": a word with separators inside is a phrase of its parts.
    const words = splitWords(raw);
    if (words.length === 1) tokens.push({ type: "term", term: word(words[0]), negated });
    else if (words.length > 1) {
      tokens.push({ type: "term", term: { kind: "phrase", words }, negated });
    }
  }
  // A trailing OR joins nothing.
  while (tokens.at(-1)?.type === "or") tokens.pop();
  return tokens;
}

function splitWords(text: string): string[] {
  return text.split(SEPARATORS)
    .filter((w) => WORD_CHAR.test(w))
    .map((w) => w.slice(0, MAX_TERM_LENGTH).toLowerCase())
    .slice(0, MAX_TERMS);
}

function word(text: string): Term {
  return { kind: "word", text, prefix: false };
}

// The last word typed is matched as a prefix ("tuto" finds "tutorial"), unless
// it was excluded or is inside a phrase: those were typed deliberately whole.
function markPrefix(groups: Term[][], tokens: Token[]): void {
  const last = tokens.at(-1);
  if (!last || last.type !== "term" || last.negated || last.quoted) return;
  const term = groups.at(-1)?.at(-1);
  if (term === last.term && term.kind === "word") term.prefix = true;
}
