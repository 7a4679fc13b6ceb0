import { type Context, Hono } from "hono";
import { contentTypeFor } from "../lib/storage/keys.ts";

const STATIC_DIR = new URL("../static/", import.meta.url);
const STATIC_TYPES: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  svg: "image/svg+xml",
  ico: "image/x-icon",
};

/**
 * GET /static/* (short cache), GET /_islands/* (content-hashed, immutable) and
 * GET /_vendor/* (versioned third-party modules, immutable). Text assets are
 * gzipped once and kept in memory.
 */
export function assetRoutes(deps: { islandsDir?: string; vendor?: Record<string, URL> }): Hono {
  return new Hono()
    .get("/_vendor/:name{[\\w.@-]+}", (c) => {
      const file = deps.vendor?.[`/_vendor/${c.req.param("name")}`];
      return file ? serveFile(c, file, "public, max-age=31536000, immutable") : c.notFound();
    })
    .get(
      "/static/:name{[\\w.-]+}",
      (c) => serveFile(c, new URL(c.req.param("name"), STATIC_DIR), "public, max-age=3600"),
    )
    .get(
      "/_islands/:name{islands-[0-9a-f]+\\.js}",
      (c) =>
        deps.islandsDir
          ? serveFile(
            c,
            `${deps.islandsDir}/${c.req.param("name")}`,
            "public, max-age=31536000, immutable",
          )
          : c.notFound(),
    );
}

const gzipCache = new Map<string, Uint8Array>();

async function serveFile(c: Context, path: string | URL, cacheControl: string): Promise<Response> {
  let st: Deno.FileInfo;
  try {
    st = await Deno.stat(path);
  } catch {
    return c.notFound();
  }
  if (!st.isFile) return c.notFound();
  const etag = `"${st.size.toString(16)}-${(st.mtime?.getTime() ?? 0).toString(16)}"`;
  const name = String(path);
  const ext = name.slice(name.lastIndexOf(".") + 1);
  const headers: Record<string, string> = {
    "Cache-Control": cacheControl,
    ETag: etag,
    "Content-Type": STATIC_TYPES[ext] ?? contentTypeFor(name),
    Vary: "Accept-Encoding",
  };
  if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
  if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(c.req.header("accept-encoding") ?? "")) {
    const key = `${name}:${etag}`;
    let gz = gzipCache.get(key);
    if (!gz) {
      const file = await Deno.open(path, { read: true });
      gz = new Uint8Array(
        await new Response(file.readable.pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
      );
      gzipCache.set(key, gz);
    }
    return c.body(gz as Uint8Array<ArrayBuffer>, 200, {
      ...headers,
      "Content-Encoding": "gzip",
      "Content-Length": String(gz.byteLength),
    });
  }
  const file = await Deno.open(path, { read: true });
  return c.body(file.readable, 200, { ...headers, "Content-Length": String(st.size) });
}

const COMPRESSIBLE = new Set(["js", "mjs", "css", "svg"]);
