import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import {
  cancelJobAsAdmin,
  JOB_STATES,
  type JobKindSpec,
  queueOverview,
  retryJob,
} from "../../../lib/queue/mod.ts";
import { requireRole } from "../../../middleware/auth.ts";
import { apiRouter, errors, idParam, json, SIGNED_IN } from "./_openapi.ts";

const viewQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
const state = z.enum(JOB_STATES);
const when = z.iso.datetime();
const overview = z.object({
  counts: z.array(z.object({ kind: z.string(), state: z.string(), count: z.number().int() })),
  running: z.array(z.object({
    id: z.uuid(),
    kind: z.string(),
    ownerId: z.uuid(),
    videoId: z.uuid().nullable(),
    progress: z.number(),
    workerId: z.string().nullable(),
    attempts: z.number().int(),
    startedAt: when.nullable(),
    leaseExpiresAt: when.nullable(),
    cancelRequested: z.boolean(),
  })),
  dead: z.array(z.object({
    id: z.uuid(),
    kind: z.string(),
    ownerId: z.uuid(),
    videoId: z.uuid().nullable(),
    attempts: z.number().int(),
    error: z.string().nullable(),
    finishedAt: when.nullable(),
  })),
}).meta({ id: "QueueOverview" });
const tags = ["admin"];
const common = { tags, security: SIGNED_IN, request: { params: idParam } } as const;

const view = createRoute({
  method: "get",
  path: "/api/v1/admin/jobs",
  operationId: "getJobQueue",
  tags,
  summary: "Counts by kind and state, running jobs, dead letters",
  security: SIGNED_IN,
  request: { query: viewQuery },
  responses: { 200: json(overview, "The queue."), ...errors(400, 401, 403, 429) },
});

const cancel = createRoute({
  ...common,
  method: "post",
  path: "/api/v1/admin/jobs/{id}/cancel",
  operationId: "cancelJob",
  summary: "Cancel a ready or running job",
  responses: {
    202: json(
      z.object({ id: z.uuid(), state, cancelRequested: z.boolean() }),
      "Cancelled, or asked to stop.",
    ),
    ...errors(400, 401, 403, 404, 409, 429),
  },
});

const retry = createRoute({
  ...common,
  method: "post",
  path: "/api/v1/admin/jobs/{id}/retry",
  operationId: "retryJob",
  summary: "Run a dead or cancelled job again",
  responses: {
    202: json(z.object({ id: z.uuid(), state }), "Queued again."),
    ...errors(400, 401, 403, 404, 409, 429),
  },
});

/** What the admin job routes need. */
export interface AdminJobsDeps {
  sql: Sql;
  /** Kinds whose admin-cancel hook tells their subject (transcode: the video fails). */
  // deno-lint-ignore no-explicit-any
  kinds: JobKindSpec<any>[];
}

/**
 * GET /api/v1/admin/jobs (counts by kind and state, running jobs with progress
 * and worker, dead letters with reasons), POST /api/v1/admin/jobs/:id/cancel
 * and POST /api/v1/admin/jobs/:id/retry. Admins only.
 */
export function adminJobRoutes(deps: AdminJobsDeps): OpenAPIHono {
  const app = apiRouter();
  app.use("/api/v1/admin/jobs", requireRole("admin"));
  app.use("/api/v1/admin/jobs/*", requireRole("admin"));
  return app
    .openapi(view, async (c) => {
      const { limit } = c.req.valid("query");
      c.header("Cache-Control", "private, no-store");
      return c.json(await queueOverview(deps.sql, { limit }), 200);
    })
    .openapi(cancel, async (c) => {
      const { id } = c.req.valid("param");
      const job = await cancelJobAsAdmin(deps.sql, id, { kinds: deps.kinds });
      return c.json({ id: job.id, state: job.state, cancelRequested: job.cancelRequested }, 202);
    })
    .openapi(retry, async (c) => {
      const { id } = c.req.valid("param");
      const job = await retryJob(deps.sql, id);
      return c.json({ id: job.id, state: job.state }, 202);
    });
}
