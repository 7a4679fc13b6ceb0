import type { Sql } from "../db/mod.ts";
import { hitRateLimit } from "../rate_limit.ts";
import { sign, verify } from "../signing.ts";
import { logView } from "./view_log.ts";

/** Seconds of playback before a view counts. */
export const MIN_WATCH_SECONDS = 5;
/** One view per viewer per video within this window. */
export const VIEW_WINDOW_MS = 6 * 60 * 60 * 1000;
/**
 * At most this many views per network (IPv4 address or IPv6 /64) per video per
 * window, whoever is signed in: accounts are cheap to make, and a household or
 * an office behind one address still counts a few.
 */
export const MAX_VIEWS_PER_NETWORK = 10;

/**
 * Issues the token a player needs to count a view. It carries when it was
 * issued, so that a view can only be counted after the player has had time
 * to play for a few seconds: a bare POST without a page and player gets nothing.
 */
export function issueViewToken(
  secret: string,
  options: { videoId: string; viewerKey: string; now?: number },
): string {
  const issued = options.now ?? Math.floor(Date.now() / 1000);
  const exp = issued + VIEW_WINDOW_MS / 1000;
  const s = sign(secret, "view", {
    fields: [options.videoId, options.viewerKey, String(issued)],
    exp,
  });
  return `${issued}.${s.sig}`;
}

/**
 * Counts a view if the token is genuine, old enough, not yet used by this
 * viewer for this video in the last few hours, and the viewer's `network`
 * has not used up its views of this video for the window (the keys live in
 * KV with an expiry, shared by every web instance). A counted view is also
 * noted in the co-viewing log (lib/videos/view_log.ts). Returns whether it counted.
 */
export async function recordView(
  deps: { sql: Sql; kv: Deno.Kv; secret: string },
  options: { videoId: string; viewerKey: string; network: string; token: string; now?: number },
): Promise<"counted" | "duplicate" | "too-early" | "invalid" | "limited"> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const m = /^(\d{1,12})\.([\w-]{43})$/.exec(options.token);
  if (!m) return "invalid";
  const issued = Number(m[1]);
  const verdict = verify(deps.secret, "view", {
    fields: [options.videoId, options.viewerKey, m[1]],
    exp: issued + VIEW_WINDOW_MS / 1000,
    sig: m[2],
    now,
  });
  if (verdict !== "ok") return "invalid";
  if (now - issued < MIN_WATCH_SECONDS) return "too-early";
  const key = ["views", options.videoId, options.viewerKey];
  const claimed = await deps.kv.atomic().check({ key, versionstamp: null })
    .set(key, now, { expireIn: VIEW_WINDOW_MS }).commit();
  if (!claimed.ok) return "duplicate";
  const perNetwork = await hitRateLimit(deps.kv, `${options.videoId}|${options.network}`, {
    name: "views-network",
    limit: MAX_VIEWS_PER_NETWORK,
    windowMs: VIEW_WINDOW_MS,
  });
  if (!perNetwork.ok) return "limited";
  // One statement: the counter and the timestamped row trending reads (lib/videos/trending.ts).
  await deps.sql`
    with counted as (
      update videos set view_count = view_count + 1 where id = ${options.videoId} returning id
    )
    insert into video_view_events (video_id) select id from counted`;
  // Only counted views feed "viewers also watched": a duplicate or a bot without a player does not.
  await logView(deps.sql, {
    videoId: options.videoId,
    viewerKey: options.viewerKey,
    secret: deps.secret,
  });
  return "counted";
}
