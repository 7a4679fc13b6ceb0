import { Hono } from "hono";
import { z } from "zod";
import {
  type AuthContext,
  avatarUrl,
  findPublicProfile,
  findUserById,
  type PublicProfile,
  replaceAvatar,
  setBan,
  setRole,
  updateProfile,
} from "../../../lib/auth/mod.ts";
import { profileSchema, roleField } from "../../../lib/auth/schemas.ts";
import { NotFoundError, PermissionError } from "../../../lib/errors.ts";
import type { UploadQuotas } from "../../../lib/config.ts";
import type { Storage } from "../../../lib/storage/mod.ts";
import { readQuotaUsage, setUserQuota } from "../../../lib/uploads/quota.ts";
import { requireRole, requireUser } from "../../../middleware/auth.ts";
import { avatarBytes } from "../../_avatar_body.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";

const idParam = z.object({ id: z.uuid("Not a user id.") });
const banSchema = z.object({ reason: z.string().trim().min(1).max(500) });
// Bytes, -1 = unlimited, null = the instance default (PeerTube's videoQuota/videoQuotaDaily).
const quotaField = z.number().int().min(-1).max(2 ** 53 - 1).nullable().optional();
const quotaSchema = z.object({ videoQuota: quotaField, videoQuotaDaily: quotaField }).strict()
  .refine((q) => q.videoQuota !== undefined || q.videoQuotaDaily !== undefined, {
    message: "Give videoQuota and/or videoQuotaDaily.",
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
  deps: { auth: AuthContext; storage: Storage; ffmpegPath: string; quotas: UploadQuotas },
): Hono {
  const sql = deps.auth.sql;
  const quotaJson = async (id: string) => {
    const { oldestDailyAt: _, ...usage } = await readQuotaUsage(sql, id, {
      defaults: deps.quotas,
    });
    return { quota: usage };
  };
  return new Hono()
    .get("/api/v1/users/me/quota", requireUser(), async (c) => {
      c.header("Cache-Control", "private, no-store");
      return c.json(await quotaJson(c.get("user")!.id));
    })
    .get("/api/v1/users/:id/quota", requireRole("admin"), async (c) => {
      const { id } = validate(idParam, c.req.param());
      return c.json(await quotaJson(id));
    })
    .patch("/api/v1/users/:id/quota", requireRole("admin"), async (c) => {
      const { id } = validate(idParam, c.req.param());
      await setUserQuota(sql, id, validate(quotaSchema, await readJson(c)));
      return c.json(await quotaJson(id));
    })
    .patch("/api/v1/users/me", requireUser(), async (c) => {
      const input = validate(profileSchema, await readJson(c));
      await updateProfile(sql, c.get("user")!.id, input);
      return c.json({ user: profileJson((await findPublicProfile(sql, c.get("user")!.id))!) });
    })
    .put("/api/v1/users/me/avatar", requireUser(), async (c) => {
      const bytes = await avatarBytes(c);
      await replaceAvatar({ ...deps, sql }, c.get("user")!.id, bytes);
      return c.json({ user: profileJson((await findPublicProfile(sql, c.get("user")!.id))!) });
    })
    .get("/api/v1/users/:id", async (c) => {
      const { id } = validate(idParam, c.req.param());
      const profile = await findPublicProfile(sql, id);
      if (!profile) throw new NotFoundError("No such user.");
      return c.json({ user: profileJson(profile) });
    })
    .put("/api/v1/users/:id/role", requireRole("admin"), async (c) => {
      const { id } = validate(idParam, c.req.param());
      const { role } = validate(z.object({ role: roleField }), await readJson(c));
      await mustExist(sql, id);
      if (id === c.get("user")!.id && role !== "admin") {
        throw new PermissionError("Admins cannot demote themselves; ask another admin.");
      }
      await setRole(deps.auth, id, role);
      return c.json({ user: profileJson((await findPublicProfile(sql, id))!) });
    })
    .put("/api/v1/users/:id/ban", requireRole("admin"), async (c) => {
      const { id } = validate(idParam, c.req.param());
      const { reason } = validate(banSchema, await readJson(c));
      await mustExist(sql, id);
      if (id === c.get("user")!.id) throw new PermissionError("You cannot ban yourself.");
      await setBan(deps.auth, id, { reason });
      return c.body(null, 204);
    })
    .delete("/api/v1/users/:id/ban", requireRole("admin"), async (c) => {
      const { id } = validate(idParam, c.req.param());
      await mustExist(sql, id);
      await setBan(deps.auth, id, null);
      return c.body(null, 204);
    });
}

async function mustExist(sql: AuthContext["sql"], id: string): Promise<void> {
  if (!await findUserById(sql, id)) throw new NotFoundError("No such user.");
}
