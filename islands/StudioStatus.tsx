import { useEffect, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { subscribe } from "./_live_events.ts";
import { hasFailed, isInProgress, isSettled, statusLabel } from "../lib/shared/video_states.ts";
import { type LiveStatus, StudioProgress } from "./_StudioProgress.tsx";

/**
 * Every display of one video's state on a studio page, from one source: the
 * badge, the progress (stage, percent, time left), the reason it failed and
 * the link to watch it. It follows the tab's live stream until processing
 * settles, so the badge cannot say "Processing" while the box says "Ready".
 * `compact` (a studio row, whose links are its own): no watch link; `live:
 * false` (rows past the tab's stream limit): the state as the page was made.
 */
function StudioStatus(
  props: { videoId: string; initial: LiveStatus; compact?: boolean; live?: boolean },
) {
  const [s, setS] = useState<LiveStatus>(props.initial);
  useEffect(() => {
    if (isSettled(props.initial.status) || props.live === false) return;
    return subscribe("status", (data) => {
      const next = data as LiveStatus & { videoId: string };
      if (next.videoId === props.videoId) setS(next);
    }, { videoId: props.videoId });
  }, []);
  const busy = isInProgress(s.status);
  return (
    <div class="studio-status" data-status={s.status} aria-live="polite">
      <p class="studio-status-line">
        <span class={`status-badge status-${s.status}`}>{statusLabel(s.status)}</span>
        {!props.compact && s.playable && !hasFailed(s.status) && (
          <a href={`/v/${props.videoId}`}>{busy ? "Watch it now" : "Watch"}</a>
        )}
      </p>
      {busy && <StudioProgress s={s} compact={props.compact} />}
      {busy && s.playable && !props.compact && (
        <p class="muted">It can be watched already; the other versions are still being made.</p>
      )}
      {hasFailed(s.status) && (
        <p class="field-error" role={props.compact ? undefined : "alert"}>
          {s.error ?? "This file could not be processed."}
        </p>
      )}
    </div>
  );
}

export default defineIsland("StudioStatus", StudioStatus);
