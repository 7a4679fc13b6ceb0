import { useEffect, useRef } from "preact/hooks";
import type { RefObject } from "preact";
import {
  type EventBatch,
  EVENTS_PATH,
  type ExtraPlayerEvent,
  MAX_BATCH_EVENTS,
  PLAYER_ANALYTICS_EVENT,
  type PlayerEvent,
} from "../lib/shared/analytics_events.ts";
import { CSRF_FIELD } from "../lib/shared/cookie_names.ts";
import { csrfHeaders } from "./_csrf.ts";

/** How often watched ranges are reported and the queue is sent (ms). */
export const ANALYTICS_FLUSH_MS = 10_000;

/**
 * Reports this player's playback session to POST /api/v1/events: play,
 * pause, seek, watched ranges (every ANALYTICS_FLUSH_MS), complete, quality
 * switches, stalls, fatal errors and the startup time (the viewer's click or
 * key, else the play call, to the first frame). Batched; on pagehide (or the
 * tab hidden) the rest goes with sendBeacon. Do-Not-Track and Global Privacy
 * Control are passed on (the server then keeps aggregate counts only).
 * Previews on /studio and /admin pages report nothing.
 * `error`: the player's fatal error message, "" while none.
 */
export function usePlayerAnalytics(
  video: RefObject<HTMLVideoElement>,
  options: { videoId: string; error: string },
): void {
  const record = useRef<(e: ExtraPlayerEvent) => void>(() => {});
  useEffect(() => {
    if (options.error) record.current({ kind: "error", detail: "fatal" });
  }, [options.error]);
  useEffect(() => {
    const v = video.current;
    // A creator's or moderator's preview (studio, admin) is not an audience's view.
    if (!v || /^\/(studio|admin)\//.test(location.pathname)) return;
    const box = v.parentElement ?? v;
    const sessionId = uuid();
    const queue: PlayerEvent[] = [];
    let seq = 0;
    let range: { from: number; to: number } | null = null;
    let last = 0;
    let seekFrom: number | null = null;
    let intent: number | null = null;
    let firstFrame = false;
    let stalledAt: number | null = null;
    let height = 0;
    const push = (e: ExtraPlayerEvent) => queue.push({ ...e, seq: seq++, at: Date.now() });
    record.current = push;
    const closeRange = () => {
      if (range && range.to > range.from) push({ kind: "progress", ...round(range) });
      range = null;
    };
    const send = (beacon: boolean) => {
      if (range && range.to > range.from) {
        push({ kind: "progress", ...round(range) });
        range = { from: range.to, to: range.to };
      }
      while (queue.length > 0) {
        const body = JSON.stringify(
          { ...context(options.videoId, sessionId), events: queue.splice(0, MAX_BATCH_EVENTS) },
        );
        if (beacon && navigator.sendBeacon) {
          // A beacon cannot carry a header: the CSRF token travels as the form's field.
          const form = new FormData();
          form.set("batch", body);
          const token = csrfHeaders();
          for (const t of Object.values(token)) form.set(CSRF_FIELD, t);
          navigator.sendBeacon(EVENTS_PATH, form);
        } else {
          void fetch(EVENTS_PATH, {
            method: "POST",
            keepalive: true,
            headers: { "Content-Type": "application/json", ...csrfHeaders() },
            body,
          }).catch(() => {});
        }
      }
    };
    const now = () => performance.now();
    const handlers: Record<string, () => void> = {
      play: () => {
        intent ??= now();
        push({ kind: "play", pos: v.currentTime });
      },
      pause: () => {
        if (v.ended) return;
        closeRange();
        push({ kind: "pause", pos: v.currentTime });
      },
      seeking: () => {
        closeRange();
        seekFrom ??= last;
      },
      seeked: () => {
        if (seekFrom !== null) push({ kind: "seek", from: seekFrom, to: v.currentTime });
        seekFrom = null;
        last = v.currentTime;
      },
      timeupdate: () => {
        const t = v.currentTime;
        if (!v.paused && !v.seeking) {
          if (range && t > range.to && t - range.to < 2) range.to = t;
          else if (!range || t !== range.to) {
            closeRange();
            range = { from: t, to: t };
          }
        }
        last = t;
      },
      ended: () => {
        if (range) range.to = v.duration || range.to;
        closeRange();
        push({ kind: "complete", pos: v.duration || v.currentTime });
        send(false);
      },
      waiting: () => {
        if (!firstFrame || v.seeking || stalledAt !== null) return;
        stalledAt = now();
        push({ kind: "rebuffer_start", pos: v.currentTime });
      },
      playing: () => {
        if (!firstFrame) {
          firstFrame = true;
          push({ kind: "startup", value: Math.round(now() - (intent ?? now())) });
        }
        if (stalledAt !== null) {
          push({ kind: "rebuffer_end", value: Math.round(now() - stalledAt) });
          stalledAt = null;
        }
      },
      resize: () => {
        if (v.videoHeight && height && v.videoHeight !== height) {
          push({ kind: "quality", value: v.videoHeight });
        }
        height = v.videoHeight || height;
      },
      error: () => push({ kind: "error", detail: `media-${v.error?.code ?? 0}` }),
    };
    for (const [name, fn] of Object.entries(handlers)) v.addEventListener(name, fn);
    // The viewer's gesture starts the startup clock (the play call comes after hls.js loads).
    const gesture = () => {
      if (!firstFrame) intent ??= now();
    };
    box.addEventListener("pointerdown", gesture, true);
    box.addEventListener("keydown", gesture, true);
    const extra = (e: Event) => push((e as CustomEvent<ExtraPlayerEvent>).detail);
    box.addEventListener(PLAYER_ANALYTICS_EVENT, extra);
    const timer = setInterval(() => send(false), ANALYTICS_FLUSH_MS);
    const leave = () => send(true);
    const hidden = () => document.visibilityState === "hidden" && send(true);
    addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", hidden);
    return () => {
      clearInterval(timer);
      send(false);
      for (const [name, fn] of Object.entries(handlers)) v.removeEventListener(name, fn);
      box.removeEventListener("pointerdown", gesture, true);
      box.removeEventListener("keydown", gesture, true);
      box.removeEventListener(PLAYER_ANALYTICS_EVENT, extra);
      removeEventListener("pagehide", leave);
      document.removeEventListener("visibilitychange", hidden);
    };
  }, []);
}

function context(videoId: string, sessionId: string): Omit<EventBatch, "events"> {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  return {
    sessionId,
    videoId,
    page: location.pathname.startsWith("/embed/") ? "embed" : "watch",
    referrer: document.referrer.slice(0, 2048),
    tz: Intl.DateTimeFormat().resolvedOptions().timeZone ?? "",
    optOut: nav.doNotTrack === "1" || nav.globalPrivacyControl === true,
  };
}

function round(r: { from: number; to: number }) {
  return { from: Math.round(r.from * 100) / 100, to: Math.round(r.to * 100) / 100 };
}

/** A v4 UUID; crypto.randomUUID() exists only in secure contexts (not plain HTTP off localhost). */
function uuid(): string {
  if (typeof crypto.randomUUID === "function" && isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
