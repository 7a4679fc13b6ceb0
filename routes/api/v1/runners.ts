import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Config } from "../../../lib/config.ts";
import type { Sql } from "../../../lib/db/mod.ts";
import { AuthenticationError, ConflictError, ValidationError } from "../../../lib/errors.ts";
import {
  claimForRunner,
  completedByRunner,
  completeForRunner,
  failForRunner,
  heldJob,
  releaseForRunner,
  renewForRunner,
} from "../../../lib/runners/jobs.ts";
import {
  jobMediaKey,
  jobMediaPrefix,
  runnerCatalog,
  sourceUrl,
} from "../../../lib/runners/job_files.ts";
import { authenticateRunner, type RunnerToken } from "../../../lib/runners/tokens.ts";
import type { Storage } from "../../../lib/storage/types.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import { apiRouter, errors, idParam, json, jsonBody, withBodyReadByHandler } from "./_openapi.ts";
import * as s from "./_runner_schemas.ts";

const tags = ["runners"];
const security = [{ runnerToken: [] }];
const base = { tags, security } as const;
const onJob = { ...base, request: { params: idParam, headers: s.leaseHeaders } } as const;
const jobErrors = errors(400, 401, 403, 409, 413, 429);

const register = createRoute({
  ...base,
  method: "post",
  path: "/api/v1/runners/register",
  operationId: "registerRunner",
  summary: "A runner says hello; the answer is what its token allows and the lease length",
  request: { body: jsonBody(s.registerBody) },
  responses: { 200: json(s.registered, "Registered."), ...errors(400, 401, 403, 413, 429) },
});
const claim = createRoute({
  ...base,
  method: "post",
  path: "/api/v1/runners/claim",
  operationId: "claimRunnerJob",
  summary: "Claim the next job of the kinds this token allows",
  request: { body: jsonBody(s.claimBody) },
  responses: {
    200: json(s.claimed, "A job and its lease."),
    204: { description: "Nothing to do now." },
    ...errors(400, 401, 403, 413, 429),
  },
});
const jobCall = (path: string, operationId: string, summary: string, response: object) =>
  createRoute({
    ...onJob,
    method: "post",
    path: `/api/v1/runners/jobs/{id}/${path}`,
    operationId,
    summary,
    responses: { 200: response, ...jobErrors },
  });
const renew = jobCall("renew", "renewRunnerLease", "Extend the lease", json(s.renewed, "Held."));
const complete = jobCall("complete", "completeRunnerJob", "The job succeeded", {
  description: "Recorded.",
});
const fail = {
  ...jobCall("fail", "failRunnerJob", "The attempt failed", json(s.failed, "Recorded.")),
  request: { ...onJob.request, body: jsonBody(s.failBody) },
};
const release = {
  ...jobCall("release", "releaseRunnerJob", "Give the job back", { description: "Released." }),
  request: { ...onJob.request, body: jsonBody(s.releaseBody) },
};
const catalog = {
  ...jobCall("catalog", "runnerCatalogCall", "Read or record the job's catalog state", {
    ...json(s.catalogResult, "The call's result."),
  }),
  request: { ...onJob.request, body: jsonBody(s.catalogBody) },
};
const download = {
  ...jobCall("download", "runnerSourceUrl", "A signed URL of the job's source", {
    ...json(s.downloadUrl, "Fetch the source from here."),
  }),
  request: { ...onJob.request, body: jsonBody(s.downloadBody) },
};
const objectRoute = (method: "put" | "delete", operationId: string, summary: string) =>
  createRoute({
    ...base,
    method,
    path: "/api/v1/runners/jobs/{id}/objects",
    operationId,
    summary,
    request: { params: idParam, headers: s.leaseHeaders, query: s.objectQuery },
    responses: { 204: { description: "Done." }, ...jobErrors },
  });
const putObject = objectRoute("put", "putRunnerObject", "Store one output (raw body)");
const deleteObject = objectRoute("delete", "deleteRunnerObject", "Delete one output");
const listObjects = createRoute({
  ...base,
  method: "get",
  path: "/api/v1/runners/jobs/{id}/objects",
  operationId: "listRunnerObjects",
  summary: "List the objects under the job's media prefix",
  request: { params: idParam, headers: s.leaseHeaders, query: s.listQuery },
  responses: { 200: json(s.listed, "One page, in key order."), ...jobErrors },
});

/** What the runner API needs. */
export interface RunnerApiDeps {
  sql: Sql;
  storage: Storage;
  config: Pick<Config, "worker" | "jobs" | "media">;
}

/**
 * The remote runners' API (docs/DESIGN.md, "Remote runners"): a runner token
 * in X-Runner-Token on every call; after the claim, every call names the job
 * and the lease it holds (X-Runner-Lease) and is refused (409) unless this
 * runner holds it now; object keys outside the job's own prefix are refused
 * (403) before storage is touched.
 */
export function runnerApiRoutes(deps: RunnerApiDeps): OpenAPIHono {
  const app = apiRouter();
  app.openAPIRegistry.registerComponent("securitySchemes", "runnerToken", {
    type: "apiKey",
    in: "header",
    name: "X-Runner-Token",
    description: "A runner token an admin issued on /admin/runners (`vfr_…`).",
  });
  const runnerOf = async (c: Context): Promise<RunnerToken> => {
    const token = c.req.header(s.RUNNER_TOKEN_HEADER);
    const runner = token ? await authenticateRunner(deps.sql, token) : undefined;
    if (!runner) throw new AuthenticationError("The runner token is not valid or was revoked.");
    return runner;
  };
  const held = async (c: Context) => {
    const runner = await runnerOf(c);
    const lease = validate(s.leaseHeaders, {
      [s.RUNNER_LEASE_HEADER]: c.req.header(s.RUNNER_LEASE_HEADER),
    })[s.RUNNER_LEASE_HEADER];
    return await heldJob(deps.sql, runner, { jobId: c.req.param("id")!, lease });
  };
  const body = async <S extends Parameters<typeof validate>[0]>(c: Context, schema: S) =>
    validate(schema, await readJson(c));
  return app
    .openapi(withBodyReadByHandler(app, register), async (c) => {
      const runner = await runnerOf(c);
      const input = await body(c, s.registerBody);
      return c.json({
        runnerId: runner.id,
        name: input.name,
        kinds: runner.kinds,
        leaseMs: deps.config.worker.leaseMs,
        pollMs: Math.max(1000, deps.config.worker.pollMs),
        shortLanePixels: deps.config.jobs.shortLanePixels,
      }, 200);
    })
    .openapi(withBodyReadByHandler(app, claim), async (c) => {
      const runner = await runnerOf(c);
      const input = await body(c, s.claimBody);
      const got = await claimForRunner(deps, runner, input);
      if (!got) return c.body(null, 204);
      const { job, lease } = got;
      return c.json({
        job: {
          id: job.id,
          kind: job.kind,
          payload: job.payload,
          videoId: job.videoId,
          attempts: job.attempts,
          cost: job.cost,
          timeLimitMs: job.timeLimitMs,
          ownerId: job.ownerId,
        },
        lease: {
          token: lease.token,
          workerId: lease.workerId,
          expiresAt: job.leaseExpiresAt!.toISOString(),
        },
      }, 200);
    })
    .openapi(renew, async (c) => {
      const state = await renewForRunner(deps, await held(c));
      if (state === "lost") throw new ConflictError("The lease was lost.");
      return c.json({ state }, 200);
    })
    .openapi(complete, async (c) => {
      const job = await held(c).catch(async (err) => {
        // A retried completion whose first answer was lost: done already, by this runner.
        const runner = await runnerOf(c);
        if (await completedByRunner(deps.sql, runner, c.req.param("id")!)) return undefined;
        throw err;
      });
      if (job && !await completeForRunner(deps, job)) {
        throw new ConflictError("The lease was lost.");
      }
      return c.body(null, 200);
    })
    .openapi(withBodyReadByHandler(app, fail), async (c) => {
      const job = await held(c);
      const input = await body(c, s.failBody);
      const out = await failForRunner(deps, job, input);
      return c.json({ outcome: out.outcome }, 200);
    })
    .openapi(withBodyReadByHandler(app, release), async (c) => {
      const job = await held(c);
      const input = await body(c, s.releaseBody);
      if (!await releaseForRunner(deps, job, input.reason)) {
        throw new ConflictError("The lease was lost.");
      }
      return c.body(null, 200);
    })
    .openapi(withBodyReadByHandler(app, catalog), async (c) => {
      const cat = runnerCatalog(deps, await held(c));
      const call = await body(c, s.catalogBody);
      switch (call.op) {
        case "source": {
          const key = await cat.source();
          return c.json({ result: { sourceKey: key ?? null, gone: key === undefined } }, 200);
        }
        case "started":
          return c.json({ result: { ok: await cat.started() } }, 200);
        case "exists":
          return c.json({ result: { ok: await cat.exists() } }, 200);
        case "progress":
          await cat.progress({ percent: call.percent, detail: call.detail });
          return c.json({ result: { ok: true } }, 200);
        case "frames":
          return c.json({ result: { key: (await cat.frames(call.frames, call)) ?? null } }, 200);
        case "measured":
          return c.json({ result: await cat.measured(call) }, 200);
        case "master":
          await cat.publishMaster(call);
          return c.json({ result: { ok: true } }, 200);
        case "finished":
          return c.json({ result: { ok: await cat.ready(call) } }, 200);
      }
    })
    .openapi(withBodyReadByHandler(app, download), async (c) => {
      const job = await held(c);
      const input = await body(c, s.downloadBody);
      return c.json({ url: await sourceUrl(deps, job, input.key) }, 200);
    })
    .openapi(putObject, async (c) => {
      const job = await held(c);
      const key = jobMediaKey(job, c.req.valid("query").key);
      const size = Number(c.req.header("content-length"));
      if (!Number.isInteger(size) || size < 0) {
        throw new ValidationError("An object PUT needs its Content-Length.");
      }
      const stream = c.req.raw.body ?? new Blob([]).stream();
      await deps.storage.put(key, stream, { size });
      return c.body(null, 204);
    })
    .openapi(deleteObject, async (c) => {
      const job = await held(c);
      await deps.storage.delete(jobMediaKey(job, c.req.valid("query").key));
      return c.body(null, 204);
    })
    .openapi(listObjects, async (c) => {
      const job = await held(c);
      const { after, limit } = c.req.valid("query");
      const objects: { key: string; size: number }[] = [];
      let next: string | null = null;
      for await (const o of deps.storage.list(jobMediaPrefix(job))) {
        if (after !== undefined && o.key <= after) continue;
        if (objects.length === limit) {
          next = objects[objects.length - 1].key;
          break;
        }
        objects.push({ key: o.key, size: o.size });
      }
      return c.json({ objects, next }, 200);
    });
}
