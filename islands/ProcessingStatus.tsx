import { useEffect, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { subscribe } from "./_live_events.ts";
import { hasFailed, isAwaitingUpload, isProcessed } from "../lib/shared/video_states.ts";
import { type LiveStatus as Status, StudioProgress } from "./_StudioProgress.tsx";

/**
 * Live processing progress for the owner. Once the video can play it reloads
 * (the watch page, into the player) or, with `reload: false` (the edit page,
 * where a reload would lose what the owner is typing), offers a link.
 */
function ProcessingStatus(props: { videoId: string; initial: Status; reload?: boolean }) {
  const [s, setS] = useState<Status>(props.initial);
  useEffect(() => {
    if (props.initial.playable || hasFailed(props.initial.status)) return;
    // The tab's shared stream (islands/_live_events.ts), which the bell uses too.
    let done = false;
    const stop = subscribe("status", (data) => {
      const next = data as Status & { videoId: string };
      if (done || next.videoId !== props.videoId) return;
      setS(next);
      if (next.playable && props.reload !== false) {
        done = true;
        location.reload();
      }
      if (hasFailed(next.status)) done = true;
    }, { videoId: props.videoId });
    return stop;
  }, []);

  if (hasFailed(s.status)) {
    return (
      <div class="processing failed" role="alert">
        <strong>Processing failed.</strong> {s.error ?? "The file could not be processed."}
      </div>
    );
  }
  if (s.playable && props.reload === false) {
    return (
      <div class="processing" data-status={s.status}>
        <p>
          {isProcessed(s.status)
            ? "Ready."
            : `Playable now; still processing (${Math.floor(s.progress)}%).`}{" "}
          <a class="button" href={`/v/${props.videoId}`}>Watch it now</a>
        </p>
      </div>
    );
  }
  return (
    <div class="processing" data-status={s.status}>
      {isAwaitingUpload(s.status)
        ? <p>Waiting for the upload to finish…</p>
        : <StudioProgress s={s} />}
    </div>
  );
}

export default defineIsland("ProcessingStatus", ProcessingStatus);
