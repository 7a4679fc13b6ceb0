/**
 * Third-party browser modules served next to the islands: hls.js (light build)
 * is loaded lazily by the Player, so pages that do not play video never pay
 * for its 390 KB.
 */

const HLS_DIR = new URL("../../node_modules/hls.js/", import.meta.url);

/**
 * The hls.js light ESM build: its file, and a versioned (so immutable) URL;
 * `full` is the complete build, which the light one lacks subtitles for (its
 * SubtitleTrackController is left out): served at `hlsFullUrl(url)`, loaded
 * only for videos with captions (+220 KB).
 */
export async function hlsModule(): Promise<{ file: URL; url: string; full: URL }> {
  let version = "0";
  try {
    version = JSON.parse(await Deno.readTextFile(new URL("package.json", HLS_DIR))).version;
  } catch {
    throw new Error("hls.js is not installed: run `deno install`.");
  }
  return {
    file: new URL("dist/hls.light.min.mjs", HLS_DIR),
    url: `/_vendor/hls-${version}.light.min.mjs`,
    full: new URL("dist/hls.min.mjs", HLS_DIR),
  };
}

/** The URL of the full hls.js build beside the light one at `lightUrl`. */
export function hlsFullUrl(lightUrl: string): string {
  return lightUrl.replace(/\.light\.min\.mjs$/, ".min.mjs");
}

const SWAGGER_UI_DIR = new URL("../../node_modules/swagger-ui-dist/", import.meta.url);

/** Swagger UI's files for GET /api/docs: versioned (so immutable) URLs and their files. */
export interface SwaggerUiAssets {
  script: string;
  style: string;
  files: Record<string, URL>;
}

/**
 * Swagger UI (swagger-ui-dist, Apache-2.0), the API reference viewer, served
 * from node_modules so the docs page works offline and under the strict CSP.
 */
export function swaggerUiAssets(): SwaggerUiAssets {
  let version: string;
  try {
    version = JSON.parse(Deno.readTextFileSync(new URL("package.json", SWAGGER_UI_DIR))).version;
  } catch {
    throw new Error("swagger-ui-dist is not installed: run `deno install`.");
  }
  const script = `/_vendor/swagger-ui-bundle-${version}.js`;
  const style = `/_vendor/swagger-ui-${version}.css`;
  return {
    script,
    style,
    files: {
      [script]: new URL("swagger-ui-bundle.js", SWAGGER_UI_DIR),
      [style]: new URL("swagger-ui.css", SWAGGER_UI_DIR),
    },
  };
}
