/**
 * Third-party browser modules served next to the islands: hls.js (light build)
 * is loaded lazily by the Player, so pages that do not play video never pay
 * for its 390 KB.
 */

const HLS_DIR = new URL("../../node_modules/hls.js/", import.meta.url);

/** The hls.js light ESM build: its file, and a versioned (so immutable) URL. */
export async function hlsModule(): Promise<{ file: URL; url: string }> {
  let version = "0";
  try {
    version = JSON.parse(await Deno.readTextFile(new URL("package.json", HLS_DIR))).version;
  } catch {
    throw new Error("hls.js is not installed: run `deno install`.");
  }
  return {
    file: new URL("dist/hls.light.min.mjs", HLS_DIR),
    url: `/_vendor/hls-${version}.light.min.mjs`,
  };
}
