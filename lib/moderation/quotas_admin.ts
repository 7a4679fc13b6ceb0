/**
 * Upload quotas as admins manage them (lib/uploads/quota.ts applies them): a
 * user's own override (bytes, -1 = unlimited, null = the instance default)
 * and the instance defaults on /admin/settings (null = the configured
 * VIDEO_QUOTA_BYTES / VIDEO_QUOTA_DAILY_BYTES). Every change is audited with
 * its before and after.
 */
import { z } from "zod";
import type { Sql } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";
import { setUserQuota } from "../uploads/quota.ts";
import { type AuditActor, recordAudit } from "./audit.ts";

/** Two byte quotas; null = the next level's value. */
export interface QuotaPair {
  videoQuota: number | null;
  videoQuotaDaily: number | null;
}

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/**
 * A quota as typed in a form: empty = the default (null), "unlimited" or -1
 * = no limit, otherwise a number with an optional unit ("10 GiB", "500 MB",
 * "1.5 TB", bytes without one).
 */
export const quotaText = z.string().trim().max(40).transform((s, ctx) => {
  if (s === "") return null;
  if (/^(unlimited|-1)$/i.test(s)) return -1;
  const m = /^(\d{1,15}(?:\.\d{1,3})?)\s*([kmgt]i?b|b)?$/i.exec(s);
  const bytes = m ? Math.round(Number(m[1]) * UNITS[(m[2] ?? "").toLowerCase()]) : NaN;
  if (!Number.isSafeInteger(bytes)) {
    ctx.addIssue({ code: "custom", message: 'Give a size such as "10 GiB", or "unlimited".' });
    return z.NEVER;
  }
  return bytes;
});

/** The users page's and the settings page's quota form. */
export const quotaFormSchema = z.object({ videoQuota: quotaText, videoQuotaDaily: quotaText });

/** Sets a user's overrides (both fields) and audits the change; 404 for an unknown user. */
export async function changeUserQuota(
  sql: Sql,
  userId: string,
  options: { quota: Partial<QuotaPair>; actor: AuditActor },
): Promise<void> {
  await sql.begin(async (tx) => {
    const [before] = await tx<QuotaPair[]>`
      select video_quota::float8 as "videoQuota", video_quota_daily::float8 as "videoQuotaDaily"
      from users where id = ${userId} for update`;
    if (!before) throw new NotFoundError("No such user.");
    await setUserQuota(tx as unknown as Sql, userId, options.quota);
    await recordAudit(tx, options.actor, {
      action: "user.quota",
      target: { kind: "user", id: userId },
      details: { before, after: { ...before, ...options.quota } },
    });
  });
}

/** The defaults admins set (null where the configured value applies). */
export async function readQuotaDefaults(sql: Sql): Promise<QuotaPair> {
  const [row] = await sql<QuotaPair[]>`
    select default_video_quota::float8 as "videoQuota",
      default_video_quota_daily::float8 as "videoQuotaDaily"
    from instance_settings where id`;
  return row ?? { videoQuota: null, videoQuotaDaily: null };
}

/** Stores the instance's default quotas and audits them (before and after). */
export async function changeQuotaDefaults(
  sql: Sql,
  next: QuotaPair,
  options: { actor: AuditActor },
): Promise<void> {
  await sql.begin(async (tx) => {
    const before = await readQuotaDefaults(tx as unknown as Sql);
    await tx`insert into instance_settings (id, default_video_quota, default_video_quota_daily,
        updated_by)
      values (true, ${next.videoQuota}, ${next.videoQuotaDaily}, ${options.actor.id})
      on conflict (id) do update set default_video_quota = excluded.default_video_quota,
        default_video_quota_daily = excluded.default_video_quota_daily,
        updated_by = excluded.updated_by, updated_at = now()`;
    await recordAudit(tx, options.actor, {
      action: "settings.quotas",
      target: { kind: "settings", id: "quotas" },
      details: { before, after: next },
    });
  });
}
