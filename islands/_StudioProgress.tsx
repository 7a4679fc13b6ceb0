import { stageLabel, timeLeftLabel } from "../lib/shared/processing_stage.ts";
import type { ProcessingStage } from "../lib/shared/processing_stage.ts";

/** A video's processing state as the server sends it (GET /api/v1/videos/:id, the event stream). */
export interface LiveStatus {
  status: string;
  progress: number;
  error: string | null;
  playable: boolean;
  stage?: ProcessingStage | null;
  rungs?: string[];
  etaS?: number | null;
}

/**
 * The progress of a video being processed: what it is doing, the percent and
 * the time left, over a bar. Shared by the watch page's box and the studio.
 */
export function StudioProgress(props: { s: LiveStatus; compact?: boolean }) {
  const { s } = props;
  const pct = Math.floor(s.progress);
  const stage = s.stage ? stageLabel(s.stage, s.rungs) : "Processing";
  const left = timeLeftLabel(s.etaS);
  return (
    <div class="studio-progress">
      <p class="studio-progress-text">
        <span class="studio-progress-stage">{stage}</span>
        {props.compact ? " " : " · "}
        <span class="processing-percent">{pct}%</span>
        {left && <span class="muted">{` · ${left}`}</span>}
      </p>
      <progress max={100} value={s.progress} aria-label="Processing progress" />
      {s.error && <p class="muted">Retrying: {s.error}</p>}
    </div>
  );
}
