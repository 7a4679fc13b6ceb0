import assert from "node:assert/strict";
import { findBlockedWord, foldWords } from "./blocked_words.ts";

Deno.test("foldWords: case, accents, punctuation and spacing fold away", () => {
  assert.equal(foldWords("Ça  VA!"), "ca va");
  assert.equal(foldWords("Crème-Brûlée"), "creme brulee");
  assert.equal(foldWords("ＦＵＬＬ width"), "full width");
  assert.equal(foldWords("...  "), "");
});

Deno.test("findBlockedWord: whole words and phrases only", () => {
  const list = ["ass", "bad phrase"];
  assert.equal(findBlockedWord("Kick ASS!", list), "ass");
  assert.equal(findBlockedWord("a classic class", list), undefined);
  assert.equal(findBlockedWord("so\nbad\tPhrase.", list), "bad phrase");
  assert.equal(findBlockedWord("bad phrases", list), undefined);
  assert.equal(findBlockedWord("anything", []), undefined);
});
