import { useEffect, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";

interface Status {
  status: string;
  progress: number;
  error: string | null;
  playable: boolean;
}

/** Live processing progress for the owner; reloads into the player once the video can play. */
function ProcessingStatus(props: { videoId: string; initial: Status }) {
  const [s, setS] = useState<Status>(props.initial);
  useEffect(() => {
    if (props.initial.playable || props.initial.status === "failed") return;
    const events = new EventSource(`/api/v1/videos/${props.videoId}/events`);
    events.addEventListener("status", (e) => {
      const next = JSON.parse((e as MessageEvent).data) as Status;
      setS(next);
      if (next.playable) {
        events.close();
        location.reload();
      }
      if (next.status === "failed") events.close();
    });
    return () => events.close();
  }, []);

  if (s.status === "failed") {
    return (
      <div class="processing failed" role="alert">
        <strong>Processing failed.</strong> {s.error ?? "The file could not be processed."}
      </div>
    );
  }
  const label = s.status === "uploading" ? "Waiting for the upload to finish" : "Processing";
  return (
    <div class="processing" data-status={s.status}>
      <p>
        {label}… <span class="processing-percent">{Math.floor(s.progress)}%</span>
      </p>
      <progress max={100} value={s.progress} aria-label="Processing progress" />
      {s.error && <p class="muted">Retrying: {s.error}</p>}
    </div>
  );
}

export default defineIsland("ProcessingStatus", ProcessingStatus);
