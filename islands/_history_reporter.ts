import { useEffect } from "preact/hooks";
import type { RefObject } from "preact";
import { csrfHeaders } from "./_csrf.ts";

/** How often a playing video reports its position (ms). */
export const HISTORY_REPORT_MS = 15_000;

/**
 * For a signed-in viewer: reports the video's position to the server's watch
 * history every HISTORY_REPORT_MS while it plays, and on pause, on ending and
 * when the page is hidden or left. A keepalive fetch rather than sendBeacon:
 * it outlives the page the same way and can carry the CSRF header.
 */
export function useHistoryReporter(
  video: RefObject<HTMLVideoElement>,
  options: { videoId: string; enabled: boolean },
): void {
  useEffect(() => {
    const v = video.current;
    if (!options.enabled || !v) return;
    let lastSent = -1;
    const send = () => {
      const positionS = Math.floor(v.currentTime * 10) / 10;
      // Nothing new since the last report, or not started yet.
      if (positionS === lastSent || (lastSent < 0 && positionS === 0)) return;
      lastSent = positionS;
      void fetch(`/api/v1/history/${options.videoId}`, {
        method: "POST",
        keepalive: true,
        headers: { "Content-Type": "application/json", ...csrfHeaders() },
        body: JSON.stringify({ positionS }),
      }).catch(() => {});
    };
    const timer = setInterval(() => {
      if (!v.paused) send();
    }, HISTORY_REPORT_MS);
    const hidden = () => {
      if (document.visibilityState === "hidden") send();
    };
    v.addEventListener("pause", send);
    v.addEventListener("ended", send);
    addEventListener("pagehide", send);
    document.addEventListener("visibilitychange", hidden);
    return () => {
      clearInterval(timer);
      v.removeEventListener("pause", send);
      v.removeEventListener("ended", send);
      removeEventListener("pagehide", send);
      document.removeEventListener("visibilitychange", hidden);
    };
  }, []);
}
