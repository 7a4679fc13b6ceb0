/**
 * Live streams as their owners manage them: create (a video row in
 * live_scheduled plus its live_streams row), list, edit, rotate the key.
 * Going on air, ending and the recording are lib/live/session.ts and
 * lib/live/finish.ts. Docs: docs/DESIGN.md, "Live streaming".
 */
import type { Sql } from "../db/mod.ts";
import { ConflictError, LimitError, NotFoundError } from "../errors.ts";
import { STREAM, type StreamState } from "../shared/live_states.ts";
import { STATE } from "../videos/lifecycle.ts";
import { hashStreamKey, keyHint, newStreamKey } from "./keys.ts";
import { queueReminder } from "./reminders.ts";

/** A stream as its owner sees it (never its key). */
export interface LiveStream {
  videoId: string;
  ownerId: string;
  title: string;
  description: string;
  visibility: "public" | "unlisted" | "private";
  videoStatus: string;
  state: StreamState;
  keyHint: string;
  scheduledAt: Date | null;
  saveRecording: boolean;
  startedAt: Date | null;
  lastDataAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  createdAt: Date;
}

/** What a creator gives for a new stream or changes in one. */
export interface StreamInput {
  title?: string;
  description?: string;
  visibility?: "public" | "unlisted" | "private";
  scheduledAt?: Date | null;
  saveRecording?: boolean;
}

/** Streams not yet ended that one creator may have (armed keys are secrets worth bounding). */
export const MAX_OPEN_STREAMS = 20;

const COLUMNS = (sql: Sql) =>
  sql`s.video_id as "videoId", s.owner_id as "ownerId", v.title, v.description, v.visibility,
      v.status as "videoStatus", s.state, s.key_hint as "keyHint", s.scheduled_at as "scheduledAt",
      s.save_recording as "saveRecording", s.started_at as "startedAt",
      s.last_data_at as "lastDataAt", s.ended_at as "endedAt", s.end_reason as "endReason",
      s.created_at as "createdAt"`;

/** Creates a stream and its video; the answer holds the key, which is never shown again. */
export async function createStream(
  sql: Sql,
  ownerId: string,
  input: StreamInput,
): Promise<{ stream: LiveStream; key: string }> {
  const key = newStreamKey();
  const visibility = input.visibility ?? "public";
  const videoId = await sql.begin(async (tx) => {
    await tx`select id from users where id = ${ownerId} for update`;
    const [{ open }] = await tx<{ open: number }[]>`
      select count(*)::int as open from live_streams
      where owner_id = ${ownerId} and state <> ${STREAM.ended}`;
    if (open >= MAX_OPEN_STREAMS) {
      throw new LimitError(
        `You may have at most ${MAX_OPEN_STREAMS} streams that have not ended.`,
        {
          details: { limit: MAX_OPEN_STREAMS, used: open, requested: 1 },
        },
      );
    }
    const [video] = await tx<{ id: string }[]>`
      insert into videos (owner_id, title, description, visibility, status, published_at)
      values (${ownerId}, ${input.title ?? "Live stream"}, ${input.description ?? ""},
              ${visibility}, ${STATE.live_scheduled}, ${
      visibility === "public" ? new Date() : null
    })
      returning id`;
    await tx`
      insert into live_streams (video_id, owner_id, key_hash, key_hint, scheduled_at, save_recording)
      values (${video.id}, ${ownerId}, ${hashStreamKey(key)}, ${keyHint(key)},
              ${input.scheduledAt ?? null}, ${input.saveRecording ?? true})`;
    if (input.scheduledAt) await queueReminder(tx, video.id, input.scheduledAt);
    return video.id;
  });
  return { stream: (await findStream(sql, videoId))!, key };
}

/** A stream by its video id, or undefined. */
export async function findStream(sql: Sql, videoId: string): Promise<LiveStream | undefined> {
  const [row] = await sql<LiveStream[]>`
    select ${COLUMNS(sql)} from live_streams s join videos v on v.id = s.video_id
    where s.video_id = ${videoId}`;
  return row;
}

/** A stream its owner (or an admin: `asAdmin`) may change; NotFoundError otherwise. */
export async function findOwnStream(
  sql: Sql,
  videoId: string,
  viewer: { id: string; role: string },
): Promise<LiveStream> {
  const stream = await findStream(sql, videoId);
  if (!stream || (stream.ownerId !== viewer.id && viewer.role !== "admin")) {
    throw new NotFoundError("No such stream.");
  }
  return stream;
}

/** A creator's streams, newest first, a page at a time (`before`: the last page's createdAt). */
export async function listStreams(
  sql: Sql,
  ownerId: string,
  options: { limit: number; before?: Date },
): Promise<LiveStream[]> {
  return await sql<LiveStream[]>`
    select ${COLUMNS(sql)} from live_streams s join videos v on v.id = s.video_id
    where s.owner_id = ${ownerId}
      and (${options.before ?? null}::timestamptz is null or s.created_at < ${
    options.before ?? null
  })
    order by s.created_at desc limit ${options.limit}`;
}

/** Changes a stream's details; an ended stream is a video like any other (edited as one). */
export async function updateStream(
  sql: Sql,
  stream: LiveStream,
  patch: StreamInput,
): Promise<LiveStream> {
  if (stream.state === STREAM.ended) {
    throw new ConflictError("This stream has ended; edit its video instead.");
  }
  await sql.begin(async (tx) => {
    await tx`
      update videos set title = coalesce(${patch.title ?? null}, title),
        description = coalesce(${patch.description ?? null}, description),
        visibility = coalesce(${patch.visibility ?? null}, visibility), updated_at = now()
      where id = ${stream.videoId}`;
    await tx`
      update live_streams set
        scheduled_at = case when ${patch.scheduledAt !== undefined} then ${
      patch.scheduledAt ?? null
    }::timestamptz
                            else scheduled_at end,
        save_recording = coalesce(${patch.saveRecording ?? null}, save_recording)
      where video_id = ${stream.videoId}`;
    if (patch.scheduledAt) await queueReminder(tx, stream.videoId, patch.scheduledAt);
  });
  return (await findStream(sql, stream.videoId))!;
}

/**
 * A new key for a stream: the old one stops working at once for new
 * connections (a publisher already on air keeps its connection).
 */
export async function rotateStreamKey(
  sql: Sql,
  stream: LiveStream,
): Promise<{ stream: LiveStream; key: string }> {
  if (stream.state === STREAM.ended) throw new ConflictError("This stream has ended.");
  const key = newStreamKey();
  await sql`update live_streams set key_hash = ${hashStreamKey(key)}, key_hint = ${keyHint(key)}
    where video_id = ${stream.videoId}`;
  return { stream: (await findStream(sql, stream.videoId))!, key };
}
