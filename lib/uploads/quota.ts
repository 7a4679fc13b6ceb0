/**
 * Upload quotas, with PeerTube's semantics (bytes; -1 = unlimited; a user's
 * own override set by admins, else the instance default admins set on
 * /admin/settings, else the configured one):
 *
 * - videoQuota: bytes a user stores, counted as the source size of every video
 *   that is not `failed`. An open upload's video row carries its declared size
 *   from the start, so reserved space counts until the upload completes (then
 *   it is simply stored) or is aborted (the row goes).
 * - videoQuotaDaily: bytes of uploads started in the last 24 hours (a ledger,
 *   so that deleting videos does not hand the allowance back).
 * - maxOpenUploads: unfinished uploads at once.
 *
 * The check runs in the transaction that creates the video row, after locking
 * the user's row, so concurrent starts are decided one at a time.
 */
import type { UploadQuotas } from "../config.ts";
import type { Sql } from "../db/mod.ts";
import { LimitError, NotFoundError, RateLimitError } from "../errors.ts";
import { log } from "../log.ts";
import { AWAITING_UPLOAD_STATES, QUOTA_EXEMPT_STATES } from "../videos/lifecycle.ts";
import { formatBytes } from "./plan.ts";

/** A user's limits (overrides applied) and what counts against them. */
export interface QuotaUsage {
  videoQuota: number;
  videoQuotaDaily: number;
  maxOpenUploads: number;
  /** Bytes stored or reserved by open uploads. */
  used: number;
  /** Bytes of uploads started in the last 24 hours. */
  usedDaily: number;
  openUploads: number;
}

const DAY_MS = 24 * 3600 * 1000;

/** Reads a user's quota state; `lock` takes the user's row lock (inside a transaction). */
export async function readQuotaUsage(
  sql: Sql,
  userId: string,
  options: { defaults: UploadQuotas; lock?: boolean },
): Promise<QuotaUsage & { oldestDailyAt: Date | null }> {
  // The lock is its own statement: under READ COMMITTED a statement that waits
  // for a row lock still reads with the snapshot it started with, so sums in the
  // same statement would miss the uploads committed while it waited.
  if (options.lock) await sql`select 1 from users where id = ${userId} for update`;
  const [row] = await sql<
    {
      videoQuota: number | null;
      videoQuotaDaily: number | null;
      used: number;
      usedDaily: number;
      openUploads: number;
      oldestDailyAt: Date | null;
    }[]
  >`
    select coalesce(u.video_quota, s.default_video_quota)::float8 as "videoQuota",
      coalesce(u.video_quota_daily, s.default_video_quota_daily)::float8 as "videoQuotaDaily",
      (select coalesce(sum(v.source_size), 0)::float8 from videos v
        where v.owner_id = u.id
          and (v.source_key is not null or not v.status = any(${[...QUOTA_EXEMPT_STATES]})))
        as used,
      (select coalesce(sum(l.size), 0)::float8 from upload_ledger l
        where l.user_id = u.id and l.created_at > now() - interval '24 hours') as "usedDaily",
      (select count(*)::int from videos v
        where v.owner_id = u.id and v.status = any(${[
    ...AWAITING_UPLOAD_STATES,
  ]})) as "openUploads",
      (select min(l.created_at) from upload_ledger l
        where l.user_id = u.id and l.created_at > now() - interval '24 hours') as "oldestDailyAt"
    from users u left join instance_settings s on s.id where u.id = ${userId}`;
  if (!row) throw new NotFoundError("No such user.");
  return {
    ...row,
    videoQuota: row.videoQuota ?? options.defaults.videoQuota,
    videoQuotaDaily: row.videoQuotaDaily ?? options.defaults.videoQuotaDaily,
    maxOpenUploads: options.defaults.maxOpenUploads,
  };
}

/**
 * Inside the transaction that creates an upload's video row: locks the user,
 * then refuses the upload when it would pass a quota. Too many open uploads
 * and the daily quota are 429 (they pass with time); the storage quota is 413.
 * Every refusal says which limit, the limit, what is used and what was asked.
 */
export async function assertUploadAllowed(
  tx: Sql,
  userId: string,
  options: { size: number; defaults: UploadQuotas },
): Promise<void> {
  const u = await readQuotaUsage(tx, userId, { defaults: options.defaults, lock: true });
  const requested = options.size;
  if (u.openUploads >= u.maxOpenUploads) {
    throw new RateLimitError(60, {
      message: `You may have at most ${u.maxOpenUploads} unfinished uploads at once. ` +
        "Finish or cancel one first.",
      details: {
        quota: "maxOpenUploads",
        limit: u.maxOpenUploads,
        used: u.openUploads,
        requested: 1,
      },
    });
  }
  if (u.videoQuotaDaily >= 0 && u.usedDaily + requested > u.videoQuotaDaily) {
    // The allowance grows back as the oldest of today's uploads turns 24 hours old.
    const freesAt = u.oldestDailyAt ? u.oldestDailyAt.getTime() + DAY_MS : Date.now() + DAY_MS;
    throw new RateLimitError(Math.max(1, Math.ceil((freesAt - Date.now()) / 1000)), {
      message: `This upload (${formatBytes(requested)}) would pass your daily upload quota of ` +
        `${formatBytes(u.videoQuotaDaily)}; ${formatBytes(u.usedDaily)} were started in the ` +
        "last 24 hours.",
      details: { quota: "videoQuotaDaily", limit: u.videoQuotaDaily, used: u.usedDaily, requested },
    });
  }
  if (u.videoQuota >= 0 && u.used + requested > u.videoQuota) {
    throw new LimitError(
      `This upload (${formatBytes(requested)}) would pass your storage quota of ` +
        `${formatBytes(u.videoQuota)}; ${formatBytes(u.used)} are in use. ` +
        "Delete videos or cancel unfinished uploads to make room.",
      { details: { quota: "videoQuota", limit: u.videoQuota, used: u.used, requested } },
    );
  }
  // Ledger rows older than a day no longer count; drop this user's while we hold the lock.
  await tx`delete from upload_ledger
    where user_id = ${userId} and created_at <= now() - interval '24 hours'`;
}

/**
 * Sets a user's quota overrides (admins): a number of bytes, -1 for
 * unlimited, null to follow the instance default; undefined leaves it.
 */
export async function setUserQuota(
  sql: Sql,
  userId: string,
  quota: { videoQuota?: number | null; videoQuotaDaily?: number | null },
): Promise<void> {
  const keep = (v: number | null | undefined) => v === undefined;
  const rows = await sql`update users set
      video_quota = case when ${keep(quota.videoQuota)} then video_quota
                         else ${quota.videoQuota ?? null}::bigint end,
      video_quota_daily = case when ${keep(quota.videoQuotaDaily)} then video_quota_daily
                               else ${quota.videoQuotaDaily ?? null}::bigint end,
      updated_at = now()
    where id = ${userId} returning id`;
  if (rows.length === 0) throw new NotFoundError("No such user.");
  log("info", "upload quota changed", { userId, ...quota });
}
