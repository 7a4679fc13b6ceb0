/**
 * The layering, checked on every run: lib/ knows nothing of HTTP, routes never
 * import each other, workers stay out of the web tier, and islands (shipped to
 * browsers) never reach server-only code, directly or through what they import.
 */
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const SOURCE = /\.(ts|tsx)$/;

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(join(ROOT, dir))) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) yield* walk(path);
    else if (SOURCE.test(e.name)) yield path;
  }
}

/** The import specifiers of a module: static imports, re-exports and dynamic imports. */
async function importsOf(file: string): Promise<string[]> {
  const text = await Deno.readTextFile(join(ROOT, file));
  const out: string[] = [];
  const re =
    /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g;
  for (const m of text.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** A relative specifier resolved to a path from the project root; bare ones unchanged. */
function resolve(from: string, spec: string): string {
  return spec.startsWith(".") ? relative(ROOT, join(ROOT, dirname(from), spec)) : spec;
}

async function violations(
  dir: string,
  rule: (file: string, target: string) => string | undefined,
): Promise<string[]> {
  const found: string[] = [];
  for await (const file of walk(dir)) {
    for (const spec of await importsOf(file)) {
      const why = rule(file, resolve(file, spec));
      if (why) found.push(`${file} → ${spec}: ${why}`);
    }
  }
  return found;
}

const isTest = (f: string) => /_test\.tsx?$/.test(f);

Deno.test("lib/ imports no HTTP framework, middleware, routes or workers", async () => {
  const found = await violations("lib", (file, target) => {
    if (isTest(file)) return undefined;
    if (target === "hono" || target.startsWith("hono/")) return "lib/ knows nothing of HTTP";
    if (/^(middleware|routes|workers)\//.test(target)) return "lib/ must not import upward";
  });
  assert.deepEqual(found, []);
});

Deno.test("a route never imports another route (shared helpers start with _)", async () => {
  const found = await violations("routes", (file, target) => {
    if (isTest(file) || !target.startsWith("routes/")) return undefined;
    const name = target.split("/").at(-1)!;
    if (!name.startsWith("_")) return "routes never import each other; move it to lib/";
  });
  assert.deepEqual(found, []);
});

Deno.test("workers/ and middleware/ stay out of routes", async () => {
  const rule = (_file: string, target: string) =>
    target.startsWith("routes/") ? "imports a route" : undefined;
  assert.deepEqual(
    [...await violations("workers", rule), ...await violations("middleware", rule)],
    [],
  );
});

const SERVER_DIRS =
  /^(lib\/(db|storage|queue|auth|uploads|media|videos|search)|middleware|routes|workers|scripts)\//;
// zod too: islands take the API's shapes as types from lib/shared/, so no schema code ships.
const SERVER_PACKAGES =
  /^(npm:)?(postgres|hono|jose|s3rver|playwright-core|zod|@hono\/|@aws-sdk\/|@node-rs\/|@electric-sql\/)|^node:/;

Deno.test("islands never reach server-only code, directly or transitively", async () => {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = async (file: string, via: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of await importsOf(file)) {
      const target = resolve(file, spec);
      const chain = [...via, file].join(" → ");
      if (SERVER_PACKAGES.test(target)) found.push(`${chain} → ${spec}`);
      else if (SERVER_DIRS.test(target)) found.push(`${chain} → ${target}`);
      else if (spec.startsWith(".")) await visit(target, [...via, file]);
    }
  };
  for await (const file of walk("islands")) if (!isTest(file)) await visit(file, []);
  assert.deepEqual(found, []);
});
