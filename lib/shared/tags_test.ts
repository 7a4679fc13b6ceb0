import assert from "node:assert/strict";
import { isCanonicalTag, MAX_TAGS, normalizeTag, normalizeTags, splitTagField } from "./tags.ts";

Deno.test("normalizeTag() folds case, spaces, accents and symbols into one form", () => {
  assert.equal(normalizeTag("Café"), "cafe");
  assert.equal(normalizeTag("  CAFE "), "cafe");
  assert.equal(normalizeTag("#cafe"), "cafe");
  assert.equal(normalizeTag("Machine   Learning!"), "machine-learning");
  assert.equal(normalizeTag("machine_learning"), "machine-learning");
  assert.equal(normalizeTag("--a--b--"), "a-b");
  assert.equal(normalizeTag("Ünïcödé Straße"), "unicode-straße");
  // Other scripts keep their letters and vowel signs.
  assert.equal(normalizeTag("हिन्दी"), "हिन्दी");
  assert.equal(normalizeTag("東京"), "東京");
});

Deno.test("normalizeTag() refuses empty, symbol-only and overlong tags", () => {
  assert.equal(normalizeTag(""), null);
  assert.equal(normalizeTag("!!!"), null);
  assert.equal(normalizeTag("#"), null);
  assert.equal(normalizeTag("a".repeat(41)), null);
  assert.equal(normalizeTag("a".repeat(40)), "a".repeat(40));
  assert.equal(normalizeTag("<script>"), "script");
  assert.equal(normalizeTag("a\u0000b"), "ab");
});

Deno.test("isCanonicalTag() accepts only canonical slugs", () => {
  assert.ok(isCanonicalTag("machine-learning"));
  assert.ok(!isCanonicalTag("Machine-Learning"));
  assert.ok(!isCanonicalTag("café"));
  assert.ok(!isCanonicalTag("-a"));
  assert.ok(!isCanonicalTag(""));
});

Deno.test("normalizeTags() de-duplicates after normalising and caps the count", () => {
  assert.deepEqual(normalizeTags(["Café", "cafe", " CAFÉ ", "Tea", ""]), {
    ok: true,
    tags: ["cafe", "tea"],
  });
  const ten = Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`);
  assert.equal(normalizeTags(ten).ok, true);
  // Eleven spellings of ten tags are still ten tags.
  assert.equal(normalizeTags([...ten, "T0"]).ok, true);
  const eleven = normalizeTags([...ten, "t10"]);
  assert.equal(eleven.ok, false);
  assert.match(!eleven.ok ? eleven.message : "", /At most 10 tags/);
  const bad = normalizeTags(["ok", "???"]);
  assert.equal(bad.ok, false);
});

Deno.test("splitTagField() splits the no-JavaScript comma field", () => {
  assert.deepEqual(splitTagField(" a, b ,, c "), ["a", "b", "c"]);
  assert.deepEqual(splitTagField(""), []);
});
