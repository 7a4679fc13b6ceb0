/** Request and response shapes of the playlists and history APIs (OpenAPI and validation). */
import { z } from "zod";
import { PLAYLIST_LIMITS, PLAYLIST_PRIVACIES } from "../../../lib/playlists/mod.ts";
import { plain } from "../../_video_schemas.ts";

/** A video as a list shows it (playlists, history). */
export const cardSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  durationS: z.number().nullable(),
  posterUrl: z.string().nullable(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  viewCount: z.number(),
  publishedAt: z.iso.datetime(),
  category: z.object({ slug: z.string(), name: z.string() }).nullable(),
  premium: z.boolean().optional().meta({ description: "Premium-only: members play it." }),
}).meta({ id: "VideoCard" });

/** A playlist as the caller sees it. */
export const playlistSchema = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  kind: z.enum(["custom", "watch_later"]),
  title: z.string(),
  description: z.string(),
  visibility: z.enum(PLAYLIST_PRIVACIES),
  videoCount: z.number().int().meta({ description: "Members the caller may see." }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}).meta({ id: "Playlist" });

/** A member of a playlist. */
export const playlistItemSchema = cardSchema.extend({
  position: z.number().int().meta({ description: "Sort key; only the order is meaningful." }),
}).meta({ id: "PlaylistItem" });

const title = z.string().trim().min(1, "Give the playlist a name.")
  .max(PLAYLIST_LIMITS.titleChars)
  .refine(plain, "The name contains characters that are not allowed.");
const description = z.string().max(PLAYLIST_LIMITS.descriptionChars).refine(
  (s) => plain(s.replace(/[\n\t\r]/g, "")),
  "The description contains characters that are not allowed.",
);

/** POST /api/v1/playlists. */
export const createPlaylistBody = z.object({
  title,
  description: description.optional(),
  visibility: z.enum(PLAYLIST_PRIVACIES).optional(),
}).strict();

/** PATCH /api/v1/playlists/:id. */
export const updatePlaylistBody = createPlaylistBody.partial().strict();

/** POST /api/v1/playlists/:id/items. */
export const addItemBody = z.object({ videoId: z.uuid() }).strict();

/** PUT /api/v1/playlists/:id/items/:videoId/position. */
export const moveItemBody = z.object({
  afterVideoId: z.uuid().nullable().meta({
    description: "Place the video right after this member; null puts it first.",
  }),
}).strict();

/** A page cursor in a query. */
export const cursorQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
