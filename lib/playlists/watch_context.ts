import type { Sql } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";
import type { Viewer } from "../videos/access.ts";
import { listItems, type PlaylistItem } from "./items.ts";
import { findPlaylist } from "./playlists.ts";
import type { Playlist } from "./types.ts";

/** How many members the watch page's panel shows. */
const PANEL_ITEMS = 200;

/** The playlist a video is being played from (`/v/:id?list=`), as the watch page shows it. */
export interface WatchPlaylist {
  playlist: Playlist;
  /** The first PANEL_ITEMS members the viewer may see. */
  items: PlaylistItem[];
  /** The index of the playing video in `items`, or -1. */
  current: number;
  /** What plays when this one ends (absent at the end of the list). */
  next?: PlaylistItem;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The playlist `?list=` names, when it is well formed and `viewer` may open
 * it; anything else is ignored (the page plays the video alone), so a stale
 * or private list link never breaks a watch page.
 */
export async function watchPlaylist(
  sql: Sql,
  options: { listId?: string; videoId: string; viewer: Viewer; mediaBaseUrl?: string },
): Promise<WatchPlaylist | undefined> {
  if (!options.listId || !UUID.test(options.listId)) return undefined;
  try {
    const playlist = await findPlaylist(sql, {
      playlistId: options.listId,
      viewer: options.viewer,
    });
    const { items } = await listItems(sql, {
      playlistId: playlist.id,
      viewer: options.viewer,
      limit: PANEL_ITEMS,
      mediaBaseUrl: options.mediaBaseUrl,
    });
    const current = items.findIndex((i) => i.id === options.videoId);
    return { playlist, items, current, next: current >= 0 ? items[current + 1] : undefined };
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}
