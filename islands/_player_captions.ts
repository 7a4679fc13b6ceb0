import { type RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

/** The viewer's caption choice, remembered per browser: a language tag, or "off". */
export const CAPTIONS_STORE = "vf-captions";

/** A track the menu offers. */
export interface CaptionChoice {
  lang: string;
  label: string;
}

/** What the CC menu shows and changes. */
export interface CaptionMenu {
  tracks: CaptionChoice[];
  /** The language shown, or null for off. */
  current: string | null;
  choose(lang: string | null): void;
}

/**
 * The track to show for a remembered choice: the same tag, else the same
 * primary language ("en" for "en-GB"), else none.
 */
export function pickTrack(tracks: readonly CaptionChoice[], saved: string | null): string | null {
  if (!saved || saved === "off") return null;
  const exact = tracks.find((t) => t.lang === saved);
  if (exact) return exact.lang;
  const primary = saved.split("-")[0].toLowerCase();
  return tracks.find((t) => t.lang.split("-")[0].toLowerCase() === primary)?.lang ?? null;
}

/**
 * Captions for the Player. The master playlist lists the video's tracks as an
 * HLS SUBTITLES group, so hls.js (or the browser's own HLS) creates a text
 * track per language on the video element; this shows the chosen one and
 * disables the others. hls.js follows a text track's mode (its subtitle track
 * controller listens to `textTracks` changes) and then loads that track's
 * playlist. The choice is remembered in localStorage; `c` toggles between off
 * and the last language.
 */
export function usePlayerCaptions(
  video: RefObject<HTMLVideoElement>,
  tracks: readonly CaptionChoice[],
): { menu: CaptionMenu | undefined; toggle: () => void } {
  const [current, setCurrent] = useState<string | null>(null);
  const last = useRef<string | null>(null);

  useEffect(() => {
    const chosen = pickTrack(tracks, localStorage.getItem(CAPTIONS_STORE));
    setCurrent(chosen);
    last.current = chosen;
  }, []);

  useEffect(() => {
    const v = video.current;
    if (!v) return;
    const apply = () => {
      for (const t of Array.from(v.textTracks)) {
        if (t.kind !== "subtitles" && t.kind !== "captions") continue;
        const mode = current !== null && t.language === current ? "showing" : "disabled";
        if (t.mode !== mode) t.mode = mode;
      }
    };
    apply();
    // hls.js adds its tracks once the master is parsed, after playback starts.
    v.textTracks.addEventListener("addtrack", apply);
    return () => v.textTracks.removeEventListener("addtrack", apply);
  }, [current]);

  function choose(lang: string | null) {
    setCurrent(lang);
    if (lang) last.current = lang;
    localStorage.setItem(CAPTIONS_STORE, lang ?? "off");
  }

  return {
    menu: tracks.length > 0 ? { tracks: [...tracks], current, choose } : undefined,
    toggle() {
      if (tracks.length > 0) choose(current ? null : last.current ?? tracks[0].lang);
    },
  };
}
