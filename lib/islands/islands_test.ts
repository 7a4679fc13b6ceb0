/**
 * Every island file declares itself under its own file name: the bundle's
 * table is built from the file names, so a name typed differently in
 * defineIsland() would render a marker that nothing ever hydrates.
 */
import assert from "node:assert/strict";

const DIR = new URL("../../islands/", import.meta.url);

Deno.test("each islands/*.tsx default-exports defineIsland() under its own file name", async () => {
  const names: string[] = [];
  for await (const e of Deno.readDir(DIR)) {
    const m = /^([A-Z]\w*)\.tsx$/.exec(e.name);
    if (e.isFile && m) names.push(m[1]);
  }
  assert.ok(names.length >= 4, `found only ${names.join(", ")}`);
  for (const name of names) {
    const mod = await import(new URL(`${name}.tsx`, DIR).href);
    assert.equal(mod.default?.displayName, `Island(${name})`, `islands/${name}.tsx`);
  }
});
