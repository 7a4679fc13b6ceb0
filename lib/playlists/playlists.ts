import type { Queryable, Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError, PermissionError } from "../errors.ts";
import { viewableSql, type Viewer } from "../videos/access.ts";
import { decodeCursor, encodeCursor } from "../videos/_card_cursor.ts";
import {
  type Playlist,
  PLAYLIST_LIMITS,
  type PlaylistPrivacy,
  WATCH_LATER_TITLE,
} from "./types.ts";

/** The columns of a Playlist over `playlists p join users u`, all but its count. */
function playlistColumns(sql: Sql): ReturnType<Sql> {
  return sql`p.id, p.owner_id as "ownerId", u.display_name as "ownerName", p.kind, p.title,
    p.description, p.privacy as visibility, p.created_at as "createdAt",
    p.updated_at as "updatedAt"`;
}

/**
 * Adds each playlist's count of the members `viewer` may see, for a whole
 * list in one grouped query (a correlated count per playlist took twice as
 * long at 200 playlists × 5,000 members).
 */
async function withCounts<P extends { id: string }>(
  sql: Sql,
  rows: P[],
  viewer: Viewer,
): Promise<(P & { videoCount: number })[]> {
  if (rows.length === 0) return [];
  const counts = await sql<{ id: string; n: number }[]>`
    select i.playlist_id as id, count(*)::int as n
    from playlist_items i join videos v on v.id = i.video_id
    where i.playlist_id = any(${rows.map((r) => r.id)}::uuid[]) and ${viewableSql(sql, viewer)}
    group by i.playlist_id`;
  const byId = new Map(counts.map((c) => [c.id, c.n]));
  return rows.map((r) => ({ ...r, videoCount: byId.get(r.id) ?? 0 }));
}

/** Whether `viewer` may open the playlist: any but a private one, which only its owner may. */
export function mayOpen(p: { ownerId: string; visibility: string }, viewer: Viewer): boolean {
  return p.visibility !== "private" || viewer?.id === p.ownerId;
}

/** Whether `viewer` may change it: the owner; an admin too unless it is private. */
export function mayChange(p: { ownerId: string; visibility: string }, viewer: Viewer): boolean {
  if (!viewer) return false;
  return viewer.id === p.ownerId || (viewer.role === "admin" && p.visibility !== "private");
}

/**
 * The playlist if `viewer` may open it, else NotFound (a private one's
 * existence does not leak; an account being deleted shows none).
 */
export async function findPlaylist(
  sql: Sql,
  options: { playlistId: string; viewer: Viewer },
): Promise<Playlist> {
  const [p] = await sql<Omit<Playlist, "videoCount">[]>`
    select ${playlistColumns(sql)} from playlists p join users u on u.id = p.owner_id
    where p.id = ${options.playlistId} and u.deleted_at is null`;
  if (!p || !mayOpen(p, options.viewer)) throw new NotFoundError("No such playlist.");
  return (await withCounts(sql, [p], options.viewer))[0];
}

/** The playlist if `viewer` may change it: NotFound if they may not see it, else Permission. */
export async function findChangeablePlaylist(
  sql: Sql,
  options: { playlistId: string; viewer: Viewer },
): Promise<Playlist> {
  const p = await findPlaylist(sql, options);
  if (!mayChange(p, options.viewer)) {
    throw new PermissionError("Only the owner can change this playlist.");
  }
  return p;
}

/** The user's "Watch later", created on first use (one per user: a unique partial index). */
export async function ensureWatchLater(sql: Queryable, userId: string): Promise<string> {
  await sql`insert into playlists (owner_id, kind, title, privacy)
    values (${userId}, 'watch_later', ${WATCH_LATER_TITLE}, 'private')
    on conflict (owner_id) where kind = 'watch_later' do nothing`;
  const [row] = await sql<{ id: string }[]>`
    select id from playlists where owner_id = ${userId} and kind = 'watch_later'`;
  return row.id;
}

/** What a new playlist or a change says. */
export interface PlaylistFields {
  title: string;
  description?: string;
  visibility?: PlaylistPrivacy;
}

/** A new custom playlist; past PLAYLIST_LIMITS.perUser a ConflictError (409). */
export async function createPlaylist(
  sql: Sql,
  ownerId: string,
  fields: PlaylistFields,
): Promise<string> {
  return await sql.begin(async (tx) => {
    // One creation per user at a time, so that two racing requests cannot pass the cap.
    await tx`select pg_advisory_xact_lock(hashtextextended(${`playlists:${ownerId}`}, 0))`;
    const [{ n }] = await tx<{ n: number }[]>`
      select count(*)::int as n from playlists where owner_id = ${ownerId} and kind = 'custom'`;
    if (n >= PLAYLIST_LIMITS.perUser) {
      throw new ConflictError(`You can have at most ${PLAYLIST_LIMITS.perUser} playlists.`, {
        details: { limit: PLAYLIST_LIMITS.perUser },
      });
    }
    const [row] = await tx<{ id: string }[]>`
      insert into playlists (owner_id, title, description, privacy)
      values (${ownerId}, ${fields.title}, ${fields.description ?? ""},
        ${fields.visibility ?? "private"})
      returning id`;
    return row.id;
  });
}

/** Changes a playlist's title, description or privacy; Watch later refuses (409). */
export async function updatePlaylist(
  sql: Sql,
  playlist: Playlist,
  patch: Partial<PlaylistFields>,
): Promise<void> {
  if (playlist.kind === "watch_later") {
    throw new ConflictError("Watch later cannot be renamed, described or shared.");
  }
  await sql`update playlists set
    title = coalesce(${patch.title ?? null}, title),
    description = coalesce(${patch.description ?? null}, description),
    privacy = coalesce(${patch.visibility ?? null}, privacy),
    updated_at = now()
    where id = ${playlist.id}`;
}

/** Deletes a playlist and its items; Watch later refuses (409). */
export async function deletePlaylist(sql: Sql, playlist: Playlist): Promise<void> {
  if (playlist.kind === "watch_later") throw new ConflictError("Watch later cannot be deleted.");
  await sql`delete from playlists where id = ${playlist.id}`;
}

/** A user's own playlists (Watch later first, then newest change first) and whether each holds a video. */
export async function listOwnPlaylists(
  sql: Sql,
  options: { user: NonNullable<Viewer>; contains?: string },
): Promise<(Playlist & { contains: boolean })[]> {
  await ensureWatchLater(sql, options.user.id);
  const rows = await sql<(Omit<Playlist, "videoCount"> & { contains: boolean })[]>`
    select ${playlistColumns(sql)},
      ${
    options.contains
      ? sql`exists (select 1 from playlist_items i
          where i.playlist_id = p.id and i.video_id = ${options.contains})`
      : sql`false`
  } as contains
    from playlists p join users u on u.id = p.owner_id
    where p.owner_id = ${options.user.id}
    order by p.kind = 'watch_later' desc, p.updated_at desc, p.id desc
    limit ${PLAYLIST_LIMITS.perUser + 1}`;
  return await withCounts(sql, rows, options.user);
}

// The cursor holds milliseconds; comparing at the column's microseconds would skip rows.
const MS = (sql: Sql) => sql`date_trunc('milliseconds', p.updated_at)`;

/** A page of one user's public playlists (a channel), newest change first. */
export async function listPublicPlaylists(
  sql: Sql,
  options: { ownerId: string; viewer: Viewer; limit: number; cursor?: string },
): Promise<{ playlists: Playlist[]; nextCursor: string | null }> {
  const after = options.cursor ? decodeCursor(options.cursor, "newest") : undefined;
  const rows = await sql<Omit<Playlist, "videoCount">[]>`
    select ${playlistColumns(sql)}
    from playlists p join users u on u.id = p.owner_id
    where p.owner_id = ${options.ownerId} and p.privacy = ${"public"} and u.deleted_at is null
      ${after?.sort === "newest" ? sql`and (${MS(sql)}, p.id) < (${after.at}, ${after.id})` : sql``}
    order by ${MS(sql)} desc, p.id desc
    limit ${options.limit + 1}`;
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    playlists: await withCounts(sql, page, options.viewer),
    nextCursor: rows.length > options.limit && last
      ? encodeCursor({ sort: "newest", at: last.updatedAt, id: last.id })
      : null,
  };
}
