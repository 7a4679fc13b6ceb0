import { useEffect, useRef, useState } from "preact/hooks";
import {
  FOCUS_ATTR,
  FOCUS_IDLE_MS,
  FOCUS_MIN_SESSION_S,
  FocusTracker,
} from "../lib/shared/focus.ts";
import { PLAYER_ENDED_EVENT } from "../lib/shared/player_events.ts";
import { type ExtraPlayerEvent, PLAYER_ANALYTICS_EVENT } from "../lib/shared/analytics_events.ts";
import { csrfHeaders } from "./_csrf.ts";

/** Where a focus session is stored (routes/api/v1/focus.ts). */
const REPORT_URL = "/api/v1/focus-sessions";

/** The page's root element (only in the browser: the island also renders on the server). */
const html = () => document.documentElement;

interface Session {
  tracker: FocusTracker;
  clientId: string;
}

/**
 * Focus mode on the watch page (docs/DESIGN.md, "Focus mode and metrics"):
 * `<html data-focus="on">` while it is on, which the stylesheet turns into
 * the video alone on a dimmed page; "idle" after FOCUS_IDLE_MS without a
 * pointer movement, touch or key, which hides the cursor, the controls and
 * the toggle. Esc exits. Each session's interruptions (tab hidden, window
 * left) are tracked and, for a signed-in viewer (`record`), reported when it
 * ends: on exit and on pagehide. A keepalive fetch rather than sendBeacon: it
 * outlives the page the same way and can carry the CSRF header.
 */
export function useFocusMode(
  options: { videoId: string; record: boolean; autoStart: boolean },
): { on: boolean; toggle: () => void } {
  const [on, setOn] = useState(false);
  const session = useRef<Session | undefined>(undefined);

  function begin() {
    const tracker = new FocusTracker(Date.now());
    if (document.visibilityState === "hidden") tracker.away("hidden", Date.now());
    session.current = { tracker, clientId: crypto.randomUUID() };
    toAnalytics({ kind: "focus_start" });
  }

  /** Ends the session under way and reports it; focus mode itself may stay on. */
  function end() {
    const s = session.current;
    session.current = undefined;
    if (!s) return;
    const report = s.tracker.finish({ clientId: s.clientId, videoId: options.videoId }, Date.now());
    // The playback session's aggregate counts it for everyone (the analytics hook honours DNT).
    toAnalytics({ kind: "focus_end", value: report.hiddenCount + report.blurCount });
    if (!options.record) return;
    if (Date.parse(report.endedAt) - s.tracker.startedAt < FOCUS_MIN_SESSION_S * 1000) return;
    void fetch(REPORT_URL, {
      method: "POST",
      keepalive: true,
      headers: { "Content-Type": "application/json", ...csrfHeaders() },
      body: JSON.stringify(report),
    }).catch(() => {});
  }

  function enter() {
    if (session.current) return;
    begin();
    html().setAttribute(FOCUS_ATTR, "on");
    setOn(true);
  }

  function exit() {
    end();
    html().removeAttribute(FOCUS_ATTR);
    setOn(false);
  }

  useEffect(() => {
    if (options.autoStart) enter();
    return () => html().removeAttribute(FOCUS_ATTR);
  }, []);

  useEffect(() => {
    if (!on) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wake = () => {
      clearTimeout(timer);
      if (html().getAttribute(FOCUS_ATTR) === "idle") html().setAttribute(FOCUS_ATTR, "on");
      timer = setTimeout(() => html().setAttribute(FOCUS_ATTR, "idle"), FOCUS_IDLE_MS);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) {
        e.preventDefault();
        exit();
      } else wake();
    };
    const onVisibility = () => {
      const t = session.current?.tracker;
      if (document.visibilityState === "hidden") t?.away("hidden", Date.now());
      else t?.back("hidden", Date.now());
    };
    const onBlur = () => session.current?.tracker.away("blur", Date.now());
    const onFocus = () => session.current?.tracker.back("blur", Date.now());
    const onEnded = () => session.current && (session.current.tracker.completed = true);
    // Leaving the page ends the session; coming back from the back/forward cache starts one.
    const onPageShow = (e: PageTransitionEvent) => e.persisted && !session.current && begin();
    // Every listener goes with one abort when focus mode ends.
    const stop = new AbortController();
    const { signal } = stop;
    for (const name of ["pointermove", "pointerdown", "wheel", "touchstart"]) {
      document.addEventListener(name, wake, { passive: true, signal });
    }
    document.addEventListener("keydown", onKey, { signal });
    document.addEventListener("visibilitychange", onVisibility, { signal });
    document.addEventListener(PLAYER_ENDED_EVENT, onEnded, { signal });
    addEventListener("blur", onBlur, { signal });
    addEventListener("focus", onFocus, { signal });
    addEventListener("pagehide", end, { signal });
    addEventListener("pageshow", onPageShow, { signal });
    wake();
    return () => {
      clearTimeout(timer);
      stop.abort();
    };
  }, [on]);

  return { on, toggle: () => on ? exit() : enter() };
}

/**
 * Adds a focus event to the playback session of the page's player
 * (islands/_player_analytics.ts listens for PLAYER_ANALYTICS_EVENT on it).
 */
function toAnalytics(event: ExtraPlayerEvent) {
  const video = document.querySelector("video");
  if (!video) return;
  const pos = Number.isFinite(video.currentTime) ? video.currentTime : undefined;
  video.dispatchEvent(
    new CustomEvent(PLAYER_ANALYTICS_EVENT, { bubbles: true, detail: { ...event, pos } }),
  );
}
