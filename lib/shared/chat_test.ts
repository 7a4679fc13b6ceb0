import assert from "node:assert/strict";
import { cleanChatText } from "./chat.ts";

Deno.test("cleanChatText strips control and bidi characters, folds whitespace, trims", () => {
  assert.equal(cleanChatText("  hi\u0000 there\u0007 "), "hi there");
  assert.equal(cleanChatText("a\r\n\tb"), "a b");
  assert.equal(cleanChatText("\u202eevil\u2066x\u2069"), "evilx");
  assert.equal(cleanChatText("\u0085\u009f"), "");
  assert.equal(cleanChatText("<b>bold</b> & 'quotes'"), "<b>bold</b> & 'quotes'");
  assert.equal(cleanChatText("emoji 🎉 ok"), "emoji 🎉 ok");
  // A lone surrogate becomes the replacement character rather than breaking JSON or Postgres.
  assert.equal(cleanChatText("x\ud800y"), "x\ufffdy");
});
