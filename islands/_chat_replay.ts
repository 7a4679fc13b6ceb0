import { useEffect, useRef, useState } from "preact/hooks";
import type { ChatMessage } from "../lib/shared/chat.ts";

/**
 * The DOM event a player (or a test, or another window's bridge) dispatches on
 * `document` to drive the chat replay: `detail.ms` is the recording's current
 * position in milliseconds. Any <video>'s `timeupdate` and `seeked` on the page
 * drive it too (heard on `document` in the capture phase), so the player needs
 * no change to feed the replay beside it.
 */
export const CHAT_TIME_EVENT = "vf-chat-time";

/** Messages kept on screen in replay. */
const SHOWN = 200;
/** A seek further than this past what is loaded reloads from there instead of paging. */
const JUMP_MS = 60_000;

/** The page's playback position in ms (from CHAT_TIME_EVENT or any video's timeupdate). */
export function useReplayClock(enabled: boolean): number {
  const [ms, setMs] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const onVideo = (e: Event) => {
      if (e.target instanceof HTMLMediaElement) setMs(Math.floor(e.target.currentTime * 1000));
    };
    const onTime = (e: Event) => {
      const v = (e as CustomEvent<{ ms?: unknown }>).detail?.ms;
      if (typeof v === "number" && Number.isFinite(v) && v >= 0) setMs(Math.floor(v));
    };
    document.addEventListener("timeupdate", onVideo, true);
    document.addEventListener("seeked", onVideo, true);
    document.addEventListener(CHAT_TIME_EVENT, onTime);
    return () => {
      document.removeEventListener("timeupdate", onVideo, true);
      document.removeEventListener("seeked", onVideo, true);
      document.removeEventListener(CHAT_TIME_EVENT, onTime);
    };
  }, [enabled]);
  return ms;
}

interface Loaded {
  fromMs: number;
  messages: ChatMessage[];
  nextCursor: number | null;
}

/**
 * The recorded chat up to `ms` (the player's position): pages of
 * /api/v1/videos/:id/chat/replay fetched as the position passes what is
 * loaded, reloaded from near the position after a long seek. Answers the
 * latest messages at or before `ms`.
 */
export function useChatReplay(videoId: string, ms: number, enabled = true): ChatMessage[] {
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const busy = useRef(false);
  useEffect(() => {
    if (!enabled || busy.current) return;
    const coveredTo = !loaded
      ? -1
      : loaded.nextCursor === null
      ? Infinity
      : loaded.messages.at(-1)?.offsetMs ?? loaded.fromMs;
    const jump = !loaded || ms < loaded.fromMs || ms > coveredTo + JUMP_MS;
    if (!jump && ms <= coveredTo) return;
    const fromMs = jump ? Math.max(0, ms - JUMP_MS) : loaded!.fromMs;
    const cursor = jump ? 0 : loaded!.nextCursor!;
    busy.current = true;
    fetch(`/api/v1/videos/${videoId}/chat/replay?fromMs=${fromMs}&cursor=${cursor}&limit=200`)
      .then((r) => r.ok ? r.json() : Promise.reject(new Error(String(r.status))))
      .then((page: { messages: ChatMessage[]; nextCursor: number | null }) => {
        setLoaded((prev) => ({
          fromMs,
          messages: jump || !prev ? page.messages : [...prev.messages, ...page.messages],
          nextCursor: page.nextCursor,
        }));
      })
      .catch(() => {})
      .finally(() => busy.current = false);
  }, [videoId, ms, enabled, loaded]);
  if (!loaded) return [];
  const upTo = loaded.messages.filter((m) => m.offsetMs <= ms);
  return upTo.slice(-SHOWN);
}
