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
  comments: (sql, userId, limit) =>
    sql`select id, video_id as "videoId", parent_id as "parentId", body, status,
               created_at as "createdAt", edited_at as "editedAt"
        from comments where author_id = ${userId} order by created_at limit ${limit}`,
  reactions: (sql, userId, limit) =>
    sql`select video_id as "videoId", kind, created_at as "createdAt"
        from video_reactions where user_id = ${userId} order by created_at limit ${limit}`,
  following: (sql, userId, limit) =>
    sql`select f.creator_id as "creatorId", u.display_name as "creatorName",
               f.created_at as "since"
        from follows f join users u on u.id = f.creator_id
        where f.follower_id = ${userId} order by f.created_at limit ${limit}`,
  playlists: (sql, userId, limit) =>
    sql`select p.id, p.kind, p.title, p.description, p.privacy, p.created_at as "createdAt",
               coalesce((select array_agg(i.video_id order by i.position) from playlist_items i
                 where i.playlist_id = p.id), '{}') as "videoIds"
        from playlists p where p.owner_id = ${userId} order by p.created_at limit ${limit}`,
  watchHistory: (sql, userId, limit) =>
    sql`select video_id as "videoId", position_s as "positionS", watched_at as "watchedAt"
        from watch_history where user_id = ${userId} order by watched_at desc limit ${limit}`,
  focusSessions: (sql, userId, limit) =>
    sql`select video_id as "videoId", started_at as "startedAt", ended_at as "endedAt",
               duration_s as "durationS", hidden_count as "hiddenCount", hidden_s as "hiddenS",
               blur_count as "blurCount", blur_s as "blurS", completed
        from focus_sessions where user_id = ${userId} order by started_at limit ${limit}`,
  // What moderators told the user (not who: moderators' names stay theirs).
  warnings: (sql, userId, limit) =>
    sql`select reason, created_at as "createdAt"
        from user_warnings where user_id = ${userId} order by created_at limit ${limit}`,
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
  devices: (sql, userId, limit) =>
    sql`select family_id as "sessionId", user_agent as "userAgent", ip,
               created_at as "createdAt", last_seen_at as "lastSeenAt"
        from user_sessions where user_id = ${userId} order by created_at limit ${limit}`,
  // Whether two-factor is on and since when; never the secret nor the code hashes.
  twoFactor: (sql, userId, limit) =>
    sql`select confirmed_at is not null as enabled, created_at as "createdAt",
               confirmed_at as "enabledAt",
               (select count(*)::int from two_factor_recovery_codes r
                 where r.user_id = t.user_id and r.used_at is null) as "recoveryCodesLeft"
        from two_factor t where user_id = ${userId} limit ${limit}`,
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
