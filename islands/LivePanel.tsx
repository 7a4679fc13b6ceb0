import { useEffect, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { STREAM_LABELS, type StreamState } from "../lib/shared/live_states.ts";
import { STATE } from "../lib/shared/video_states.ts";

/** What the watch page gives the panel: a stream that is not on air yet (or not any more). */
export interface LivePanelProps {
  videoId: string;
  state: StreamState;
  scheduledAt: string | null;
}

/** "1 d 2 h" a day or more ahead, else "hh:mm:ss". */
function countdown(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s >= 86_400) return `${Math.floor(s / 86_400)} d ${Math.floor(s / 3600) % 24} h`;
  const parts = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  return parts.map((n) => String(n).padStart(2, "0")).join(":");
}

/**
 * Where the player will be: the stream's state, a countdown to a scheduled
 * start, and a reload once the stream is on air (the page then has a player).
 * Without JavaScript the server's text stays: the state and the time.
 */
function LivePanel(props: LivePanelProps) {
  const [state, setState] = useState(props.state);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const source = new EventSource(`/api/v1/streams/${props.videoId}/events`);
    source.addEventListener("status", (e) => {
      const data = JSON.parse((e as MessageEvent).data);
      setState(data.state);
      if (data.state === "streaming" && data.videoStatus === STATE.live) location.reload();
    });
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => (source.close(), clearInterval(timer));
  }, []);
  const at = props.scheduledAt ? new Date(props.scheduledAt) : undefined;
  const waiting = state === "idle";
  return (
    <div class="live-panel" role="status" aria-live="polite">
      <p class="live-panel-state">
        {waiting ? (at ? "Live soon" : "The stream has not started yet") : STREAM_LABELS[state]}
      </p>
      {waiting && at && at.getTime() > now && (
        <p class="live-panel-countdown">
          Starts in <strong>{countdown(at.getTime() - now)}</strong>
        </p>
      )}
      {waiting && at && (
        <p class="live-panel-time">
          Scheduled for <time dateTime={at.toISOString()}>{at.toUTCString()}</time>
        </p>
      )}
      {state === "reconnecting" && <p>The stream is reconnecting…</p>}
      {state === "ended" && <p>The stream has ended. Its recording will appear here.</p>}
    </div>
  );
}

export default defineIsland("LivePanel", LivePanel);
