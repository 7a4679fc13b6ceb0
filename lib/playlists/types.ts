/** Who may open a playlist (not a video's visibility: that is decided per member). */
export const PLAYLIST_PRIVACIES = ["public", "unlisted", "private"] as const;

/** public: on the owner's channel; unlisted: anyone with the link; private: the owner only. */
export type PlaylistPrivacy = (typeof PLAYLIST_PRIVACIES)[number];

/** The caps: clear 409s past them (lib/playlists/playlists.ts, items.ts). */
export const PLAYLIST_LIMITS = {
  /** Custom playlists per user (Watch later is not counted). */
  perUser: 200,
  /** Members per playlist, whoever may see them. */
  itemsPerPlaylist: 5_000,
  titleChars: 150,
  descriptionChars: 5_000,
} as const;

/** The built-in playlist's title. */
export const WATCH_LATER_TITLE = "Watch later";

/** A playlist as one viewer sees it. */
export interface Playlist {
  id: string;
  ownerId: string;
  ownerName: string;
  /** "watch_later" is the built-in one: private, never renamed or deleted. */
  kind: "custom" | "watch_later";
  title: string;
  description: string;
  visibility: PlaylistPrivacy;
  /** Members this viewer may see (a video turned private is not counted for others). */
  videoCount: number;
  createdAt: Date;
  updatedAt: Date;
}
