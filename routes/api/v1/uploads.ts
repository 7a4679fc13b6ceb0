import { type Context, Hono } from "hono";
import { z } from "zod";
import type { UploadQuotas } from "../../../lib/config.ts";
import type { Sql } from "../../../lib/db/mod.ts";
import { ConflictError } from "../../../lib/errors.ts";
import type { Storage } from "../../../lib/storage/mod.ts";
import { abortUpload } from "../../../lib/uploads/abort.ts";
import { completeUpload, type CompletionHooks } from "../../../lib/uploads/complete.ts";
import { createUpload } from "../../../lib/uploads/create.ts";
import { loadUpload, recordPart, resumeUpload } from "../../../lib/uploads/parts.ts";
import { requireRole } from "../../../middleware/auth.ts";
import { rateLimit } from "../../../middleware/rate_limit.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import { createUploadSchema } from "../../_video_schemas.ts";

const idParam = z.object({ id: z.uuid() });
const partBody = z.object({
  partNumber: z.number().int().min(1).max(10_000),
  size: z.number().int().min(0),
  etag: z.string().min(1).max(200),
});
const completeBody = z.object({
  parts: z.array(z.object({
    partNumber: z.number().int().min(1).max(10_000),
    etag: z.string().min(1).max(200),
  })).min(1).max(10_000),
});

/**
 * The body cap of a completion: up to 10,000 parts of `{partNumber, etag}`
 * (ETags up to 200 characters) and room to spare.
 */
export const COMPLETE_BODY_LIMIT = 4 * 1024 * 1024;

/** Part reports are counted by their own, larger limit (a 2 GiB file has 256 parts). */
export const PART_REPORT_PATH = /^\/api\/v1\/uploads\/[^/]+\/parts$/;

/** What the upload API needs. */
export interface UploadApiDeps {
  sql: Sql;
  storage: Storage;
  kv: Deno.Kv;
  hooks: CompletionHooks;
  maxBytes: number;
  urlTtlS: number;
  /** Instance quota defaults (per-user overrides live on the user row). */
  quotas: UploadQuotas;
  /** Part reports per user per window. */
  partReportLimit: { limit: number; windowMs: number };
}

/**
 * The upload protocol (docs/DESIGN.md): POST /api/v1/uploads, GET
 * /api/v1/uploads/:id (resume), POST /api/v1/uploads/:id/parts (a part the
 * browser stored), POST /api/v1/uploads/:id/complete, DELETE
 * /api/v1/uploads/:id. Creators and admins only; an upload is visible only to
 * its owner (404 for anyone else).
 */
export function uploadApiRoutes(deps: UploadApiDeps): Hono {
  const creators = requireRole("creator", "admin");
  const own = async (c: Context) =>
    await loadUpload(deps.sql, {
      uploadId: validate(idParam, c.req.param()).id,
      ownerId: c.get("user")!.id,
    });
  return new Hono()
    .post("/api/v1/uploads", creators, async (c) => {
      const input = validate(createUploadSchema, await readJson(c));
      const ticket = await createUpload(deps, {
        ...input,
        ownerId: c.get("user")!.id,
        maxBytes: deps.maxBytes,
        urlTtl: deps.urlTtlS,
        quotas: deps.quotas,
      });
      return c.json(ticket, 201);
    })
    .get("/api/v1/uploads/:id", creators, async (c) => {
      const upload = await own(c);
      c.header("Cache-Control", "private, no-store");
      return c.json(await resumeUpload(deps, { upload, urlTtl: deps.urlTtlS }));
    })
    .post(
      "/api/v1/uploads/:id/parts",
      creators,
      rateLimit({
        kv: deps.kv,
        name: "upload-parts",
        ...deps.partReportLimit,
        key: (c) => c.get("user")?.id,
      }),
      async (c) => {
        const upload = await own(c);
        const part = validate(partBody, await readJson(c));
        await recordPart(deps.sql, { upload, ...part });
        return c.body(null, 204);
      },
    )
    .post("/api/v1/uploads/:id/complete", creators, async (c) => {
      const upload = await own(c);
      const { parts } = validate(completeBody, await readJson(c));
      return c.json(await completeUpload(deps, { upload, parts, maxBytes: deps.maxBytes }));
    })
    .delete("/api/v1/uploads/:id", creators, async (c) => {
      const upload = await own(c);
      if (upload.status === "completed") {
        throw new ConflictError("This upload is complete; delete the video instead.");
      }
      await abortUpload(deps, upload);
      return c.body(null, 204);
    });
}
