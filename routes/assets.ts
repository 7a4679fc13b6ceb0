import { type Context, Hono } from "hono";
import { contentTypeFor } from "../lib/storage/keys.ts";

const STATIC_DIR = new URL("../static/", import.meta.url);
const STATIC_TYPES: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  svg: "image/svg+xml",
  ico: "image/x-icon",
};

/** GET /static/* (short cache) and GET /_islands/* (content-hashed, immutable). */
export function assetRoutes(deps: { islandsDir?: string }): Hono {
  return new Hono()
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

async function serveFile(c: Context, path: string | URL, cacheControl: string): Promise<Response> {
  let st: Deno.FileInfo;
  try {
    st = await Deno.stat(path);
  } catch {
    return c.notFound();
  }
  if (!st.isFile) return c.notFound();
  const etag = `"${st.size.toString(16)}-${(st.mtime?.getTime() ?? 0).toString(16)}"`;
  const headers = { "Cache-Control": cacheControl, ETag: etag };
  if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
  const name = String(path);
  const ext = name.slice(name.lastIndexOf(".") + 1);
  const file = await Deno.open(path, { read: true });
  return c.body(file.readable, 200, {
    ...headers,
    "Content-Type": STATIC_TYPES[ext] ?? contentTypeFor(name),
    "Content-Length": String(st.size),
  });
}
