/**
 * The video lifecycle: every state a video can be in, the transitions between
 * them, and the questions callers ask of a state. This is the one place that
 * knows; the database's check constraint (migrations/0007_lifecycle.sql)
 * holds the same set, and every status change goes through transition().
 *
 *   uploading ─▶ uploaded ─▶ processing ─▶ ready ─┬─▶ published
 *       │            │          ▲  │                ├─▶ in_review ─▶ published | rejected
 *       ▼            ▼          │  ▼                └─▶ scheduled ─▶ published
 *     failed ◀───────┴──────────┴─ failed
 *   live: live_scheduled ─▶ live ─▶ live_ended ─▶ processing (archive) …
 */
import type { Queryable } from "../db/mod.ts";
import { ConflictError, NotFoundError } from "../errors.ts";

/** Every state a video can be in. */
export const VIDEO_STATES = [
  "uploading",
  "uploaded",
  "processing",
  "ready",
  "in_review",
  "scheduled",
  "published",
  "rejected",
  "failed",
  "live_scheduled",
  "live",
  "live_ended",
] as const;

/** A video's state. */
export type VideoState = typeof VIDEO_STATES[number];

/** Which states a state may move to (a re-run of processing is allowed from most). */
const NEXT: Record<VideoState, readonly VideoState[]> = {
  uploading: ["uploaded", "failed"],
  uploaded: ["processing", "failed"],
  processing: ["processing", "ready", "in_review", "published", "failed"],
  ready: ["processing", "in_review", "scheduled", "published", "failed"],
  in_review: ["processing", "published", "rejected", "scheduled"],
  scheduled: ["processing", "published", "in_review", "ready"],
  published: ["processing", "in_review", "ready", "failed"],
  rejected: ["processing", "in_review"],
  failed: ["processing"],
  live_scheduled: ["live", "failed"],
  live: ["live_ended", "failed"],
  live_ended: ["processing", "failed"],
};

/** Whether `value` names a state. */
export function isVideoState(value: unknown): value is VideoState {
  return typeof value === "string" && (VIDEO_STATES as readonly string[]).includes(value);
}

/** Whether a video may move from `from` to `to`. */
export function canTransition(from: VideoState, to: VideoState): boolean {
  return NEXT[from].includes(to);
}

/** States whose videos appear in public lists and search (visibility decides the rest). */
export const LISTED_STATES: readonly VideoState[] = ["ready", "published"];

/** Whether videos in this state appear in listings, feeds and search. */
export function isListed(state: string): boolean {
  return (LISTED_STATES as readonly string[]).includes(state);
}

/** Whether the media edge may serve this state's bytes at all (visibility decides who). */
export function isServable(state: string): boolean {
  return !["failed", "rejected", "uploading", "uploaded"].includes(state);
}

/** Whether processing has finished for good in this state (nothing will change it by itself). */
export function isSettled(state: string): boolean {
  return ["ready", "published", "failed", "rejected", "in_review", "scheduled"].includes(state);
}

/** Whether the owner may still edit the video's details in this state. */
export function isEditable(state: string): boolean {
  return state !== "uploading" && state !== "live";
}

/** Whether processing has produced a finished master playlist in this state. */
export function isProcessed(state: string): boolean {
  return ["ready", "in_review", "scheduled", "published"].includes(state);
}

/**
 * Moves a video to `to` in one statement that only applies from a state
 * allowed to reach it (and, with `from`, only from those), so two racing
 * changes cannot both apply an illegal one. Returns the state it came from.
 * NotFoundError when there is no such video; ConflictError when the
 * transition does not apply, or undefined instead with `ifAllowed` (for
 * "move on if it is still in one of these states" updates).
 */
export async function transition(
  sql: Queryable,
  videoId: string,
  options: {
    to: VideoState;
    reason?: string | null;
    from?: readonly VideoState[];
    ifAllowed?: boolean;
  },
): Promise<VideoState | undefined> {
  const allowed = VIDEO_STATES.filter((s) => canTransition(s, options.to))
    .filter((s) => !options.from || options.from.includes(s));
  const [row] = await sql<{ from: VideoState }[]>`
    update videos v set status = ${options.to}, status_reason = ${options.reason ?? null},
      updated_at = now(),
      published_at = case when ${options.to} = 'published' then coalesce(v.published_at, now())
                          else v.published_at end
    from (select id, status from videos where id = ${videoId} for update) old
    where v.id = old.id and old.status = any(${allowed as string[]})
    returning old.status as "from"`;
  if (row) return row.from;
  const [current] = await sql<
    { status: string }[]
  >`select status from videos where id = ${videoId}`;
  if (!current) {
    if (options.ifAllowed) return undefined;
    throw new NotFoundError("No such video.");
  }
  if (options.ifAllowed) return undefined;
  throw new ConflictError(`A video that is ${current.status} cannot become ${options.to}.`, {
    details: { from: current.status, to: options.to },
  });
}
