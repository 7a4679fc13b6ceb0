import { Hono } from "hono";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import {
  cancelJobAsAdmin,
  type JobKindSpec,
  queueOverview,
  retryJob,
} from "../../../lib/queue/mod.ts";
import { requireRole } from "../../../middleware/auth.ts";
import { validate } from "../../_validate.ts";

const idParam = z.object({ id: z.uuid() });
const viewQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

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
export function adminJobRoutes(deps: AdminJobsDeps): Hono {
  return new Hono()
    .use("/api/v1/admin/jobs", requireRole("admin"))
    .use("/api/v1/admin/jobs/*", requireRole("admin"))
    .get("/api/v1/admin/jobs", async (c) => {
      const { limit } = validate(viewQuery, c.req.query());
      c.header("Cache-Control", "private, no-store");
      return c.json(await queueOverview(deps.sql, { limit }));
    })
    .post("/api/v1/admin/jobs/:id/cancel", async (c) => {
      const { id } = validate(idParam, c.req.param());
      const job = await cancelJobAsAdmin(deps.sql, id, { kinds: deps.kinds });
      return c.json({ id: job.id, state: job.state, cancelRequested: job.cancelRequested }, 202);
    })
    .post("/api/v1/admin/jobs/:id/retry", async (c) => {
      const { id } = validate(idParam, c.req.param());
      const job = await retryJob(deps.sql, id);
      return c.json({ id: job.id, state: job.state }, 202);
    });
}
