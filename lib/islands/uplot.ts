/**
 * uPlot (MIT, ~50 KB minified, no dependencies): the analytics pages' chart
 * library, served from node_modules under versioned (so immutable) /_vendor
 * URLs and loaded (a classic script: the minified build is an IIFE) by the AnalyticsChart island only when a chart is on the
 * page, so no other page pays for it.
 */

const DIR = new URL("../../node_modules/uplot/", import.meta.url);

/** uPlot's module and stylesheet: their URLs and files. */
export interface UplotAssets {
  script: string;
  style: string;
  files: Record<string, URL>;
}

/** The installed uPlot's assets (throws a clear error when it is not installed). */
export function uplotAssets(): UplotAssets {
  let version: string;
  try {
    version = JSON.parse(Deno.readTextFileSync(new URL("package.json", DIR))).version;
  } catch {
    throw new Error("uplot is not installed: run `deno install`.");
  }
  const script = `/_vendor/uplot-${version}.iife.min.js`;
  const style = `/_vendor/uplot-${version}.min.css`;
  return {
    script,
    style,
    files: {
      [script]: new URL("dist/uPlot.iife.min.js", DIR),
      [style]: new URL("dist/uPlot.min.css", DIR),
    },
  };
}
