import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import { ValidationError } from "../../../lib/errors.ts";
import {
  approveVideo,
  rejectVideo,
  resubmitVideo,
  reviewQueue,
} from "../../../lib/moderation/review.ts";
import { rejectSchema, settingsSchema, trustedSchema } from "../../../lib/moderation/schemas.ts";
import {
  changeInstanceSettings,
  MODERATION_POLICIES,
  readInstanceSettings,
  REGISTRATION_MODES,
} from "../../../lib/moderation/settings.ts";
import { setTrusted } from "../../../lib/moderation/users.ts";
import type { Storage } from "../../../lib/storage/types.ts";
import { requireRole, requireUser } from "../../../middleware/auth.ts";
import { auditActor } from "../../_audit_actor.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import {
  apiRouter,
  errors,
  idParam,
  json,
  jsonBody,
  SIGNED_IN,
  withBodyReadByHandler,
} from "./_openapi.ts";

const tags = ["moderation"];
const moderators = { tags, security: SIGNED_IN, middleware: requireRole("moderator", "admin") };
const admins = { tags, security: SIGNED_IN, middleware: requireRole("admin") };
const decisionErrors = errors(400, 401, 403, 404, 409, 413, 429);
const settingsJson = z.object({
  settings: z.object({
    moderation: z.enum(MODERATION_POLICIES),
    registration: z.enum(REGISTRATION_MODES),
  }).meta({ id: "InstanceSettings" }),
});
const queueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  after: z.string().regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z\|[0-9a-f-]{36}$/).optional()
    .meta({ description: "The previous page's `next`." }),
});
const queued = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  visibility: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  durationS: z.number().nullable(),
  createdAt: z.iso.datetime(),
});

const queue = createRoute({
  ...moderators,
  method: "get",
  path: "/api/v1/admin/review",
  operationId: "getReviewQueue",
  summary: "Videos waiting for review, oldest first (moderators)",
  request: { query: queueQuery },
  responses: {
    200: json(
      z.object({ videos: z.array(queued), next: z.string().nullable() }),
      "A page of the queue.",
    ),
    ...errors(400, 401, 403, 429),
  },
});
const approve = createRoute({
  ...moderators,
  method: "post",
  path: "/api/v1/admin/videos/{id}/approve",
  operationId: "approveVideo",
  summary: "Publish a video in review (moderators; 409 when it is not in review)",
  request: { params: idParam },
  responses: { 204: { description: "Published." }, ...decisionErrors },
});
const reject = createRoute({
  ...moderators,
  method: "post",
  path: "/api/v1/admin/videos/{id}/reject",
  operationId: "rejectVideo",
  summary: "Reject a video in review with a reason, optionally deleting its files (moderators)",
  request: { params: idParam, body: jsonBody(rejectSchema) },
  responses: { 204: { description: "Rejected." }, ...decisionErrors },
});
const resubmit = createRoute({
  tags,
  security: SIGNED_IN,
  middleware: requireUser(),
  method: "post",
  path: "/api/v1/videos/{id}/resubmit",
  operationId: "resubmitVideo",
  summary: "Send one's rejected video back to review (its owner)",
  request: { params: idParam },
  responses: { 204: { description: "In review again." }, ...decisionErrors },
});
const getSettings = createRoute({
  ...admins,
  method: "get",
  path: "/api/v1/admin/settings",
  operationId: "getInstanceSettings",
  summary: "The moderation policy and registration mode (admins)",
  responses: { 200: json(settingsJson, "The settings."), ...errors(401, 403, 429) },
});
const patchSettings = createRoute({
  ...admins,
  method: "patch",
  path: "/api/v1/admin/settings",
  operationId: "updateInstanceSettings",
  summary: "Change the moderation policy and/or registration mode (admins)",
  request: { body: jsonBody(settingsSchema) },
  responses: { 200: json(settingsJson, "The new settings."), ...errors(400, 401, 403, 413, 429) },
});
const trusted = createRoute({
  ...admins,
  method: "put",
  path: "/api/v1/admin/users/{id}/trusted",
  operationId: "setUserTrusted",
  summary: "Mark a user trusted (their videos skip review) or not (admins)",
  request: { params: idParam, body: jsonBody(trustedSchema) },
  responses: { 204: { description: "Changed." }, ...errors(400, 401, 403, 404, 413, 429) },
});

/** What the moderation API needs. */
export interface ModerationApiDeps {
  sql: Sql;
  storage: Storage;
  trustProxy: boolean;
}

/**
 * The review workflow's JSON API: the queue, approve and reject (moderators
 * and admins), resubmission (the owner), instance settings and the trusted
 * flag (admins). Each decision is audited by lib/moderation.
 */
export function moderationApiRoutes(deps: ModerationApiDeps): OpenAPIHono {
  const { sql } = deps;
  const app = apiRouter();
  return app
    .openapi(queue, async (c) => {
      const { limit, after } = c.req.valid("query");
      const [at, id] = after?.split("|") ?? [];
      const when = at ? new Date(at) : undefined;
      if (when && Number.isNaN(when.getTime())) throw new ValidationError("Bad cursor.");
      const videos = await reviewQueue(sql, { limit, after: when ? { at: when, id } : undefined });
      const last = videos.length === limit ? videos.at(-1) : undefined;
      c.header("Cache-Control", "private, no-store");
      return c.json({
        videos: videos.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
        next: last ? `${last.createdAt.toISOString()}|${last.id}` : null,
      }, 200);
    })
    .openapi(approve, async (c) => {
      await approveVideo(sql, c.req.valid("param").id, auditActor(c, deps));
      return c.body(null, 204);
    })
    .openapi(withBodyReadByHandler(app, reject), async (c) => {
      const { id } = c.req.valid("param");
      const input = validate(rejectSchema, await readJson(c));
      await rejectVideo(deps, id, { actor: auditActor(c, deps), ...input });
      return c.body(null, 204);
    })
    .openapi(resubmit, async (c) => {
      await resubmitVideo(sql, c.req.valid("param").id, { viewer: c.get("user") });
      return c.body(null, 204);
    })
    .openapi(getSettings, async (c) => {
      c.header("Cache-Control", "private, no-store");
      return c.json({ settings: await readInstanceSettings(sql) }, 200);
    })
    .openapi(withBodyReadByHandler(app, patchSettings), async (c) => {
      const change = validate(settingsSchema, await readJson(c));
      const after = await changeInstanceSettings(sql, change, { actor: auditActor(c, deps) });
      return c.json({ settings: after }, 200);
    })
    .openapi(withBodyReadByHandler(app, trusted), async (c) => {
      const { id } = c.req.valid("param");
      const input = validate(trustedSchema, await readJson(c));
      await setTrusted(sql, id, { trusted: input.trusted, actor: auditActor(c, deps) });
      return c.body(null, 204);
    });
}
