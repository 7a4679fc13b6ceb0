import type { LiveStatus } from "../islands/_StudioProgress.tsx";
import StudioCopyLink from "../islands/StudioCopyLink.tsx";
import StudioStatus from "../islands/StudioStatus.tsx";
import { absoluteDate, relativeDate } from "../lib/shared/dates.ts";
import { hasFailed, isInProgress, statusLabel } from "../lib/shared/video_states.ts";
import type { StudioVideo } from "../lib/studio/list.ts";
import { formatDuration } from "./VideoCard.tsx";
import { formatViews } from "./format.ts";
import { countText } from "../lib/shared/social.ts";

/** The facts line of a row: "private · 0:12 · 3 views · 1 like · 0 comments". */
export function studioFacts(v: StudioVideo): string {
  return [
    v.visibility,
    ...(v.durationS !== null ? [formatDuration(v.durationS)] : []),
    formatViews(v.viewCount),
    countText(v.likeCount, "like"),
    countText(v.commentCount, "comment"),
  ].join(" · ");
}

/** A date as the studio shows it: relative when recent, the full date and zone on hover. */
export function StudioDate(props: { at: Date; now: Date; prefix?: string }) {
  return (
    <time
      dateTime={props.at.toISOString()}
      title={absoluteDate(props.at)}
      data-local="relative"
      data-prefix={props.prefix ?? ""}
    >
      {props.prefix}
      {relativeDate(props.at, props.now)}
    </time>
  );
}

/**
 * One video of "My videos": a checkbox for the bulk form (`form` attribute:
 * rows are not inside it), the poster, title and facts, its state (live while
 * it is processing) and its actions.
 */
export function StudioRow(
  props: {
    video: StudioVideo;
    posterUrl: string | null;
    status: LiveStatus;
    now: Date;
    live: boolean;
    formId: string;
  },
) {
  const { video: v, status: s } = props;
  const title = v.title || "Untitled";
  const watchable = s.playable && !hasFailed(s.status);
  return (
    <li class="studio-row">
      <input
        class="studio-check"
        type="checkbox"
        name="ids"
        value={v.id}
        form={props.formId}
        aria-label={`Select “${title}”`}
      />
      <a class="studio-thumb" href={`/studio/videos/${v.id}`} tabIndex={-1} aria-hidden="true">
        {props.posterUrl
          ? <img src={props.posterUrl} alt="" loading="lazy" width={160} height={90} />
          : <span class="studio-thumb-empty">▶</span>}
        {v.durationS !== null && (
          <span class="studio-thumb-time">{formatDuration(v.durationS)}</span>
        )}
      </a>
      <div class="studio-row-main">
        <a class="studio-title" href={`/studio/videos/${v.id}`}>{title}</a>
        <span class="muted studio-facts">{studioFacts(v)}</span>
        <span class="muted studio-when">
          {v.publishAt
            ? <StudioDate at={v.publishAt} now={props.now} prefix="Publishes " />
            : <StudioDate at={v.publishedAt ?? v.createdAt} now={props.now} />}
        </span>
      </div>
      <div class="studio-row-status">
        {isInProgress(s.status)
          ? <StudioStatus videoId={v.id} initial={s} compact live={props.live} />
          : (
            <>
              <span class={`status-badge status-${s.status}`}>{statusLabel(s.status)}</span>
              {hasFailed(s.status) && s.error && <span class="field-error">{s.error}</span>}
            </>
          )}
      </div>
      <div class="studio-row-links">
        <a href={`/studio/videos/${v.id}`}>Edit</a>
        {watchable && <a href={`/v/${v.id}`}>Watch</a>}
        {watchable && <StudioCopyLink videoId={v.id} />}
        <a class="danger-link" href={`/studio/delete?ids=${v.id}`}>Delete</a>
      </div>
    </li>
  );
}
