import { useEffect, useRef, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { PLAYER_ENDED_EVENT } from "../lib/shared/player_events.ts";
import type { Chapter } from "../lib/shared/chapters.ts";
import { useViewCounter } from "./_view_counter.ts";
import { useHistoryReporter } from "./_history_reporter.ts";
import { usePlayerAnalytics } from "./_player_analytics.ts";
import { Icon } from "./_icons.tsx";
import { attachStream, type Level, preloadPlayer, type Stream } from "./_hls_loader.ts";
import { actionForKey, type PlayerAction, SPEEDS, stepSpeed } from "./_player_keys.ts";
import { useIdle, usePageKeys, useTouch } from "./_player_ui.ts";
import { PlayerControls } from "./_PlayerControls.tsx";
import { usePlayerCaptions } from "./_player_captions.ts";
import { PlayerPoster, videoPoster } from "./_PlayerPoster.tsx";
import type { StartHints } from "../lib/shared/player_start.ts";

import { usePlayerLive } from "./_player_live.ts";
import { PlayerLiveBar } from "./_PlayerLiveBar.tsx";
import type { StreamState } from "../lib/shared/live_states.ts";

/** What the watch page hands the player. */
export interface PlayerProps {
  videoId: string;
  masterUrl: string;
  posterUrl: string | null;
  storyboardUrl: string | null;
  captions: { lang: string; label: string; url: string }[];
  /** The lazily loaded hls.js (light) module. */
  hlsUrl: string;
  /** Proof of a running player for the view counter. */
  viewToken: string;
  /** Key for remembering the position (per viewer), or "" for anonymous viewers. */
  resumeKey: string;
  /** Where to start (seconds, from a shared `?t=` link); wins over a remembered position. */
  startAt?: number;
  /** Where the server's watch history says this viewer stopped; wins over localStorage. */
  historyS?: number;
  /** Report the position to the watch history (signed in, history not paused). */
  recordHistory?: boolean;
  /** The length known from processing, shown before the media loads. */
  durationS?: number | null;
  /** Chapters from the description (lib/shared/chapters.ts): marks on the seek bar. */
  chapters?: Chapter[];
  /** Width ÷ height of the picture; a portrait video gets a portrait player. */
  aspect?: number | null;
  /** Where a public stream starts, fetched at once on play (islands/_player_start.ts). */
  start?: StartHints;
  /** A live stream on air (islands/_player_live.ts): low-latency settings, LIVE, viewers. */
  live?: { videoId: string; state: StreamState };
}

/** Links on the page that seek this player (the chapter list): `data-seek` in seconds. */
export const SEEK_LINK = "a[data-seek]";

/** Remembered choices (per browser). */
const STORE = {
  speed: "vf-speed",
  volume: "vf-volume",
  muted: "vf-muted",
  quality: "vf-quality",
  theatre: "vf-theatre",
};

function Player(props: PlayerProps) {
  const box = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<Stream | undefined>(undefined);
  const [started, setStarted] = useState(false);
  // The same, for listeners that outlive a render (a chapter link clicked twice quickly).
  const startedRef = useRef(false);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(props.durationS ?? 0);
  const [levels, setLevels] = useState<Level[]>([]);
  const [level, setLevel] = useState(-1);
  const [speed, setSpeed] = useState(1);
  const [muted, setMuted] = useState(false);
  const [volume, setVolume] = useState(1);
  const [theatre, setTheatre] = useState<boolean | undefined>(undefined);
  const [error, setError] = useState("");
  const { idle, poke } = useIdle(playing);
  // The latest act(), for listeners made once (page keys, touch timers).
  const actRef = useRef<(a: PlayerAction) => void>(() => {});
  const touch = useTouch({ idle, poke, act: (a: PlayerAction) => actRef.current(a) });
  useHistoryReporter(video, { videoId: props.videoId, enabled: !!props.recordHistory });
  useViewCounter(video, { ...props, onTime: setTime });
  const captions = usePlayerCaptions(video, props.captions);
  usePlayerAnalytics(video, { videoId: props.videoId, error });
  const live = usePlayerLive({ video, box, stream }, props.live);

  useEffect(() => {
    const v = video.current!;
    const savedSpeed = Number(localStorage.getItem(STORE.speed) ?? 1);
    if (SPEEDS.includes(savedSpeed)) v.playbackRate = savedSpeed;
    setSpeed(v.playbackRate);
    v.volume = Math.min(1, Math.max(0, Number(localStorage.getItem(STORE.volume) ?? 1) || 0));
    v.muted = localStorage.getItem(STORE.muted) === "1";
    setVolume(v.volume);
    setMuted(v.muted);
    // Theatre mode exists where there is a page layout to widen (not in an embed).
    const layout = box.current?.closest(".watch-layout");
    if (layout) {
      const on = localStorage.getItem(STORE.theatre) === "1";
      layout.classList.toggle("theatre", on);
      setTheatre(on);
    }
    const cancelPreload = preloadPlayer(props.hlsUrl);
    return () => (cancelPreload(), stream.current?.destroy());
  }, []);

  // Shortcuts work from anywhere on the page, not only once the player has focus.
  actRef.current = act;
  usePageKeys(box, actRef);

  // Chapter links seek here instead of reloading the page (they work as ?t= links without JS).
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.(SEEK_LINK) as HTMLAnchorElement | null;
      if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
      const t = Number(a.dataset.seek);
      if (!Number.isFinite(t) || t < 0) return;
      e.preventDefault();
      box.current?.scrollIntoView({ block: "nearest" });
      if (startedRef.current) {
        video.current!.currentTime = t;
        void video.current!.play().catch(() => {});
      } else void start(t);
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, []);

  async function start(at?: number) {
    if (startedRef.current) return;
    startedRef.current = true;
    setStarted(true);
    setError("");
    const v = video.current!;
    const remembered = props.resumeKey
      ? Number(localStorage.getItem(`vf-pos:${props.resumeKey}`) ?? 0)
      : 0;
    // A link's start time is what the sharer meant: it wins over where this viewer stopped.
    // The server's history wins (it follows the viewer across devices); localStorage is the fallback.
    const saved = props.historyS ?? remembered;
    const resume = at ?? props.startAt ?? (saved > 5 ? saved : 0);
    stream.current = await attachStream(v, {
      hlsUrl: props.hlsUrl,
      masterUrl: props.masterUrl,
      // A remembered quality starts elsewhere than the lowest rung, which the hints describe; a
      // live stream starts at its live edge, not at the first segment the hints name.
      start: props.live || localStorage.getItem(STORE.quality) ? undefined : props.start,
      startAt: props.live ? 0 : resume,
      hlsConfig: live.hlsConfig,
      onLevels(found) {
        setLevels(found);
        // The viewer's last manual choice, when this video has that height.
        const saved = Number(localStorage.getItem(STORE.quality));
        const i = found.findIndex((l) => l.height === saved);
        if (i >= 0) chooseLevel(i);
      },
      onLevelSwitched: (i) => box.current!.dataset.level = String(i),
      onFatal(message) {
        setError(message);
        stream.current = undefined;
        startedRef.current = false;
        setStarted(false);
        setPlaying(false);
      },
    });
    if (stream.current) await v.play().catch(() => {});
  }

  function retry() {
    const at = video.current?.currentTime ?? 0;
    void start(at > 0 ? at : undefined);
  }

  function act(a: PlayerAction) {
    const v = video.current!;
    poke();
    switch (a.kind) {
      case "toggle-play":
        if (!startedRef.current) return void start();
        return void (v.paused ? v.play() : v.pause());
      case "seek-by":
        v.currentTime = Math.max(0, Math.min(v.duration || 0, v.currentTime + a.seconds));
        return;
      case "seek-to-fraction":
        v.currentTime = (v.duration || 0) * a.fraction;
        return;
      case "volume-by":
        return changeVolume(v.volume + a.delta);
      case "toggle-mute":
        v.muted = !v.muted;
        setMuted(v.muted);
        localStorage.setItem(STORE.muted, v.muted ? "1" : "0");
        return;
      case "toggle-fullscreen":
        return void (document.fullscreenElement
          ? document.exitFullscreen()
          : box.current!.requestFullscreen());
      case "toggle-captions":
        return captions.toggle();
      case "speed-step":
        return changeSpeed(stepSpeed(v.playbackRate, a.direction));
    }
  }

  function changeVolume(to: number) {
    const v = video.current!;
    v.volume = Math.max(0, Math.min(1, to));
    if (v.muted && v.volume > 0) {
      v.muted = false;
      setMuted(false);
      localStorage.setItem(STORE.muted, "0");
    }
    setVolume(v.volume);
    localStorage.setItem(STORE.volume, String(v.volume));
  }

  function changeSpeed(s: number) {
    video.current!.playbackRate = s;
    setSpeed(s);
    localStorage.setItem(STORE.speed, String(s));
  }

  function chooseLevel(i: number) {
    setLevel(i);
    stream.current?.setLevel(i);
    if (i >= 0) localStorage.setItem(STORE.quality, String(levels[i]?.height ?? ""));
    else localStorage.removeItem(STORE.quality);
  }

  function toggleTheatre() {
    const on = !theatre;
    box.current?.closest(".watch-layout")?.classList.toggle("theatre", on);
    setTheatre(on);
    localStorage.setItem(STORE.theatre, on ? "1" : "0");
  }

  const portrait = !!props.aspect && props.aspect < 1;
  return (
    <div
      ref={box}
      class={portrait ? "player portrait" : "player"}
      style={portrait ? { "--player-aspect": String(props.aspect) } : undefined}
      tabIndex={0}
      data-state={playing ? "playing" : "paused"}
      data-idle={idle ? "true" : undefined}
      onPointerMove={(e) => e.pointerType === "mouse" && poke()}
      onFocusIn={poke}
      onKeyDown={(e) => {
        const a = actionForKey(e.key);
        const tag = (e.target as HTMLElement).tagName;
        if (!a || tag === "SELECT" || tag === "INPUT") return;
        e.preventDefault();
        act(a);
      }}
    >
      <video
        ref={video}
        poster={videoPoster(props.posterUrl)}
        playsInline
        preload="none"
        crossOrigin="anonymous"
        onClick={() => !touch.recent() && act({ kind: "toggle-play" })}
        onDblClick={() => !touch.recent() && act({ kind: "toggle-fullscreen" })}
        onPointerUp={touch.onPointerUp}
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() =>
          box.current?.dispatchEvent(new CustomEvent(PLAYER_ENDED_EVENT, { bubbles: true }))}
        onDurationChange={(e) => setDuration((e.target as HTMLVideoElement).duration)}
      />
      <PlayerPoster url={props.posterUrl} started={started} />
      <PlayerLiveBar live={live} />
      {!started && !error && (
        <button
          type="button"
          class="player-big-play"
          aria-label="Play"
          onClick={() => start()}
        >
          <Icon name="play" />
        </button>
      )}
      {error && (
        <div class="player-error" role="alert">
          <p>{error}</p>
          <button type="button" class="button" onClick={retry}>
            <Icon name="retry" /> Try again
          </button>
        </div>
      )}
      <PlayerControls
        playing={playing}
        time={time}
        duration={duration}
        muted={muted}
        volume={volume}
        speed={speed}
        levels={levels}
        level={level}
        captions={captions.menu}
        theatre={theatre}
        storyboardUrl={props.storyboardUrl}
        chapters={props.chapters ?? []}
        act={act}
        onSeek={(t) => video.current!.currentTime = t}
        onVolume={changeVolume}
        onSpeed={changeSpeed}
        onLevel={chooseLevel}
        onTheatre={theatre === undefined ? undefined : toggleTheatre}
        onPip={() => void video.current!.requestPictureInPicture?.().catch(() => {})}
      />
    </div>
  );
}

export default defineIsland("Player", Player);
