import assert from "node:assert/strict";
import {
  isEmpty,
  MAX_QUERY_LENGTH,
  MAX_TERM_LENGTH,
  MAX_TERMS,
  parseQuery,
  positiveWords,
} from "./query.ts";

const w = (text: string, prefix = false) => ({ kind: "word", text, prefix });

Deno.test("parseQuery(): words are all required, the last one is a prefix, case is folded", () => {
  assert.deepEqual(parseQuery("Pasta  Carbonara"), {
    groups: [[w("pasta")], [w("carbonara", true)]],
    excluded: [],
  });
});

Deno.test("parseQuery(): a quoted phrase keeps its words in order and is never a prefix", () => {
  assert.deepEqual(parseQuery('"deep learning" intro'), {
    groups: [[{ kind: "phrase", words: ["deep", "learning"] }], [w("intro", true)]],
    excluded: [],
  });
  assert.deepEqual(parseQuery('intro "basics"').groups, [[w("intro")], [w("basics")]]);
  // An unclosed quote runs to the end.
  assert.deepEqual(parseQuery('"deep learn').groups, [[{
    kind: "phrase",
    words: ["deep", "learn"],
  }]]);
});

Deno.test('parseQuery(): -word and -"phrase" are excluded; the last word excluded is not a prefix', () => {
  assert.deepEqual(parseQuery('guitar -electric -"for kids"'), {
    groups: [[w("guitar")]],
    excluded: [w("electric"), { kind: "phrase", words: ["for", "kids"] }],
  });
  // A dash inside a word or alone is no exclusion.
  assert.deepEqual(parseQuery("x-ray - scan").groups, [
    [{ kind: "phrase", words: ["x", "ray"] }],
    [w("scan", true)],
  ]);
});

Deno.test("parseQuery(): OR joins the terms on either side; stray ORs are ignored", () => {
  assert.deepEqual(parseQuery("cats OR dogs videos").groups, [[w("cats"), w("dogs")], [
    w("videos", true),
  ]]);
  assert.deepEqual(parseQuery("cats OR dogs").groups, [[w("cats"), w("dogs", true)]]);
  assert.deepEqual(parseQuery("OR cats OR").groups, [[w("cats", true)]]);
  // Lower-case "or" is a word.
  assert.deepEqual(parseQuery("this or that").groups.length, 3);
});

Deno.test("parseQuery(): symbols only, empty, or only exclusions are empty", () => {
  for (const q of ["", "   ", "&|!:*()<->", '""', "- -", "-only -exclusions", "OR OR"]) {
    assert.ok(isEmpty(parseQuery(q)), q);
  }
  assert.ok(!isEmpty(parseQuery("café")));
});

Deno.test("parseQuery(): tsquery syntax is never part of a term", () => {
  const q = parseQuery("a:* & b | !c <-> (d) 'e' \\f 1<2>3");
  for (const word of positiveWords(q)) assert.match(word, /^[\p{L}\p{M}\p{N}]+$/u);
  // "1<2>3" is one token, so a phrase of three words.
  assert.deepEqual(positiveWords(q), ["a", "b", "c", "d", "e", "f", "1", "2", "3"]);
});

Deno.test("parseQuery(): input is bounded in length, terms and word length", () => {
  const q = parseQuery(`${"word ".repeat(100)}${"x".repeat(500)}`);
  assert.equal(q.groups.length, MAX_TERMS);
  const long = parseQuery("y".repeat(MAX_QUERY_LENGTH * 5));
  assert.equal(positiveWords(long)[0].length, MAX_TERM_LENGTH);
  assert.ok(positiveWords(parseQuery(`"${"a ".repeat(100)}"`)).length <= MAX_TERMS);
});

Deno.test("parseQuery(): accents and other scripts are words", () => {
  assert.deepEqual(positiveWords(parseQuery("Café naïve 東京 Ελλάδα")), [
    "café",
    "naïve",
    "東京",
    "ελλάδα",
  ]);
});
