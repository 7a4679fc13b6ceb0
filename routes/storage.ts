import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { LimitError, NotFoundError, ValidationError } from "../lib/errors.ts";
import { linkError, MAX_LOCAL_PART } from "../lib/storage/local.ts";
import type { SelfServedStorage } from "../lib/storage/types.ts";
import { parseRange } from "../lib/storage/range.ts";
import { clientIp, rateLimit } from "../middleware/rate_limit.ts";
import { validate } from "./_validate.ts";

const signedQuery = z.object({
  exp: z.coerce.number().int().positive(),
  sig: z.string().min(1).max(100),
});
const partQuery = signedQuery.extend({ size: z.coerce.number().int().min(0).optional() });
const partParams = z.object({
  uploadId: z.uuid(),
  partNumber: z.coerce.number().int().min(1).max(10_000),
});

/** Part PUTs allowed per client address per window (the web tier's disk is at stake). */
export interface PartRateLimit {
  kv: Deno.Kv;
  limit: number;
  windowMs: number;
  trustProxy: boolean;
}

/**
 * The local store's presigned URLs, served by the web tier so that a browser
 * uploads and downloads exactly as it would against S3. Part PUTs are
 * rate-limited per address when `partLimit` is given (the app always gives it).
 */
export function storageRoutes(
  deps: { storage: SelfServedStorage; partLimit?: PartRateLimit },
): Hono {
  const limit: MiddlewareHandler = deps.partLimit
    ? rateLimit({
      ...deps.partLimit,
      name: "storage-parts-ip",
      key: (c) => clientIp(c, deps.partLimit!),
    })
    : async (_c, next) => await next();
  return new Hono()
    .put("/_storage/parts/:uploadId/:partNumber", limit, async (c) => {
      // The runtime keeps megabytes per keep-alive connection that carried a large body
      // (≈ 4 MB after an 8 MiB part, measured): closing it after each part frees them (issue 18,
      // P6). A new connection per part of 8 MiB or more costs next to nothing.
      c.header("Connection", "close");
      const params = validate(partParams, c.req.param());
      const q = validate(partQuery, c.req.query());
      const length = Number(c.req.header("content-length") ?? NaN);
      if (length > MAX_LOCAL_PART) {
        throw new LimitError(`A part may be at most ${MAX_LOCAL_PART} bytes.`);
      }
      if (q.size !== undefined && !Number.isNaN(length) && length !== q.size) {
        throw new ValidationError(
          `This part must be exactly ${q.size} bytes; ${length} were sent.`,
        );
      }
      const body = c.req.raw.body;
      if (!body) throw new ValidationError("The part has no body.");
      const etag = await deps.storage.acceptPart({ ...params, ...q }, body);
      return c.body(null, 200, { ETag: etag, "Access-Control-Expose-Headers": "ETag" });
    })
    .get("/_storage/objects/:key{.+}", async (c) => {
      const key = c.req.param("key");
      const q = validate(signedQuery, c.req.query());
      const verdict = deps.storage.verifyGet(key, q);
      if (verdict !== "ok") throw linkError(verdict);
      const info = await deps.storage.head(key);
      if (!info) throw new NotFoundError();
      const range = parseRange(c.req.header("range"), info.size);
      if (range === "unsatisfiable") {
        return c.body(null, 416, { "Content-Range": `bytes */${info.size}` });
      }
      const obj = await deps.storage.get(key, { range });
      if (!obj) throw new NotFoundError();
      const headers: Record<string, string> = {
        "Content-Type": obj.contentType,
        "Accept-Ranges": "bytes",
        ETag: obj.etag,
        "Cache-Control": "private, max-age=60",
      };
      if (!range) return c.body(obj.body, 200, { ...headers, "Content-Length": String(obj.size) });
      return c.body(obj.body, 206, {
        ...headers,
        "Content-Range": `bytes ${range.start}-${range.end}/${obj.size}`,
        "Content-Length": String(range.end - range.start + 1),
      });
    });
}
