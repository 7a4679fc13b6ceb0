import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { UploadQuotas } from "../../../lib/config.ts";
import type { Sql } from "../../../lib/db/mod.ts";
import { ConflictError } from "../../../lib/errors.ts";
import type { Storage } from "../../../lib/storage/mod.ts";
import { abortUpload } from "../../../lib/uploads/abort.ts";
import {
  completeUpload,
  type CompletionHooks,
  type CompletionResult,
} from "../../../lib/uploads/complete.ts";
import { createUpload } from "../../../lib/uploads/create.ts";
import { loadUpload, recordPart, resumeUpload } from "../../../lib/uploads/parts.ts";
import { requireRole } from "../../../middleware/auth.ts";
import { rateLimit } from "../../../middleware/rate_limit.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import { createUploadSchema } from "../../_video_schemas.ts";
import {
  apiRouter,
  errors,
  idParam,
  json,
  jsonBody,
  SIGNED_IN,
  withBodyReadByHandler,
} from "./_openapi.ts";
import {
  completeBody,
  completedUploadSchema,
  partBody,
  resumedUploadSchema,
  uploadTicketSchema,
} from "./_upload_schemas.ts";

const base = { tags: ["uploads"], security: SIGNED_IN };
const withId = { ...base, request: { params: idParam } };

const create = createRoute({
  ...base,
  method: "post",
  path: "/api/v1/uploads",
  operationId: "createUpload",
  summary: "Start an upload: the video is created, each part gets a presigned URL",
  request: { body: jsonBody(createUploadSchema) },
  responses: {
    201: json(uploadTicketSchema, "The upload."),
    ...errors(400, 401, 403, 413, 429),
  },
});
const resume = createRoute({
  ...withId,
  method: "get",
  path: "/api/v1/uploads/{id}",
  operationId: "resumeUpload",
  summary: "What is stored, with fresh URLs for the missing parts",
  responses: {
    200: json(resumedUploadSchema, "The upload."),
    ...errors(400, 401, 403, 404, 409, 429),
  },
});
const reportPart = createRoute({
  ...withId,
  method: "post",
  path: "/api/v1/uploads/{id}/parts",
  operationId: "reportUploadPart",
  summary: "Record a part the client stored (its ETag)",
  request: { params: idParam, body: jsonBody(partBody) },
  responses: { 204: { description: "Recorded." }, ...errors(400, 401, 403, 404, 409, 413, 429) },
});
const complete = createRoute({
  ...withId,
  method: "post",
  path: "/api/v1/uploads/{id}/complete",
  operationId: "completeUpload",
  summary: "Assemble the parts and queue the video for processing",
  request: { params: idParam, body: jsonBody(completeBody) },
  responses: {
    200: json(completedUploadSchema, "Queued, or rejected with a reason."),
    ...errors(400, 401, 403, 404, 409, 413, 429),
  },
});
const abort = createRoute({
  ...withId,
  method: "delete",
  path: "/api/v1/uploads/{id}",
  operationId: "abortUpload",
  summary: "Give up an upload and delete what it stored",
  responses: { 204: { description: "Aborted." }, ...errors(400, 401, 403, 404, 409, 429) },
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
  /** Throws when the user may not start an upload yet (an unconfirmed address). */
  mayUpload?: (userId: string) => Promise<void>;
  /** Told once per upload how its first completion ended (the upload metrics). */
  onCompleted?: (result: CompletionResult) => void;
}

/**
 * The upload protocol (docs/DESIGN.md): POST /api/v1/uploads, GET
 * /api/v1/uploads/:id (resume), POST /api/v1/uploads/:id/parts (a part the
 * browser stored), POST /api/v1/uploads/:id/complete, DELETE
 * /api/v1/uploads/:id. Creators and admins only; an upload is visible only to
 * its owner (404 for anyone else).
 */
export function uploadApiRoutes(deps: UploadApiDeps): OpenAPIHono {
  const creators = requireRole("creator", "moderator", "admin");
  const own = async (c: Context, id: string) =>
    await loadUpload(deps.sql, { uploadId: id, ownerId: c.get("user")!.id });
  const app = apiRouter();
  return app
    .openapi(withBodyReadByHandler(app, { ...create, middleware: creators }), async (c) => {
      const input = validate(createUploadSchema, await readJson(c));
      await deps.mayUpload?.(c.get("user")!.id);
      const ticket = await createUpload(deps, {
        ...input,
        ownerId: c.get("user")!.id,
        maxBytes: deps.maxBytes,
        urlTtl: deps.urlTtlS,
        quotas: deps.quotas,
      });
      return c.json(ticket, 201);
    })
    .openapi({ ...resume, middleware: creators }, async (c) => {
      const upload = await own(c, c.req.valid("param").id);
      c.header("Cache-Control", "private, no-store");
      return c.json(await resumeUpload(deps, { upload, urlTtl: deps.urlTtlS }), 200);
    })
    .openapi(
      withBodyReadByHandler(app, {
        ...reportPart,
        middleware: [
          creators,
          rateLimit({
            kv: deps.kv,
            name: "upload-parts",
            ...deps.partReportLimit,
            key: (c) => c.get("user")?.id,
          }),
        ],
      }),
      async (c) => {
        const upload = await own(c, c.req.valid("param").id);
        const part = validate(partBody, await readJson(c));
        await recordPart(deps.sql, { upload, ...part });
        return c.body(null, 204);
      },
    )
    .openapi(withBodyReadByHandler(app, { ...complete, middleware: creators }), async (c) => {
      const upload = await own(c, c.req.valid("param").id);
      const { parts } = validate(completeBody, await readJson(c));
      const done = await completeUpload(deps, { upload, parts, maxBytes: deps.maxBytes });
      if (upload.status !== "completed") deps.onCompleted?.(done);
      return c.json(done, 200);
    })
    .openapi({ ...abort, middleware: creators }, async (c) => {
      const upload = await own(c, c.req.valid("param").id);
      if (upload.status === "completed") {
        throw new ConflictError("This upload is complete; delete the video instead.");
      }
      await abortUpload(deps, upload);
      return c.body(null, 204);
    });
}
