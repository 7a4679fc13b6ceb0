/**
 * Taking in one batch of player events: per-session rate limit, the video
 * must be one the caller may see, impossible events dropped, the session's
 * dimensions and viewer id worked out, and the rest handed to the sink.
 */
import type { Sql } from "../db/mod.ts";
import { RateLimitError } from "../errors.ts";
import { hitRateLimit } from "../rate_limit.ts";
import { findVisibleVideo, type Viewer } from "../videos/access.ts";
import { deviceOf, regionOf, sourceOf } from "./context.ts";
import { type Batch, plausibleEvents } from "./schema.ts";
import type { EventSink } from "./sink.ts";
import { viewerId } from "./viewer_id.ts";

/** What ingest needs. */
export interface IngestDeps {
  sql: Sql;
  kv: Deno.Kv;
  sink: EventSink;
  secret: string;
  publicOrigin: string;
  /** Batches per session and minute (a player sends about 6, plus pauses and the last one). */
  perSessionPerMinute?: number;
}

/** What the request says about who sends the batch. */
export interface Sender {
  viewer: Viewer;
  ip: string;
  userAgent: string;
  /** A DNT: 1 or Sec-GPC: 1 header. */
  optOut: boolean;
  /** A country from a trusted CDN header, if any. */
  country?: string;
}

/** The answer to a batch. */
export interface IngestResult {
  accepted: number;
  duplicates: number;
  dropped: number;
}

/** Default for IngestDeps.perSessionPerMinute. */
export const BATCHES_PER_SESSION_MINUTE = 30;

/** Validated `batch` from `sender` → the sink; see the module comment. */
export async function ingestBatch(
  deps: IngestDeps,
  batch: Batch,
  sender: Sender,
): Promise<IngestResult> {
  const limit = await hitRateLimit(deps.kv, batch.sessionId, {
    name: "analytics-session",
    limit: deps.perSessionPerMinute ?? BATCHES_PER_SESSION_MINUTE,
    windowMs: 60_000,
  });
  if (!limit.ok) throw new RateLimitError(limit.retryAfter);
  const video = await findVisibleVideo(deps.sql, { videoId: batch.videoId, viewer: sender.viewer });
  const events = plausibleEvents(batch.events, { now: Date.now(), durationS: video.durationS });
  const dropped = batch.events.length - events.length;
  if (events.length === 0) return { accepted: 0, duplicates: 0, dropped };
  const optOut = batch.optOut || sender.optOut;
  const result = await deps.sink.append({
    id: batch.sessionId,
    videoId: video.id,
    // Beyond aggregate counts, an opted-out viewer leaves nothing: no id, no referrer host, no region.
    viewer: optOut ? null : await viewerId(deps.sql, {
      userId: sender.viewer?.id,
      ip: sender.ip,
      userAgent: sender.userAgent,
      secret: deps.secret,
    }),
    ...deviceOf(sender.userAgent),
    source: optOut
      ? sourceOf(batch.page, batch.referrer, deps).replace(/^external:.*/, "external")
      : sourceOf(batch.page, batch.referrer, deps),
    region: optOut ? "unknown" : regionOf(sender.country, batch.tz),
  }, events);
  return {
    accepted: result.stored,
    duplicates: result.duplicates,
    dropped: dropped + result.refused,
  };
}
