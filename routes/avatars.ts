import { Hono } from "hono";
import { NotFoundError } from "../lib/errors.ts";
import { avatarPrefix } from "../lib/storage/layout.ts";
import type { Storage } from "../lib/storage/mod.ts";

/**
 * GET /avatars/:userId/:name.jpg — avatars from object storage. Each upload
 * gets a new key, so a URL's bytes never change and may be cached forever.
 */
export function avatarRoutes(deps: { storage: Storage }): Hono {
  return new Hono().get(
    "/avatars/:userId{[0-9a-f-]{36}}/:name{[0-9a-f-]{36}\\.jpg}",
    async (c) => {
      const key = `${avatarPrefix(c.req.param("userId"))}${c.req.param("name")}`;
      const etag = `"${c.req.param("name").slice(0, 36)}"`;
      const headers = { "Cache-Control": "public, max-age=31536000, immutable", ETag: etag };
      if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
      const obj = await deps.storage.get(key);
      if (!obj) throw new NotFoundError();
      return c.body(obj.body, 200, {
        ...headers,
        "Content-Type": "image/jpeg",
        "Content-Length": String(obj.size),
        "X-Content-Type-Options": "nosniff",
      });
    },
  );
}
