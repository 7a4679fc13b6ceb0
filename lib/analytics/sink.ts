/**
 * Where accepted events go. Ingest only knows the EventSink interface, so a
 * column store (ClickHouse, as the seed suggests) could take the raw events
 * later; the one sink built and tested is Postgres (daily partitions).
 */
import type { Sql } from "../db/mod.ts";
import type { PlayerEvent } from "../shared/analytics_events.ts";
import type { SessionDims } from "./context.ts";
import { ensurePartitions, utcDay } from "./partitions.ts";

/** A session as first seen. */
export interface SessionRecord extends SessionDims {
  id: string;
  videoId: string;
  /** Hashed viewer id, or null (Do-Not-Track / Global Privacy Control). */
  viewer: string | null;
}

/** What a sink did with one batch. */
export interface AppendResult {
  /** Events stored for the first time. */
  stored: number;
  /** Events already stored (a replayed or overlapping batch). */
  duplicates: number;
  /** Events refused: the session belongs to another video, or it is full. */
  refused: number;
}

/** Stores raw events, exactly once per (session, seq). */
export interface EventSink {
  append(session: SessionRecord, events: PlayerEvent[]): Promise<AppendResult>;
}

/** The most events one session may store (about 4 hours of progress reports, and then some). */
export const MAX_SESSION_EVENTS = 5_000;

/**
 * The Postgres sink: the session row is upserted and decides the partition
 * (its first day); events are inserted with ON CONFLICT DO NOTHING on
 * (day, session, seq), so replays and out-of-order batches are counted once.
 */
export class PostgresEventSink implements EventSink {
  constructor(private sql: Sql) {}

  async append(session: SessionRecord, events: PlayerEvent[]): Promise<AppendResult> {
    const today = utcDay(Date.now());
    await ensurePartitions(this.sql, today);
    return await this.sql.begin(async (tx) => {
      const [row] = await tx<{ videoId: string; day: string; events: number }[]>`
        insert into analytics_sessions (id, video_id, day, viewer, device, browser, os, source, region)
        values (${session.id}, ${session.videoId}, ${today}, ${session.viewer}, ${session.device},
                ${session.browser}, ${session.os}, ${session.source}, ${session.region})
        on conflict (id) do update set last_seen_at = now()
        returning video_id as "videoId", day::text as day, events`;
      if (row.videoId !== session.videoId) {
        return { stored: 0, duplicates: 0, refused: events.length };
      }
      const room = Math.max(0, MAX_SESSION_EVENTS - row.events);
      const take = events.slice(0, room);
      if (take.length === 0) return { stored: 0, duplicates: 0, refused: events.length };
      const rows = take.map((e) => ({
        day: row.day,
        session_id: session.id,
        seq: e.seq,
        video_id: session.videoId,
        kind: e.kind,
        at: new Date(e.at),
        pos: e.pos ?? null,
        from_s: e.from ?? null,
        to_s: e.to ?? null,
        value: e.value ?? null,
        detail: e.detail ?? null,
      }));
      const inserted = await tx`
        insert into analytics_events ${tx(rows)} on conflict do nothing returning seq`;
      if (inserted.length > 0) {
        await tx`update analytics_sessions set events = events + ${inserted.length}
          where id = ${session.id}`;
      }
      return {
        stored: inserted.length,
        duplicates: take.length - inserted.length,
        refused: events.length - take.length,
      };
    });
  }
}
