import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import {
  type AuthContext,
  avatarUrl,
  findPublicProfile,
  type PublicProfile,
  replaceAvatar,
  updateProfile,
} from "../../../lib/auth/mod.ts";
import { profileSchema, roleField } from "../../../lib/auth/schemas.ts";
import { NotFoundError } from "../../../lib/errors.ts";
import { changeRole, setUserBan } from "../../../lib/moderation/users.ts";
import { auditActor } from "../../_audit_actor.ts";
import type { UploadQuotas } from "../../../lib/config.ts";
import type { Storage } from "../../../lib/storage/mod.ts";
import { readQuotaUsage } from "../../../lib/uploads/quota.ts";
import { banApiSchema } from "../../../lib/moderation/schemas.ts";
import { changeUserQuota } from "../../../lib/moderation/quotas_admin.ts";
import { requireRole, requireUser } from "../../../middleware/auth.ts";
import { avatarBytes } from "../../_avatar_body.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import {
  ANYONE,
  apiRouter,
  errors,
  json,
  jsonBody,
  SIGNED_IN,
  withBodyReadByHandler,
} from "./_openapi.ts";
import { profileResponse } from "./_schemas.ts";

const idParam = z.object({ id: z.uuid("Not a user id.") });
// Bytes, -1 = unlimited, null = the instance default (PeerTube's videoQuota/videoQuotaDaily).
const quotaField = z.number().int().min(-1).max(2 ** 53 - 1).nullable().optional();
const quotaSchema = z.object({ videoQuota: quotaField, videoQuotaDaily: quotaField }).strict()
  .refine((q) => q.videoQuota !== undefined || q.videoQuotaDaily !== undefined, {
    message: "Give videoQuota and/or videoQuotaDaily.",
  });
const roleSchema = z.object({ role: roleField });
const quotaResponse = z.object({
  quota: z.object({
    videoQuota: z.number().int().meta({ description: "Bytes; -1 = unlimited." }),
    videoQuotaDaily: z.number().int().meta({ description: "Bytes per 24 h; -1 = unlimited." }),
    maxOpenUploads: z.number().int(),
    used: z.number().int().meta({ description: "Bytes stored or reserved by open uploads." }),
    usedDaily: z.number().int().meta({ description: "Bytes of uploads started in 24 h." }),
    openUploads: z.number().int(),
  }).meta({ id: "QuotaUsage" }),
});
const binary = z.string().meta({ format: "binary" });
const tags = ["users"];
const admin = { tags, security: SIGNED_IN, middleware: requireRole("admin") };
const me = { tags, security: SIGNED_IN, middleware: requireUser() };
const adminErrors = errors(400, 401, 403, 404, 429);
const adminBodyErrors = errors(400, 401, 403, 404, 413, 429);

const myQuota = createRoute({
  ...me,
  method: "get",
  path: "/api/v1/users/me/quota",
  operationId: "getMyQuota",
  summary: "The signed-in user's upload quota and usage",
  responses: { 200: json(quotaResponse, "Limits and usage."), ...errors(401, 429) },
});
const userQuota = createRoute({
  ...admin,
  method: "get",
  path: "/api/v1/users/{id}/quota",
  operationId: "getUserQuota",
  summary: "A user's upload quota and usage (admins)",
  request: { params: idParam },
  responses: { 200: json(quotaResponse, "Limits and usage."), ...adminErrors },
});
const setQuota = createRoute({
  ...admin,
  method: "patch",
  path: "/api/v1/users/{id}/quota",
  operationId: "setUserQuota",
  summary: "Override a user's quotas (null = the instance default; admins)",
  request: { params: idParam, body: jsonBody(quotaSchema) },
  responses: { 200: json(quotaResponse, "The new limits and usage."), ...adminBodyErrors },
});
const editMe = createRoute({
  ...me,
  method: "patch",
  path: "/api/v1/users/me",
  operationId: "updateMyProfile",
  summary: "Change one's display name or bio",
  request: { body: jsonBody(profileSchema) },
  responses: { 200: json(profileResponse, "The profile."), ...errors(400, 401, 403, 413, 429) },
});
const avatar = createRoute({
  ...me,
  method: "put",
  path: "/api/v1/users/me/avatar",
  operationId: "replaceMyAvatar",
  summary: "Replace one's avatar (a multipart `avatar` field or a raw image body)",
  request: {
    body: {
      required: true,
      content: {
        "multipart/form-data": { schema: z.object({ avatar: binary }) },
        "image/*": { schema: binary },
      },
    },
  },
  responses: {
    200: json(profileResponse, "The profile with the new avatar."),
    ...errors(400, 401, 403, 413, 429),
  },
});
const profile = createRoute({
  method: "get",
  path: "/api/v1/users/{id}",
  operationId: "getUser",
  tags,
  summary: "A public profile",
  security: ANYONE,
  request: { params: idParam },
  responses: { 200: json(profileResponse, "The profile."), ...errors(400, 404, 429) },
});
const setUserRole = createRoute({
  ...admin,
  method: "put",
  path: "/api/v1/users/{id}/role",
  operationId: "setUserRole",
  summary: "Change a user's role (admins; not one's own demotion, not the last admin's)",
  request: { params: idParam, body: jsonBody(roleSchema) },
  responses: {
    200: json(profileResponse, "The profile."),
    ...errors(400, 401, 403, 404, 409, 413, 429),
  },
});
const ban = createRoute({
  ...admin,
  method: "put",
  path: "/api/v1/users/{id}/ban",
  operationId: "banUser",
  summary:
    "Ban a user (optionally `until` a time) and end their sessions (admins; not the last admin)",
  request: { params: idParam, body: jsonBody(banApiSchema) },
  responses: { 204: { description: "Banned." }, ...errors(400, 401, 403, 404, 409, 413, 429) },
});
const unban = createRoute({
  ...admin,
  method: "delete",
  path: "/api/v1/users/{id}/ban",
  operationId: "unbanUser",
  summary: "Lift a ban (admins)",
  request: { params: idParam },
  responses: { 204: { description: "No longer banned." }, ...adminErrors },
});

/** The public JSON shape of a profile (never the email). */
export function profileJson(p: PublicProfile) {
  return {
    id: p.id,
    displayName: p.displayName,
    bio: p.bio,
    role: p.role,
    avatarUrl: avatarUrl(p.avatarKey) ?? null,
    createdAt: p.createdAt,
  };
}

/**
 * /api/v1/users: public profiles, editing one's own profile and avatar, one's
 * upload quota, and the admin's role, ban and quota controls.
 */
export function usersApiRoutes(
  deps: {
    auth: AuthContext;
    storage: Storage;
    ffmpegPath: string;
    quotas: UploadQuotas;
    trustProxy: boolean;
  },
): OpenAPIHono {
  const sql = deps.auth.sql;
  const quotaJson = async (id: string) => {
    const { oldestDailyAt: _, ...usage } = await readQuotaUsage(sql, id, {
      defaults: deps.quotas,
    });
    return { quota: usage };
  };
  const app = apiRouter();
  return app
    .openapi(myQuota, async (c) => {
      c.header("Cache-Control", "private, no-store");
      return c.json(await quotaJson(c.get("user")!.id), 200);
    })
    .openapi(userQuota, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(await quotaJson(id), 200);
    })
    .openapi(withBodyReadByHandler(app, setQuota), async (c) => {
      const { id } = c.req.valid("param");
      const quota = validate(quotaSchema, await readJson(c));
      await changeUserQuota(sql, id, { quota, actor: auditActor(c, deps) });
      return c.json(await quotaJson(id), 200);
    })
    .openapi(withBodyReadByHandler(app, editMe), async (c) => {
      const input = validate(profileSchema, await readJson(c));
      await updateProfile(sql, c.get("user")!.id, input);
      return c.json({ user: profileJson((await findPublicProfile(sql, c.get("user")!.id))!) }, 200);
    })
    .openapi(withBodyReadByHandler(app, avatar), async (c) => {
      const bytes = await avatarBytes(c);
      await replaceAvatar({ ...deps, sql }, c.get("user")!.id, bytes);
      return c.json({ user: profileJson((await findPublicProfile(sql, c.get("user")!.id))!) }, 200);
    })
    .openapi(profile, async (c) => {
      const { id } = c.req.valid("param");
      const profile = await findPublicProfile(sql, id);
      if (!profile) throw new NotFoundError("No such user.");
      return c.json({ user: profileJson(profile) }, 200);
    })
    .openapi(withBodyReadByHandler(app, setUserRole), async (c) => {
      const { id } = c.req.valid("param");
      const { role } = validate(roleSchema, await readJson(c));
      await changeRole(sql, id, { role, actor: auditActor(c, deps) });
      return c.json({ user: profileJson((await findPublicProfile(sql, id))!) }, 200);
    })
    .openapi(withBodyReadByHandler(app, ban), async (c) => {
      const { id } = c.req.valid("param");
      const ban = validate(banApiSchema, await readJson(c));
      await setUserBan(sql, id, { ban, actor: auditActor(c, deps) });
      return c.body(null, 204);
    })
    .openapi(unban, async (c) => {
      const { id } = c.req.valid("param");
      await setUserBan(sql, id, { ban: null, actor: auditActor(c, deps) });
      return c.body(null, 204);
    });
}
