/**
 * The one stylesheet stays well formed: an unclosed rule once swallowed every
 * rule after it (CSS nesting made them apply only inside the open one, so the
 * watch page lost its layout without any error).
 */
import assert from "node:assert/strict";

const CSS = new URL("../static/styles.css", import.meta.url);

/** The selectors of rules opened inside another style rule (not inside an at-rule). */
function nestedRules(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  const stack: string[] = [];
  const nested: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "{") {
      const prelude = text.slice(start, i).trim().split(/[;}]/).at(-1)!.trim();
      if (stack.length && !stack.at(-1)!.startsWith("@") && !prelude.startsWith("@")) {
        nested.push(`${prelude} inside ${stack.at(-1)}`);
      }
      stack.push(prelude);
      start = i + 1;
    } else if (ch === "}") {
      if (!stack.pop()) nested.push(`an extra } at offset ${i}`);
      start = i + 1;
    } else if (ch === ";") {
      start = i + 1;
    }
  }
  return [...nested, ...stack.map((s) => `${s} is never closed`)];
}

Deno.test("the checker finds an unclosed rule and a rule inside a rule", () => {
  assert.deepEqual(nestedRules("a { color: red; }\n@media (x) { b { c: d; } }"), []);
  assert.deepEqual(nestedRules(".tab {\n  color: red;\n.watch { d: e; }"), [
    ".watch inside .tab",
    ".tab is never closed",
  ]);
});

Deno.test("static/styles.css: every rule is closed and none is nested in another", async () => {
  assert.deepEqual(nestedRules(await Deno.readTextFile(CSS)), []);
});
