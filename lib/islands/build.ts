/**
 * Bundles every island in islands/ with the hydration runtime into one
 * content-hashed browser module.
 */

/** The result of a build: where the bundle is on disk and its public URL. */
export interface IslandsBundle {
  file: string;
  url: string;
  names: string[];
}

/** Builds islands from `islandsDir` into `outDir`; the URL lives under `/_islands/`. */
export async function buildIslands(
  islandsDir: URL,
  options: { outDir: string },
): Promise<IslandsBundle> {
  const names: string[] = [];
  for await (const e of Deno.readDir(islandsDir)) {
    const m = /^([A-Z]\w*)\.tsx$/.exec(e.name);
    if (e.isFile && m) names.push(m[1]);
  }
  names.sort();
  await Deno.mkdir(options.outDir, { recursive: true });
  const entry = `${options.outDir}/_entry.ts`;
  await Deno.writeTextFile(entry, entrySource(islandsDir, names));
  const tmp = `${options.outDir}/_islands.js`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--platform", "browser", "--minify", "-o", tmp, entry],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`Bundling islands failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  const bytes = await Deno.readFile(tmp);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hash = Array.from(digest.slice(0, 6), (b) => b.toString(16).padStart(2, "0")).join("");
  const name = `islands-${hash}.js`;
  await Deno.rename(tmp, `${options.outDir}/${name}`);
  return { file: `${options.outDir}/${name}`, url: `/_islands/${name}`, names };
}

function entrySource(dir: URL, names: string[]): string {
  const imports = names.map((n, i) =>
    `import I${i} from ${JSON.stringify(new URL(`${n}.tsx`, dir).href)};`
  );
  const table = names.map((n, i) => `${JSON.stringify(n)}: I${i}`).join(", ");
  return `import { h, hydrate } from "preact";
${imports.join("\n")}
const islands = { ${table} };
for (const el of document.querySelectorAll("vf-island")) {
  // Nested islands hydrate as part of their outer island.
  if (el.parentElement?.closest("vf-island")) continue;
  const C = islands[el.dataset.island];
  if (C) hydrate(h(C, JSON.parse(el.dataset.props || "{}")), el);
}
document.documentElement.dataset.hydrated = "true";
`;
}
