/**
 * The video lifecycle: the transitions between the states that
 * lib/shared/video_states.ts names, and the questions the server asks of a
 * state. The database's check constraint (migrations/0007_lifecycle.sql) holds
 * the same set, and every status change goes through transition(). Diagram and
 * rationale: docs/DESIGN.md, "Video lifecycle".
 */
import type postgres from "postgres";
import type { Queryable, Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { VIDEO_STATES, type VideoState } from "../shared/video_states.ts";
import { mediaChanged } from "./media_changes.ts";

export * from "../shared/video_states.ts";

/**
 * Which states a state may move to. Processing may be re-run from most states
 * (an admin re-run, a changed ladder); nothing returns to `uploading`.
 */
const NEXT: Readonly<Record<VideoState, readonly VideoState[]>> = {
  uploading: ["uploaded", "failed"],
  uploaded: ["processing", "failed"],
  processing: ["processing", "ready", "in_review", "scheduled", "published", "failed"],
  ready: ["processing", "in_review", "scheduled", "published", "failed"],
  in_review: ["processing", "published", "rejected", "scheduled"],
  scheduled: ["processing", "published", "in_review", "ready"],
  published: ["processing", "in_review", "ready", "failed"],
  rejected: ["processing", "in_review"],
  // `ready` (`in_review` under review): a run that finished just after it was declared failed (an admin's
  // cancel racing its last step) leaves a complete, playable result.
  failed: ["processing", "ready", "in_review"],
  // A stream stopped before it ever went live ends too (nothing to record).
  live_scheduled: ["live", "live_ended", "failed"],
  live: ["live_ended", "failed"],
  // `uploaded`: the recording is stored as the video's source and queued like an upload.
  live_ended: ["uploaded", "processing", "failed"],
};

/** Whether a video may move from `from` to `to`. */
export function canTransition(from: VideoState, to: VideoState): boolean {
  return NEXT[from].includes(to);
}

/** The state a new video's row is created in (its upload is about to start). */
export const INITIAL_STATE: VideoState = "uploading";

/**
 * The states a (re-)run of processing moves to `processing`. A published,
 * reviewed, scheduled or rejected video keeps its state (and what it serves)
 * while a re-run replaces its outputs.
 */
export const REPROCESSED_FROM: readonly VideoState[] = [
  "uploaded",
  "processing",
  "failed",
  "ready",
];

/** States whose videos still wait for their upload (open uploads, abortable rows). */
export const AWAITING_UPLOAD_STATES: readonly VideoState[] = ["uploading"];

/** States whose declared source size does not count against the quota, unless the source is still stored. */
export const QUOTA_EXEMPT_STATES: readonly VideoState[] = ["failed", "rejected"];

/**
 * How a video is published once processed. Each video carries its own
 * (`videos.review_required`, see videoPolicy()): decided when its first
 * processing starts, from the instance's moderation policy and the uploader's
 * trust (lib/moderation/policy.ts), so that an admin switching the instance
 * policy neither hides what is already out nor releases what waits for review.
 */
export interface PublishPolicy {
  moderation: boolean;
  /**
   * A publish time is set (`videos.publish_at`): like a video under review, it
   * is listed only once published (at that time), not while it is processed.
   */
  scheduled?: boolean;
}

/** Publishing without review (the instance default: MODERATION=off). */
export const DEFAULT_POLICY: PublishPolicy = { moderation: false };
/** Publishing after review (MODERATION=pre, uploader not trusted). */
export const REVIEWED_POLICY: PublishPolicy = { moderation: true };

/**
 * A video's own policy, from its `review_required` column (`reviewRequired`)
 * and its pending publish time (`publishAt`, when the row has it).
 */
export function videoPolicy(
  video: { reviewRequired?: boolean | null; publishAt?: Date | null },
): PublishPolicy {
  const base = video.reviewRequired ? REVIEWED_POLICY : DEFAULT_POLICY;
  return video.publishAt ? { ...base, scheduled: true } : base;
}

/**
 * Where a video goes once processing has produced its final outputs:
 * `in_review` when moderation is on, `scheduled` when a future publish time is
 * set, otherwise `ready` (auto-published: listed and served at once).
 */
export function stateAfterProcessing(
  policy: PublishPolicy,
  options: { publishAt?: Date | null; now?: Date } = {},
): VideoState {
  if (policy.moderation) return "in_review";
  if (options.publishAt && options.publishAt > (options.now ?? new Date())) return "scheduled";
  return "ready";
}

/**
 * States whose videos appear in listings, feeds and search once playable
 * (visibility decides the rest). Without moderation a video is listed while its
 * ladder is still encoding (it plays from the first rendition) and stays listed
 * through a re-run; with moderation only what a moderator published is.
 */
export function listedStates(policy: PublishPolicy = DEFAULT_POLICY): readonly VideoState[] {
  return policy.moderation || policy.scheduled
    ? ["published"]
    : ["processing", "ready", "published"];
}

/** The listed states of a video published without review: `status = any(${[...LISTED_STATES]})`. */
export const LISTED_STATES: readonly VideoState[] = listedStates();

/**
 * The SQL condition for "appears in listings, feeds and search" over `videos v`:
 * a listed state under the video's own policy (listedStates() of
 * videoPolicy(): `review_required` picks the set) and a playable master
 * (visibility is the caller's to add). Lists and search both use it, so they
 * cannot disagree, and no caller needs to know the instance's policy.
 */
export function listedCondition(sql: Sql): postgres.PendingQuery<postgres.Row[]> {
  // Written as plain comparisons rather than a CASE on review_required: the same
  // rule (a reviewed video's listed states are a subset of the others'), but the
  // planner can estimate it from column statistics, which keeps its index choices
  // for search and suggestions right (a CASE gets a blind default selectivity).
  const reviewed = listedStates(REVIEWED_POLICY);
  const unreviewedOnly = listedStates(DEFAULT_POLICY).filter((s) => !reviewed.includes(s));
  // A pending publish time holds a video back like review does (videoPolicy()'s `scheduled`).
  return sql`(v.status = any(${[...reviewed]})
      or (not v.review_required and v.publish_at is null and v.status = any(${unreviewedOnly})))
    and v.playable_at is not null`;
}

/** Whether videos in this state appear in listings, feeds and search. */
export function isListed(state: string, policy: PublishPolicy = DEFAULT_POLICY): boolean {
  return (listedStates(policy) as readonly string[]).includes(state);
}

/**
 * Whether a video in this state is held back from everyone but those who
 * manage or moderate it: waiting for (or refused by) review, or, under review,
 * anything not yet published (still processing).
 */
export function isHeldForReview(state: string, policy: PublishPolicy = DEFAULT_POLICY): boolean {
  return state === "in_review" || state === "rejected" ||
    (policy.moderation && !isListed(state, policy));
}

/**
 * States in which an owner may set a publish time: before processing ends
 * (it is applied when it does), ready (it becomes `scheduled`), in review (it
 * applies on approval) and scheduled (a new time). Not once published, failed
 * or rejected, nor for live streams.
 */
export const SCHEDULABLE_STATES: readonly VideoState[] = [
  "uploading",
  "uploaded",
  "processing",
  "ready",
  "in_review",
  "scheduled",
];

/** Where a processed video goes when its owner sets a future publish time (from `ready`). */
export const SCHEDULED_FROM: readonly VideoState[] = ["ready"];

/**
 * Where a scheduled video goes when its schedule is removed without its time
 * having come: back to what it was before, auto-published (`ready`), or
 * `published` when it had been approved by a moderator.
 */
export function stateWhenUnscheduled(policy: PublishPolicy): VideoState {
  return policy.moderation ? "published" : "ready";
}

/** What a moderator's approval leads to: published now, or scheduled for a later time. */
export function stateOnApproval(options: { publishAt?: Date | null; now?: Date } = {}): VideoState {
  const later = options.publishAt && options.publishAt > (options.now ?? new Date());
  return later ? "scheduled" : "published";
}

/** States a moderator decides on (the review queue). */
export const REVIEW_STATES: readonly VideoState[] = ["in_review"];

/**
 * Who the media edge may serve a video's bytes to in this state: `anyone` its
 * visibility admits, only those who `manage` it (owner, admins: a preview while
 * in review or scheduled), or `nobody` (no media yet, failed, rejected).
 */
export function mediaAudience(
  state: string,
  policy: PublishPolicy = DEFAULT_POLICY,
): "anyone" | "managers" | "nobody" {
  if (isListed(state, policy) || state === "live" || state === "live_ended") return "anyone";
  if (["processing", "ready", "in_review", "scheduled"].includes(state)) return "managers";
  return "nobody";
}

/** Whether a video in this state may be played at all (by someone; visibility decides who). */
export function isPlayable(state: string, policy: PublishPolicy = DEFAULT_POLICY): boolean {
  return mediaAudience(state, policy) !== "nobody";
}

/** Whether the owner may still edit the video's details in this state. */
export function isEditable(state: string): boolean {
  return state !== "uploading" && state !== "live";
}

/**
 * Moves a video to `to` in one statement that only applies from a state
 * allowed to reach it (and, with `from`, only from those), under a row lock,
 * so two racing changes cannot both apply an illegal one. Pass a transaction
 * as `sql` to make it part of a larger change. Returns the state it came
 * from. NotFoundError when there is no such video; ConflictError when the
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
  if (row) {
    // Whom its media may reach changes with the state: the media edge forgets what it knew.
    mediaChanged(videoId);
    return row.from;
  }
  const [current] = await sql<
    { status: string }[]
  >`select status from videos where id = ${videoId}`;
  if (!current) throw new NotFoundError("No such video.");
  if (options.ifAllowed) return undefined;
  throw new ConflictError(`A video that is ${current.status} cannot become ${options.to}.`, {
    details: { from: current.status, to: options.to },
  });
}
