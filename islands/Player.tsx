import { useEffect, useRef, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { PLAYER_ENDED_EVENT } from "../lib/shared/player_events.ts";
import { csrfHeaders } from "./_csrf.ts";
import { Icon } from "./_icons.tsx";
import {
  actionForKey,
  pageKeyAllowed,
  type PlayerAction,
  SPEEDS,
  stepSpeed,
} from "./_player_keys.ts";
import { format, SeekBar } from "./_SeekBar.tsx";
import type { Chapter } from "../lib/shared/chapters.ts";

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
  /** The length known from processing, shown before the media loads. */
  durationS?: number | null;
  /** Chapters from the description (lib/shared/chapters.ts): marks on the seek bar. */
  chapters?: Chapter[];
}

/** Links on the page that seek this player (the chapter list): `data-seek` in seconds. */
export const SEEK_LINK = "a[data-seek]";

// deno-lint-ignore no-explicit-any
type HlsInstance = any;
type Level = { height: number; bitrate: number };

function Player(props: PlayerProps) {
  const box = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const hls = useRef<HlsInstance>(null);
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
  const [captionsOn, setCaptionsOn] = useState(false);
  const [error, setError] = useState("");

  useEffect(() => {
    const v = video.current!;
    const savedSpeed = Number(localStorage.getItem("vf-speed") ?? 1);
    if (SPEEDS.includes(savedSpeed)) v.playbackRate = savedSpeed;
    setSpeed(v.playbackRate);
    v.volume = Number(localStorage.getItem("vf-volume") ?? 1);
    v.muted = localStorage.getItem("vf-muted") === "1";
    setMuted(v.muted);
    let watched = 0;
    let last = 0;
    let counted = false;
    const onTime = () => {
      setTime(v.currentTime);
      if (!v.paused && v.currentTime > last && v.currentTime - last < 2) {
        watched += v.currentTime - last;
      }
      last = v.currentTime;
      if (!counted && watched >= 5) {
        counted = true;
        void fetch(`/api/v1/videos/${props.videoId}/views`, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...csrfHeaders() },
          body: JSON.stringify({ token: props.viewToken }),
        }).catch(() => {});
      }
      if (props.resumeKey && Math.floor(v.currentTime) % 5 === 0) {
        localStorage.setItem(`vf-pos:${props.resumeKey}`, String(v.currentTime));
      }
    };
    v.addEventListener("timeupdate", onTime);
    return () => {
      v.removeEventListener("timeupdate", onTime);
      hls.current?.destroy();
    };
  }, []);

  // Shortcuts work from anywhere on the page, not only once the player has focus.
  const actRef = useRef<(a: PlayerAction) => void>(() => {});
  actRef.current = act;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || box.current?.contains(e.target as Node)) return;
      const a = actionForKey(e.key);
      if (!a || !pageKeyAllowed(e.target as Element, e)) return;
      e.preventDefault();
      actRef.current(a);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

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
    const v = video.current!;
    const remembered = props.resumeKey
      ? Number(localStorage.getItem(`vf-pos:${props.resumeKey}`) ?? 0)
      : 0;
    // A link's start time is what the sharer meant: it wins over where this viewer stopped.
    const resume = at ?? props.startAt ?? (remembered > 5 ? remembered : 0);
    // Check MSE before loading hls.js: Chromium also says "maybe" to native HLS.
    const mod = "MediaSource" in window ? await import(props.hlsUrl) : undefined;
    const Hls = mod?.default;
    if (Hls?.isSupported()) {
      const h = new Hls({ startPosition: resume > 0 ? resume : -1, capLevelToPlayerSize: true });
      hls.current = h;
      h.on(
        Hls.Events.MANIFEST_PARSED,
        () => setLevels(h.levels.map((l: Level) => ({ height: l.height, bitrate: l.bitrate }))),
      );
      h.on(
        Hls.Events.LEVEL_SWITCHED,
        (_: unknown, d: { level: number }) => box.current!.dataset.level = String(d.level),
      );
      h.on(Hls.Events.ERROR, (_: unknown, d: { fatal: boolean; details: string }) => {
        if (d.fatal) setError(`Playback failed (${d.details}).`);
      });
      h.loadSource(props.masterUrl);
      h.attachMedia(v);
    } else if (v.canPlayType("application/vnd.apple.mpegurl")) {
      v.src = props.masterUrl;
      if (resume > 0) v.currentTime = resume;
    } else {
      setError("This browser cannot play HLS video.");
      return;
    }
    await v.play().catch(() => {});
  }

  function act(a: PlayerAction) {
    const v = video.current!;
    switch (a.kind) {
      case "toggle-play":
        if (!started) return void start();
        return void (v.paused ? v.play() : v.pause());
      case "seek-by":
        v.currentTime = Math.max(0, Math.min(v.duration || 0, v.currentTime + a.seconds));
        return;
      case "seek-to-fraction":
        v.currentTime = (v.duration || 0) * a.fraction;
        return;
      case "volume-by":
        v.volume = Math.max(0, Math.min(1, v.volume + a.delta));
        localStorage.setItem("vf-volume", String(v.volume));
        return;
      case "toggle-mute":
        v.muted = !v.muted;
        setMuted(v.muted);
        localStorage.setItem("vf-muted", v.muted ? "1" : "0");
        return;
      case "toggle-fullscreen":
        return void (document.fullscreenElement
          ? document.exitFullscreen()
          : box.current!.requestFullscreen());
      case "toggle-captions":
        for (const t of Array.from(v.textTracks)) t.mode = captionsOn ? "disabled" : "showing";
        setCaptionsOn(!captionsOn && v.textTracks.length > 0);
        return;
      case "speed-step":
        return changeSpeed(stepSpeed(v.playbackRate, a.direction));
    }
  }

  function changeSpeed(s: number) {
    video.current!.playbackRate = s;
    setSpeed(s);
    localStorage.setItem("vf-speed", String(s));
  }

  function chooseLevel(i: number) {
    setLevel(i);
    if (hls.current) hls.current.currentLevel = i;
  }

  return (
    <div
      ref={box}
      class="player"
      tabIndex={0}
      data-state={playing ? "playing" : "paused"}
      onKeyDown={(e) => {
        const a = actionForKey(e.key);
        if (!a || (e.target as HTMLElement).tagName === "SELECT") return;
        e.preventDefault();
        act(a);
      }}
    >
      <video
        ref={video}
        poster={props.posterUrl ?? undefined}
        playsInline
        preload="none"
        crossOrigin="anonymous"
        onClick={() => act({ kind: "toggle-play" })}
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() =>
          box.current?.dispatchEvent(new CustomEvent(PLAYER_ENDED_EVENT, { bubbles: true }))}
        onDurationChange={(e) => setDuration((e.target as HTMLVideoElement).duration)}
      >
        {props.captions.map((c) => (
          <track key={c.lang} kind="subtitles" src={c.url} srclang={c.lang} label={c.label} />
        ))}
      </video>
      {!started && (
        <button
          type="button"
          class="player-big-play"
          aria-label="Play"
          onClick={() => start()}
        >
          <Icon name="play" />
        </button>
      )}
      {error && <p class="player-error" role="alert">{error}</p>}
      <div class="player-controls">
        <button
          type="button"
          aria-label={playing ? "Pause" : "Play"}
          onClick={() => act({ kind: "toggle-play" })}
        >
          {playing ? <Icon name="pause" /> : <Icon name="play" />}
        </button>
        <SeekBar
          time={time}
          duration={duration}
          storyboardUrl={props.storyboardUrl}
          chapters={props.chapters ?? []}
          onSeek={(t) => video.current!.currentTime = t}
        />
        <span class="player-time">{format(time)} / {format(duration)}</span>
        <button
          type="button"
          aria-label={muted ? "Unmute" : "Mute"}
          onClick={() => act({ kind: "toggle-mute" })}
        >
          {muted ? <Icon name="muted" /> : <Icon name="volume" />}
        </button>
        <select
          aria-label="Speed"
          value={String(speed)}
          onChange={(e) => changeSpeed(Number((e.target as HTMLSelectElement).value))}
        >
          {SPEEDS.map((s) => <option key={s} value={String(s)}>{s}×</option>)}
        </select>
        {levels.length > 0 && (
          <select
            aria-label="Quality"
            class="player-quality"
            value={String(level)}
            onChange={(e) => chooseLevel(Number((e.target as HTMLSelectElement).value))}
          >
            <option value="-1">Auto</option>
            {levels.map((l, i) => <option key={i} value={String(i)}>{l.height}p</option>)}
          </select>
        )}
        {props.captions.length > 0 && (
          <button
            type="button"
            aria-pressed={captionsOn}
            aria-label="Captions"
            onClick={() => act({ kind: "toggle-captions" })}
          >
            CC
          </button>
        )}
        <button
          type="button"
          aria-label="Picture in picture"
          onClick={() => video.current!.requestPictureInPicture?.().catch(() => {})}
        >
          <Icon name="pip" />
        </button>
        <button
          type="button"
          aria-label="Fullscreen"
          onClick={() => act({ kind: "toggle-fullscreen" })}
        >
          <Icon name="fullscreen" />
        </button>
      </div>
    </div>
  );
}

export default defineIsland("Player", Player);
