/**
 * What a live page follows: the stream's state (read at most once a second per
 * stream and process, however many viewers ask) and how many are watching:
 * each web process counts its open live event streams per stream and writes
 * that count to KV under its own id every few seconds (expiring), and the
 * total is the sum over processes, so several instances agree.
 */
import type { Sql } from "../db/mod.ts";
import type { StreamState } from "../shared/live_states.ts";

/** A stream's public status. */
export interface LiveStatus {
  state: StreamState;
  videoStatus: string;
  scheduledAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
}

const STATUS_TTL_MS = 1000;
const statusCache = new Map<string, { at: number; value: LiveStatus | undefined }>();

/** A stream's status (cached for a second: one query per stream and process, not per viewer). */
export async function liveStatus(sql: Sql, videoId: string): Promise<LiveStatus | undefined> {
  const hit = statusCache.get(videoId);
  if (hit && Date.now() - hit.at < STATUS_TTL_MS) return hit.value;
  const [row] = await sql<LiveStatus[]>`
    select s.state, v.status as "videoStatus", s.scheduled_at as "scheduledAt",
      s.started_at as "startedAt", s.ended_at as "endedAt"
    from live_streams s join videos v on v.id = s.video_id where s.video_id = ${videoId}`;
  if (statusCache.size > 10_000) statusCache.clear();
  statusCache.set(videoId, { at: Date.now(), value: row });
  return row;
}

const PROCESS_ID = crypto.randomUUID();
const COUNT_TTL_MS = 15_000;

/** This process's watchers per stream, mirrored to KV for the total across processes. */
export class ViewerCounter {
  readonly #kv: Deno.Kv;
  readonly #open = new Map<string, number>();

  constructor(kv: Deno.Kv) {
    this.#kv = kv;
  }

  /** One more watcher of `videoId` here; call the answer when they leave. */
  async join(videoId: string): Promise<() => Promise<void>> {
    this.#open.set(videoId, (this.#open.get(videoId) ?? 0) + 1);
    await this.#publish(videoId);
    let left = false;
    return async () => {
      if (left) return;
      left = true;
      this.#open.set(videoId, (this.#open.get(videoId) ?? 1) - 1);
      await this.#publish(videoId).catch(() => {});
      if (!this.#open.get(videoId)) this.#open.delete(videoId);
    };
  }

  /** Re-publishes this process's count (call every few seconds while streams are open). */
  async refresh(videoId: string): Promise<void> {
    await this.#publish(videoId);
  }

  /** Watchers of `videoId` over every process. */
  async total(videoId: string): Promise<number> {
    let n = 0;
    for await (
      const e of this.#kv.list<number>({ prefix: ["live_viewers", videoId] }, { limit: 1000 })
    ) {
      n += e.value;
    }
    return n;
  }

  async #publish(videoId: string): Promise<void> {
    await this.#kv.set(["live_viewers", videoId, PROCESS_ID], this.#open.get(videoId) ?? 0, {
      expireIn: COUNT_TTL_MS,
    });
  }
}

/** What the watch page hands the live islands: a stream not yet ended (else undefined). */
export interface LiveWatch {
  videoId: string;
  state: StreamState;
  scheduledAt: string | null;
  startedAt: string | null;
}

/** The live props of a video's watch page, when the video is a stream that has not ended. */
export async function liveWatchProps(sql: Sql, videoId: string): Promise<LiveWatch | undefined> {
  const s = await liveStatus(sql, videoId);
  if (!s || s.state === "ended") return undefined;
  return {
    videoId,
    state: s.state,
    scheduledAt: s.scheduledAt?.toISOString() ?? null,
    startedAt: s.startedAt?.toISOString() ?? null,
  };
}
