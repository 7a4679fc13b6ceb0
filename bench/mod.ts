/**
 * `deno task bench [--quick] [--long] [name…]`: runs each benchmark module in
 * bench/ (files named *_bench.ts), prints its tables and writes the results as
 * JSON to bench/results/ (git-ignored). Benchmarks are not tests: they measure,
 * they do not assert.
 */
import { ensureSystemPackages } from "../scripts/_system.ts";
import type { BenchResult, Table } from "./_types.ts";

await ensureSystemPackages({ forBench: true });

const flags = new Set(Deno.args.filter((a) => a.startsWith("--")));
const names = Deno.args.filter((a) => !a.startsWith("--"));
const options = { quick: flags.has("--quick"), long: flags.has("--long") };

const here = new URL(".", import.meta.url);
const files: string[] = [];
for await (const e of Deno.readDir(here)) {
  if (e.isFile && e.name.endsWith("_bench.ts")) files.push(e.name);
}
files.sort();

const resultsDir = new URL("./results/", here).pathname;
await Deno.mkdir(resultsDir, { recursive: true });
for (const file of files) {
  const name = file.replace(/_bench\.ts$/, "");
  if (names.length && !names.includes(name)) continue;
  console.log(`\n## ${name}${options.quick ? " (quick)" : ""}`);
  const mod = await import(new URL(file, here).href);
  const result: BenchResult = await mod.default(options);
  for (const table of result.tables) printTable(table);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const path = `${resultsDir}${name}-${stamp}.json`;
  await Deno.writeTextFile(path, JSON.stringify({ name, options, ...result }, null, 2));
  console.log(`results: ${path}`);
}

function printTable(t: Table) {
  const rows = t.rows.map((r) => r.map((c) => typeof c === "number" ? fmt(c) : String(c)));
  const widths = t.columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(`\n${t.title}\n`);
  console.log(line(t.columns));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
  if (t.note) console.log(`\n${t.note}`);
}

function fmt(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(4);
}
