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

/**
 * The most events one session may store (about 4 hours of progress reports,
 * and then some): events numbered past it are refused, and since a number is
 * stored once, a session can never hold more.
 */
export const MAX_SESSION_EVENTS = 5_000;

/**
 * The Postgres sink. One statement per batch: the session row is upserted
 * (its first day decides the partition of all its events), and the events
 * are inserted with ON CONFLICT DO NOTHING on (day, session, seq), so replays
 * and out-of-order batches are counted once; events under a session id that
 * belongs to another video are refused.
 */
export class PostgresEventSink implements EventSink {
  constructor(private sql: Sql) {}

  async append(session: SessionRecord, events: PlayerEvent[]): Promise<AppendResult> {
    const today = utcDay(Date.now());
    await ensurePartitions(this.sql, today);
    const take = events.filter((e) => e.seq < MAX_SESSION_EVENTS);
    const rows = take.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      at: e.at,
      pos: e.pos ?? null,
      from_s: e.from ?? null,
      to_s: e.to ?? null,
      value: e.value ?? null,
      detail: e.detail ?? null,
    }));
    const [result] = await this.sql<{ videoId: string; stored: number }[]>`
      with s as (
        insert into analytics_sessions (id, video_id, day, viewer, device, browser, os, source,
                                        region)
        values (${session.id}, ${session.videoId}, ${today}, ${session.viewer}, ${session.device},
                ${session.browser}, ${session.os}, ${session.source}, ${session.region})
        on conflict (id) do update set last_seen_at = now()
        returning video_id, day
      ), ins as (
        insert into analytics_events (day, session_id, seq, video_id, kind, at, pos, from_s, to_s,
                                      value, detail)
        select s.day, ${session.id}, x.seq, s.video_id, x.kind, to_timestamp(x.at / 1000.0), x.pos,
               x.from_s, x.to_s, x.value, x.detail
        from s, jsonb_to_recordset(${this.sql.json(rows)}::jsonb) as x (seq int, kind text,
          at float8, pos real, from_s real, to_s real, value real, detail text)
        where s.video_id = ${session.videoId}
        on conflict do nothing
        returning 1
      )
      select (select video_id from s) as "videoId", (select count(*) from ins)::int as stored`;
    if (result.videoId !== session.videoId) {
      return { stored: 0, duplicates: 0, refused: events.length };
    }
    return {
      stored: result.stored,
      duplicates: take.length - result.stored,
      refused: events.length - take.length,
    };
  }
}
