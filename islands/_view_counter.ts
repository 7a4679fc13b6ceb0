import { useEffect } from "preact/hooks";
import type { RefObject } from "preact";
import { csrfHeaders } from "./_csrf.ts";

/** Seconds of real playback before a view counts (the server checks its token too). */
const VIEW_AFTER_S = 5;

/**
 * Follows a <video>'s time: reports it through `onTime`, counts one view once
 * `VIEW_AFTER_S` seconds were really played (seeking does not count), and
 * remembers the position in localStorage under `resumeKey` every 5 s.
 */
export function useViewCounter(
  video: RefObject<HTMLVideoElement>,
  options: { videoId: string; viewToken: string; resumeKey: string; onTime: (t: number) => void },
): void {
  useEffect(() => {
    const v = video.current!;
    let watched = 0;
    let last = 0;
    let counted = false;
    const onTime = () => {
      options.onTime(v.currentTime);
      if (!v.paused && v.currentTime > last && v.currentTime - last < 2) {
        watched += v.currentTime - last;
      }
      last = v.currentTime;
      if (!counted && watched >= VIEW_AFTER_S) {
        counted = true;
        void fetch(`/api/v1/videos/${options.videoId}/views`, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...csrfHeaders() },
          body: JSON.stringify({ token: options.viewToken }),
        }).catch(() => {});
      }
      if (options.resumeKey && Math.floor(v.currentTime) % 5 === 0) {
        localStorage.setItem(`vf-pos:${options.resumeKey}`, String(v.currentTime));
      }
    };
    v.addEventListener("timeupdate", onTime);
    return () => v.removeEventListener("timeupdate", onTime);
  }, []);
}
