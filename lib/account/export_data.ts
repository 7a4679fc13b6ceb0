/**
 * "Download your data": everything the catalogue holds about one account, as
 * one JSON document. Each feature that stores something about a user adds its
 * section to SECTIONS (one place, so an export cannot forget a table that
 * others remember). Sections are bounded; one that hit its bound says so.
 */
import type { Queryable } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";

/** Rows per section at most; a section with more says `truncated`. */
export const SECTION_LIMIT = 50_000;

/** One section: rows about the user, read with a LIMIT of `limit`. */
type Section = (sql: Queryable, userId: string, limit: number) => PromiseLike<readonly unknown[]>;

/** What each section holds (the key is its name in the document). */
const SECTIONS: Record<string, Section> = {
  videos: (sql, userId, limit) =>
    sql`select id, title, description, tags, category, visibility, status,
               duration_s as "durationS", width, height, view_count as "viewCount",
               created_at as "createdAt", published_at as "publishedAt"
        from videos where owner_id = ${userId} order by created_at limit ${limit}`,
  notifications: (sql, userId, limit) =>
    sql`select kind, video_id as "videoId", data, read_at as "readAt",
               created_at as "createdAt"
        from notifications where user_id = ${userId} order by id limit ${limit}`,
  notificationPreferences: (sql, userId, limit) =>
    sql`select kind, in_app as "inApp", email from notification_prefs
        where user_id = ${userId} order by kind limit ${limit}`,
  sessions: (sql, userId, limit) =>
    sql`select family_id as "sessionId", min(user_agent) as "userAgent",
               min(created_at) as "startedAt", max(coalesce(used_at, created_at)) as "lastUsedAt"
        from refresh_tokens where user_id = ${userId}
        group by family_id order by min(created_at) limit ${limit}`,
};

/** The export document. */
export interface AccountExport {
  exportedAt: string;
  profile: Record<string, unknown>;
  /** Section name → rows, with `truncated` listing sections that hit SECTION_LIMIT. */
  [section: string]: unknown;
}

/** Everything about `userId`, as the "download your data" document. */
export async function exportAccountData(
  sql: Queryable,
  userId: string,
  options: { limit?: number } = {},
): Promise<AccountExport> {
  const limit = options.limit ?? SECTION_LIMIT;
  const [profile] = await sql`
    select id, email, display_name as "displayName", bio, role, created_at as "createdAt",
           avatar_key is not null as "hasAvatar"
    from users where id = ${userId} and deleted_at is null`;
  if (!profile) throw new NotFoundError("No such account.");
  const out: AccountExport = { exportedAt: new Date().toISOString(), profile };
  const truncated: string[] = [];
  for (const [name, read] of Object.entries(SECTIONS)) {
    // One more than the limit tells a full section from a cut one.
    const rows = await read(sql, userId, limit + 1);
    if (rows.length > limit) truncated.push(name);
    out[name] = rows.slice(0, limit);
  }
  out.truncated = truncated;
  return out;
}
