/**
 * Attaches an HLS stream to a <video>: hls.js (loaded on demand) where Media
 * Source Extensions exist, the browser's own HLS elsewhere (Safari). Every
 * way it can fail ends in `onFatal` with a sentence, never a silent player.
 */

import type { StartHints } from "../lib/shared/player_start.ts";
import { prefetchingLoader, prefetchStart } from "./_player_start.ts";

/** A quality the stream offers. */
export interface Level {
  height: number;
  bitrate: number;
}

/** The attached stream. */
export interface Stream {
  /** -1 for automatic. */
  setLevel(index: number): void;
  destroy(): void;
  /** The wall-clock time of the frame playing (EXT-X-PROGRAM-DATE-TIME), when the stream has it. */
  playingDate?(): Date | null;
}

/**
 * Fetches and compiles hls.js once the page is idle, before anyone clicks
 * play, so that the click waits only for the stream (issue 18, P5: loading
 * the player code was one of the round trips after the click). Only where
 * hls.js would be used (Media Source Extensions). Returns a cancel function.
 */
export function preloadPlayer(hlsUrl: string): () => void {
  if (!("MediaSource" in window)) return () => {};
  const load = () => void import(hlsUrl).catch(() => {}); // a failure shows at play time
  if ("requestIdleCallback" in window) {
    const id = requestIdleCallback(load, { timeout: 3000 });
    return () => cancelIdleCallback(id);
  }
  const timer = setTimeout(load, 1000);
  return () => clearTimeout(timer);
}

/** Loads and attaches `masterUrl` to `video`, starting at `startAt` seconds (0: the start). */
export async function attachStream(
  video: HTMLVideoElement,
  options: {
    hlsUrl: string;
    masterUrl: string;
    startAt: number;
    /** Where a public stream starts (the page knows): fetched at once, started on. */
    start?: StartHints;
    onLevels: (levels: Level[]) => void;
    onLevelSwitched: (index: number) => void;
    onFatal: (message: string) => void;
    /** Extra hls.js settings (a live stream's low-latency tuning: islands/_player_live.ts). */
    hlsConfig?: Record<string, unknown>;
  },
): Promise<Stream | undefined> {
  // Check MSE before loading hls.js: Chromium also says "maybe" to native HLS.
  if ("MediaSource" in window) {
    // Before hls.js is even loaded: the stream's first requests go out together, now.
    const prefetched = options.start &&
      prefetchStart(options.masterUrl, options.start, { fromStart: !(options.startAt > 0) });
    let Hls;
    try {
      Hls = (await import(options.hlsUrl)).default;
    } catch {
      options.onFatal("The player could not be loaded. Check your connection and try again.");
      return undefined;
    }
    if (Hls?.isSupported()) {
      const h = new Hls({
        startPosition: options.startAt > 0 ? options.startAt : -1,
        capLevelToPlayerSize: true,
        // Start on the rung fetched ahead (the lowest); the measured bandwidth then moves it up.
        ...(prefetched
          ? { loader: prefetchingLoader(Hls.DefaultConfig.loader, prefetched), startLevel: 0 }
          : {}),
        ...options.hlsConfig,
      });
      h.on(
        Hls.Events.MANIFEST_PARSED,
        () =>
          options.onLevels(h.levels.map((l: Level) => ({ height: l.height, bitrate: l.bitrate }))),
      );
      h.on(
        Hls.Events.LEVEL_SWITCHED,
        (_: unknown, d: { level: number }) => options.onLevelSwitched(d.level),
      );
      h.on(Hls.Events.ERROR, (_: unknown, d: { fatal: boolean; details: string }) => {
        if (!d.fatal) return;
        h.destroy();
        options.onFatal(`Playback failed (${d.details}). Try again in a moment.`);
      });
      h.loadSource(options.masterUrl);
      h.attachMedia(video);
      return {
        setLevel: (i) => h.currentLevel = i,
        destroy: () => h.destroy(),
        playingDate: () => h.playingDate ?? null,
      };
    }
  }
  if (video.canPlayType("application/vnd.apple.mpegurl")) {
    video.src = options.masterUrl;
    if (options.startAt > 0) video.currentTime = options.startAt;
    video.addEventListener(
      "error",
      () => options.onFatal("Playback failed. Try again in a moment."),
      {
        once: true,
      },
    );
    return { setLevel: () => {}, destroy: () => video.removeAttribute("src") };
  }
  options.onFatal("This browser cannot play HLS video.");
  return undefined;
}
