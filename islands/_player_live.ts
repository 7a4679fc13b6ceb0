/**
 * The player's live mode (a stream on air): hls.js tuned for low latency, the
 * stream's state and viewer count from its event stream, whether playback is
 * behind the live edge ("jump to live"), and the measured latency (wall clock
 * minus the playing frame's EXT-X-PROGRAM-DATE-TIME) in the player's
 * `data-live-latency-ms`, which the live benchmark reads.
 */
import { useEffect, useState } from "preact/hooks";
import type { RefObject } from "preact";
import { isOnAir, STREAM_LABELS, type StreamState } from "../lib/shared/live_states.ts";
import type { Stream } from "./_hls_loader.ts";

/**
 * hls.js settings for live: start and stay 1.25 segments behind the edge
 * (2.5 s of 2 s segments, 1.25 s in low-latency mode), speed up a little
 * (≤ 1.1×) to catch up instead of jumping, and jump only when more than 4
 * segments behind.
 */
export const LIVE_HLS_CONFIG: Record<string, unknown> = {
  lowLatencyMode: true,
  liveSyncDurationCount: 1.25,
  liveMaxLatencyDurationCount: 4,
  maxLiveSyncPlaybackRate: 1.1,
  backBufferLength: 30,
  maxBufferLength: 10,
};

/** Behind the edge by more than this (seconds): offer "jump to live". */
const BEHIND_S = 6;

/** The live mode's state for the player's controls. */
export interface PlayerLive {
  /** hls.js settings (undefined: not a live stream). */
  hlsConfig?: Record<string, unknown>;
  /** Undefined when the video is not a live stream. */
  state?: StreamState;
  label: string;
  /** On air and not reconnecting. */
  onAir: boolean;
  viewers: number;
  behind: boolean;
  jumpToLive(): void;
}

/** The live mode for `videoId` when `live` is set (a stream not yet ended); inert otherwise. */
export function usePlayerLive(
  refs: {
    video: RefObject<HTMLVideoElement>;
    box: RefObject<HTMLElement>;
    stream: RefObject<Stream | undefined>;
  },
  live: { videoId: string; state: StreamState } | undefined,
): PlayerLive {
  const [state, setState] = useState<StreamState | undefined>(live?.state);
  const [viewers, setViewers] = useState(0);
  const [behind, setBehind] = useState(false);
  useEffect(() => {
    if (!live) return;
    const source = new EventSource(`/api/v1/streams/${live.videoId}/events`);
    source.addEventListener("status", (e) => {
      const data = JSON.parse((e as MessageEvent).data);
      setState(data.state);
      setViewers(data.viewers ?? 0);
    });
    const timer = setInterval(() => {
      const v = refs.video.current;
      if (!v || v.seekable.length === 0) return;
      const edge = v.seekable.end(v.seekable.length - 1);
      setBehind(!v.paused && edge - v.currentTime > BEHIND_S);
      const date = refs.stream.current?.playingDate?.();
      if (date && refs.box.current) {
        refs.box.current.dataset.liveLatencyMs = String(Date.now() - date.getTime());
      }
    }, 1000);
    return () => (source.close(), clearInterval(timer));
  }, [live?.videoId]);
  return {
    hlsConfig: live ? LIVE_HLS_CONFIG : undefined,
    state: live ? state : undefined,
    label: state ? STREAM_LABELS[state] : "",
    onAir: !!state && isOnAir(state) && state !== "reconnecting",
    viewers,
    behind,
    jumpToLive() {
      const v = refs.video.current;
      if (!v || v.seekable.length === 0) return;
      v.currentTime = Math.max(0, v.seekable.end(v.seekable.length - 1) - 2.5);
      void v.play().catch(() => {});
    },
  };
}
