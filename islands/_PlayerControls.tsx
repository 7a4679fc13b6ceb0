import { useState } from "preact/hooks";
import type { Chapter } from "../lib/shared/chapters.ts";
import { Icon } from "./_icons.tsx";
import type { PlayerAction } from "./_player_keys.ts";
import { SPEEDS } from "./_player_keys.ts";
import { format, SeekBar } from "./_SeekBar.tsx";
import { CaptionsMenu } from "./_CaptionsMenu.tsx";
import type { CaptionMenu } from "./_player_captions.ts";

/** What the control bar shows and changes; the Player owns the state. */
export interface ControlsProps {
  playing: boolean;
  time: number;
  duration: number;
  muted: boolean;
  volume: number;
  speed: number;
  levels: { height: number }[];
  level: number;
  /** The CC menu; undefined when the video has no captions. */
  captions: CaptionMenu | undefined;
  theatre: boolean | undefined;
  storyboardUrl: string | null;
  chapters: readonly Chapter[];
  act: (a: PlayerAction) => void;
  onSeek: (t: number) => void;
  onVolume: (v: number) => void;
  onSpeed: (s: number) => void;
  onLevel: (i: number) => void;
  onTheatre?: () => void;
  onPip: () => void;
}

/**
 * The player's control bar. On a phone the seek bar takes the width and the
 * time, speed and quality move into a "More" panel, so that they stay
 * reachable instead of being hidden.
 */
export function PlayerControls(p: ControlsProps) {
  const [more, setMore] = useState(false);
  const speed = (
    <select
      aria-label="Speed"
      class="player-speed"
      value={String(p.speed)}
      onChange={(e) => p.onSpeed(Number((e.target as HTMLSelectElement).value))}
    >
      {SPEEDS.map((s) => <option key={s} value={String(s)}>{s}×</option>)}
    </select>
  );
  const quality = p.levels.length > 0 && (
    <select
      aria-label="Quality"
      class="player-quality"
      value={String(p.level)}
      onChange={(e) => p.onLevel(Number((e.target as HTMLSelectElement).value))}
    >
      <option value="-1">Auto</option>
      {p.levels.map((l, i) => <option key={i} value={String(i)}>{l.height}p</option>)}
    </select>
  );
  return (
    <div class="player-controls">
      <button
        type="button"
        aria-label={p.playing ? "Pause" : "Play"}
        onClick={() => p.act({ kind: "toggle-play" })}
      >
        {p.playing ? <Icon name="pause" /> : <Icon name="play" />}
      </button>
      <SeekBar
        time={p.time}
        duration={p.duration}
        storyboardUrl={p.storyboardUrl}
        chapters={p.chapters}
        onSeek={p.onSeek}
      />
      <span class="player-time wide-only">{format(p.time)} / {format(p.duration)}</span>
      <button
        type="button"
        aria-label={p.muted ? "Unmute" : "Mute"}
        onClick={() => p.act({ kind: "toggle-mute" })}
      >
        {p.muted ? <Icon name="muted" /> : <Icon name="volume" />}
      </button>
      <input
        type="range"
        class="player-volume wide-only"
        aria-label="Volume"
        min={0}
        max={1}
        step={0.05}
        value={p.muted ? 0 : p.volume}
        aria-valuetext={`${Math.round((p.muted ? 0 : p.volume) * 100)}%`}
        onInput={(e) => p.onVolume(Number((e.target as HTMLInputElement).value))}
      />
      <span class="wide-only">{speed}</span>
      <span class="wide-only">{quality}</span>
      {p.captions && <CaptionsMenu menu={p.captions} />}
      <button
        type="button"
        class="narrow-only"
        aria-label="More settings"
        aria-expanded={more}
        aria-controls="player-more"
        onClick={() => setMore(!more)}
      >
        <Icon name="more" />
      </button>
      {more && (
        <div id="player-more" class="player-more narrow-only" role="group" aria-label="Settings">
          <span class="player-time">{format(p.time)} / {format(p.duration)}</span>
          {speed}
          {quality}
        </div>
      )}
      <button type="button" class="wide-only" aria-label="Picture in picture" onClick={p.onPip}>
        <Icon name="pip" />
      </button>
      {p.onTheatre && (
        <button
          type="button"
          class="wide-only"
          aria-label="Theatre mode"
          aria-pressed={!!p.theatre}
          onClick={p.onTheatre}
        >
          <Icon name="theatre" />
        </button>
      )}
      <button
        type="button"
        aria-label="Fullscreen"
        onClick={() => p.act({ kind: "toggle-fullscreen" })}
      >
        <Icon name="fullscreen" />
      </button>
    </div>
  );
}
