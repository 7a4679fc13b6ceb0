import type { Sql } from "../db/mod.ts";
import type postgres from "postgres";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { CARD_COLUMNS, CARD_FROM, type CardRow, toCard, type VideoCard } from "../videos/_cards.ts";
import { mayView, viewableSql, type Viewer } from "../videos/access.ts";
import { POSITION_GAP, positionBetween } from "./_positions.ts";
import { type Playlist, PLAYLIST_LIMITS } from "./types.ts";

/** A member as a card, with its place in the list. */
export type PlaylistItem = VideoCard & { position: number };

const CURSOR = /^-?\d{1,18}$/;

/**
 * A page of the members `viewer` may see, in order. The cursor is the last
 * member's position (a plain integer; anything else is a 400).
 */
export async function listItems(
  sql: Sql,
  options: {
    playlistId: string;
    viewer: Viewer;
    limit: number;
    cursor?: string;
    mediaBaseUrl?: string;
  },
): Promise<{ items: PlaylistItem[]; nextCursor: string | null }> {
  if (options.cursor !== undefined && !CURSOR.test(options.cursor)) {
    throw new ValidationError("That page link is not valid.");
  }
  type Row = CardRow & {
    position: string;
    visibility: string;
    status: string;
    playableAt: Date | null;
    accessGroupId: number | null;
  };
  const rows = await sql<Row[]>`
    select ${CARD_COLUMNS(sql)}, i.position::text as position, v.visibility, v.status,
      v.playable_at as "playableAt", v.access_group_id as "accessGroupId"
    from playlist_items i join ${CARD_FROM(sql)} on v.id = i.video_id
    where i.playlist_id = ${options.playlistId} and ${viewableSql(sql, options.viewer)}
      ${options.cursor !== undefined ? sql`and i.position > ${options.cursor}` : sql``}
    order by i.position
    limit ${options.limit + 1}`;
  const page = rows.slice(0, options.limit);
  const items = page
    // A second check of the same rule on what the database returned.
    .filter((r) => mayView(r, options.viewer))
    .map((
      { position, visibility: _v, status: _s, playableAt: _p, accessGroupId: _g, ...card },
    ) => ({
      ...toCard(card, options.mediaBaseUrl),
      position: Number(position),
    }));
  return {
    items,
    nextCursor: rows.length > options.limit ? page.at(-1)!.position : null,
  };
}

/** Runs `act` with the playlist's row locked: one writer of its items at a time. */
async function locked<T>(
  sql: Sql,
  playlistId: string,
  act: (tx: postgres.TransactionSql, itemCount: number) => Promise<T>,
): Promise<T> {
  return (await sql.begin(async (tx): Promise<T> => {
    const [p] = await tx<{ itemCount: number }[]>`
      select item_count as "itemCount" from playlists where id = ${playlistId} for update`;
    if (!p) throw new NotFoundError("No such playlist.");
    const out = await act(tx, p.itemCount);
    await tx`update playlists set updated_at = now() where id = ${playlistId}`;
    return out;
  })) as T;
}

/**
 * Appends a video `viewer` may see (NotFound otherwise); adding one already
 * there changes nothing. Past PLAYLIST_LIMITS.itemsPerPlaylist a 409.
 */
export async function addItem(
  sql: Sql,
  playlist: Playlist,
  options: { videoId: string; viewer: Viewer },
): Promise<{ added: boolean }> {
  const [video] = await sql`
    select 1 from videos v where v.id = ${options.videoId} and ${viewableSql(sql, options.viewer)}`;
  if (!video) throw new NotFoundError("No such video.");
  return await locked(sql, playlist.id, async (tx, count) => {
    const [present] = await tx`select 1 from playlist_items
      where playlist_id = ${playlist.id} and video_id = ${options.videoId}`;
    if (present) return { added: false };
    if (count >= PLAYLIST_LIMITS.itemsPerPlaylist) {
      throw new ConflictError(
        `A playlist holds at most ${PLAYLIST_LIMITS.itemsPerPlaylist} videos.`,
        { details: { limit: PLAYLIST_LIMITS.itemsPerPlaylist } },
      );
    }
    await tx`insert into playlist_items (playlist_id, video_id, position)
      select ${playlist.id}, ${options.videoId}, coalesce(max(position), 0) + ${POSITION_GAP}
      from playlist_items where playlist_id = ${playlist.id}`;
    return { added: true };
  });
}

/** Removes a member; NotFound when it is not one. */
export async function removeItem(sql: Sql, playlist: Playlist, videoId: string): Promise<void> {
  await locked(sql, playlist.id, async (tx) => {
    const gone = await tx`delete from playlist_items
      where playlist_id = ${playlist.id} and video_id = ${videoId}`;
    if (gone.count === 0) throw new NotFoundError("That video is not in this playlist.");
  });
}

/**
 * Moves a member right after `afterVideoId` (null: to the top). Writes one
 * row, unless the gap there is used up: then the playlist is renumbered
 * (POSITION_GAP apart) first, still under its row lock.
 */
export async function moveItem(
  sql: Sql,
  playlist: Playlist,
  options: { videoId: string; afterVideoId: string | null },
): Promise<void> {
  if (options.afterVideoId === options.videoId) return;
  await locked(sql, playlist.id, async (tx) => {
    const positionOf = async (videoId: string) => {
      const [r] = await tx<{ p: string }[]>`select position::text as p from playlist_items
        where playlist_id = ${playlist.id} and video_id = ${videoId}`;
      if (!r) throw new NotFoundError("That video is not in this playlist.");
      return Number(r.p);
    };
    await positionOf(options.videoId);
    for (let attempt = 0; attempt < 2; attempt++) {
      const before = options.afterVideoId ? await positionOf(options.afterVideoId) : undefined;
      const [next] = await tx<{ p: string }[]>`select position::text as p from playlist_items
        where playlist_id = ${playlist.id} and video_id <> ${options.videoId}
          ${before !== undefined ? tx`and position > ${before}` : tx``}
        order by position limit 1`;
      const target = positionBetween(before, next ? Number(next.p) : undefined);
      if (target !== undefined) {
        await tx`update playlist_items set position = ${target}
          where playlist_id = ${playlist.id} and video_id = ${options.videoId}`;
        return;
      }
      await tx`update playlist_items i set position = r.n * ${POSITION_GAP}
        from (select video_id, row_number() over (order by position) as n
          from playlist_items where playlist_id = ${playlist.id}) r
        where i.playlist_id = ${playlist.id} and i.video_id = r.video_id`;
    }
    throw new ConflictError("The playlist changed while moving; try again.");
  });
}

/**
 * Moves a member one place up (-1) or down (+1) among those `viewer` sees
 * (the no-JavaScript buttons of /p/:id); at either end nothing changes.
 */
export async function moveItemBy(
  sql: Sql,
  playlist: Playlist,
  options: { videoId: string; by: -1 | 1; viewer: Viewer },
): Promise<void> {
  const { items } = await listItems(sql, {
    playlistId: playlist.id,
    viewer: options.viewer,
    limit: PLAYLIST_LIMITS.itemsPerPlaylist,
  });
  const from = items.findIndex((x) => x.id === options.videoId);
  if (from < 0) throw new NotFoundError("That video is not in this playlist.");
  const to = from + options.by;
  if (to < 0 || to >= items.length) return;
  const rest = items.filter((x) => x.id !== options.videoId);
  await moveItem(sql, playlist, {
    videoId: options.videoId,
    afterVideoId: to === 0 ? null : rest[to - 1].id,
  });
}
