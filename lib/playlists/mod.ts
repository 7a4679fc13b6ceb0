/**
 * Playlists: custom ones (public, unlisted, private) and each user's built-in
 * "Watch later". Members are shown only as far as viewableSql() allows the
 * viewer (lib/videos/access.ts); see docs/DESIGN.md "Community: playlists and history".
 */
export * from "./types.ts";
export * from "./playlists.ts";
export * from "./items.ts";
export * from "./watch_context.ts";
