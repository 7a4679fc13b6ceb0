import assert from "node:assert/strict";
import { linkify } from "./linkify.ts";

Deno.test("linkify() links only http(s) addresses, leaving punctuation and the rest as text", () => {
  assert.deepEqual(linkify("See https://example.com/a?b=1. Or not"), [
    { text: "See " },
    { text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
    { text: ". Or not" },
  ]);
  assert.deepEqual(linkify("(http://x.org/wiki/A_(b))"), [
    { text: "(" },
    { text: "http://x.org/wiki/A_(b)", href: "http://x.org/wiki/A_(b)" },
    { text: ")" },
  ]);
  for (
    const inert of ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://x.org", "www.x.org"]
  ) {
    assert.deepEqual(linkify(inert), [{ text: inert }]);
  }
  // Quotes and angle brackets end an address: no attribute can be broken out of.
  assert.deepEqual(linkify(`https://a.io/"onmouseover=x <b>`)[0], {
    text: "https://a.io/",
    href: "https://a.io/",
  });
  assert.deepEqual(linkify(""), []);
});
