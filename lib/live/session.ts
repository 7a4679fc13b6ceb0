/**
 * A stream's ingest session in the database: the one publisher's lease
 * (claimed at connect, renewed while data flows, released at disconnect), the
 * segments as they are packaged, and the end. Every change is one conditional
 * statement, so two ingest processes cannot both hold a stream, and an ingest
 * that died leaves a lease that simply expires.
 */
import type { Queryable, Sql } from "../db/mod.ts";
import { ACTIVE_STREAM_STATES, STREAM, type StreamState } from "../shared/live_states.ts";
import { LIVE_MASTER_PATH, mediaKey } from "../storage/layout.ts";
import { STATE, transition } from "../videos/lifecycle.ts";
import { closeChatRoom, openChatRoom } from "../chat/rooms.ts";
import { NotFoundError } from "../errors.ts";
import { liveFinishKind } from "./finish_job.ts";
import type { LiveSegment } from "./playlist.ts";

/** What the ingest learns when a publisher is let in. */
export interface Claim {
  videoId: string;
  ownerId: string;
  /** This connection's run number (1 for the first; more after reconnects). */
  run: number;
  /** The source height the ladder was planned for (null before the first run). */
  sourceHeight: number | null;
  /** The last segment number per rung (a new run continues from there). */
  lastSeq: Record<string, number>;
}

/** Why a publisher was refused (said to the log, never to the connection). */
export type Refusal = "unknown-key" | "ended" | "busy" | "over-limit";

/**
 * Lets a publisher in on the stream whose key hashes to `keyHash`: refused
 * when no stream has that key, it has ended, another publisher holds an
 * unexpired lease, or the owner already has `maxConcurrent` streams on air.
 */
export async function claimPublisher(
  sql: Sql,
  keyHash: string,
  options: { publisherId: string; leaseMs: number; maxConcurrent: number; idleMs: number },
): Promise<Claim | Refusal> {
  return await sql.begin(async (tx): Promise<Claim | Refusal> => {
    const [s] = await tx<
      {
        videoId: string;
        ownerId: string;
        state: StreamState;
        held: boolean;
        sourceHeight: number | null;
      }[]
    >`
      select video_id as "videoId", owner_id as "ownerId", state, source_height as "sourceHeight",
        (publisher_id is not null and lease_until > now()) as held
      from live_streams where key_hash = ${keyHash} for update`;
    if (!s) return "unknown-key";
    if (s.state === STREAM.ended) return "ended";
    if (s.held) return "busy";
    const [{ onAir }] = await tx<{ onAir: number }[]>`
      select count(*)::int as "onAir" from live_streams
      where owner_id = ${s.ownerId} and video_id <> ${s.videoId}
        and state = any(${ACTIVE_STREAM_STATES as string[]})
        and (lease_until > now()
          or last_data_at > now() - ${options.idleMs}::float8 * interval '1 millisecond')`;
    if (onAir >= options.maxConcurrent) return "over-limit";
    const [row] = await tx<{ run: number }[]>`
      update live_streams set publisher_id = ${options.publisherId},
        lease_until = now() + ${options.leaseMs}::float8 * interval '1 millisecond',
        run_count = run_count + 1, last_data_at = now(),
        state = case when state = ${STREAM.idle} then ${STREAM.starting} else state end
      where video_id = ${s.videoId} returning run_count as run`;
    const seqs = await tx<{ rung: string; seq: number }[]>`
      select rung, max(seq)::int as seq from live_segments where video_id = ${s.videoId}
      group by rung`;
    return {
      videoId: s.videoId,
      ownerId: s.ownerId,
      run: row.run,
      sourceHeight: s.sourceHeight,
      lastSeq: Object.fromEntries(seqs.map((r) => [r.rung, r.seq])),
    };
  });
}

/**
 * Renews the publisher's lease and records that data flowed; answers the
 * stream's state, or undefined when this publisher no longer holds it (the
 * ingest then drops the connection). An ended stream answers `ended`.
 */
export async function renewPublisher(
  sql: Sql,
  videoId: string,
  options: { publisherId: string; leaseMs: number; dataFlowing: boolean },
): Promise<StreamState | undefined> {
  const [row] = await sql<{ state: StreamState }[]>`
    update live_streams set
      lease_until = now() + ${options.leaseMs}::float8 * interval '1 millisecond',
      last_data_at = case when ${options.dataFlowing} then now() else last_data_at end
    where video_id = ${videoId} and publisher_id = ${options.publisherId}
    returning state`;
  return row?.state;
}

/** The publisher left: the stream waits for it to come back (reconnecting) unless it ended. */
export async function releasePublisher(
  sql: Sql,
  videoId: string,
  publisherId: string,
): Promise<void> {
  await sql`
    update live_streams set publisher_id = null, lease_until = null,
      state = case when state = ${STREAM.ended} then state else ${STREAM.reconnecting} end
    where video_id = ${videoId} and publisher_id = ${publisherId}`;
}

/** Remembers the height the ladder was planned for (the first run's; later runs keep it). */
export async function setSourceHeight(sql: Sql, videoId: string, height: number): Promise<void> {
  await sql`update live_streams set source_height = coalesce(source_height, ${height})
    where video_id = ${videoId}`;
}

/**
 * Records a packaged (and stored) segment. The first one puts the stream on
 * air: the video becomes live, playable at the live master.
 */
export async function recordSegment(
  sql: Sql,
  videoId: string,
  segment: LiveSegment & { rung: string },
): Promise<void> {
  await sql`
    insert into live_segments (video_id, rung, seq, run, duration_ms, pdt, name)
    values (${videoId}, ${segment.rung}, ${segment.seq}, ${segment.run}, ${segment.durationMs},
            ${segment.pdt}, ${segment.name})
    on conflict do nothing`;
  const [moved] = await sql<{ videoId: string }[]>`
    update live_streams set state = ${STREAM.streaming}, last_data_at = now(),
      started_at = coalesce(started_at, now())
    where video_id = ${videoId} and state in (${STREAM.starting}, ${STREAM.reconnecting})
    returning video_id as "videoId"`;
  if (!moved) return;
  await sql.begin(async (tx) => {
    await transition(tx, videoId, {
      to: STATE.live,
      from: [STATE.live_scheduled],
      ifAllowed: true,
    });
    await tx`update videos set master_key = ${mediaKey(videoId, LIVE_MASTER_PATH)},
      playable_at = coalesce(playable_at, now()) where id = ${videoId}`;
    // The chat is open exactly while the stream is on air: it opens (or, after a reconnect,
    // reopens with its first opened_at, so replay offsets hold) in the same transaction.
    await openChatRoom(tx, videoId);
  });
}

/** The segments of one rung, oldest first (`last`: only the newest N). */
export async function listSegments(
  sql: Queryable,
  videoId: string,
  options: { rung: string; last?: number },
): Promise<LiveSegment[]> {
  const rows = await sql<LiveSegment[]>`
    select seq, run, duration_ms as "durationMs", pdt, name from live_segments
    where video_id = ${videoId} and rung = ${options.rung}
    order by seq desc limit ${options.last ?? 100_000}`;
  return rows.reverse();
}

/**
 * Ends a stream (its owner's stop, no data for the idle timeout, a refused
 * bitrate): the stream is ended, its video live_ended, and the recording job
 * queued. Ending twice is harmless (false the second time).
 */
export async function endStream(
  sql: Sql,
  videoId: string,
  options: { reason: string },
): Promise<boolean> {
  const ended = await sql.begin(async (tx) => {
    const [row] = await tx`
      update live_streams set state = ${STREAM.ended}, ended_at = now(), end_reason = ${options.reason}
      where video_id = ${videoId} and state <> ${STREAM.ended} returning video_id`;
    if (!row) return false;
    await transition(tx, videoId, {
      to: STATE.live_ended,
      from: [STATE.live, STATE.live_scheduled],
      ifAllowed: true,
    });
    await liveFinishKind.enqueue(tx as unknown as Sql, { videoId }, {
      dedupeKey: `live_finish:${videoId}`,
    });
    return true;
  });
  if (ended) await closeStreamChat(sql, videoId);
  return ended;
}

/**
 * Closes an ended stream's chat (no more posts; history kept for the replay). Idempotent, and
 * called again by the live_finish job, so a process that died right after ending a stream
 * leaves no chat open. A stream that never went on air has no room: nothing to close.
 */
export async function closeStreamChat(sql: Sql, videoId: string): Promise<void> {
  await closeChatRoom(sql, videoId).catch((err) => {
    if (!(err instanceof NotFoundError)) throw err;
  });
}

/**
 * Streams on air (or waiting for their encoder) that nobody has fed for
 * `idleMs` and whose publisher lease has lapsed: what the sweep ends, so that
 * nothing stays live forever, whatever became of the ingest.
 */
export async function staleStreams(sql: Sql, idleMs: number): Promise<string[]> {
  const rows = await sql<{ videoId: string }[]>`
    select video_id as "videoId" from live_streams
    where state = any(${ACTIVE_STREAM_STATES as string[]})
      and last_data_at < now() - ${idleMs}::float8 * interval '1 millisecond'
      and (lease_until is null or lease_until < now())
    limit 100`;
  return rows.map((r) => r.videoId);
}
