/**
 * The player's behaviour that is not media: when the controls hide, what a
 * tap on a phone means. Pure where possible, so it is unit-tested.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { RefObject } from "preact";
import { actionForKey, pageKeyAllowed, type PlayerAction } from "./_player_keys.ts";

/** Controls hide after this long without movement while playing. */
export const IDLE_MS = 3000;
/** Two taps within this are a double tap. */
export const DOUBLE_TAP_MS = 300;
/** What a double tap on either side seeks by. */
export const DOUBLE_TAP_SECONDS = 10;

/**
 * Whether the controls should be hidden: only while `playing`, after IDLE_MS
 * without a `poke()` (pointer movement, a key, focus inside the player).
 */
export function useIdle(playing: boolean): { idle: boolean; poke: () => void } {
  const [idle, setIdle] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const poke = () => {
    setIdle(false);
    clearTimeout(timer.current);
    if (playing) timer.current = setTimeout(() => setIdle(true), IDLE_MS);
  };
  useEffect(() => {
    poke();
    return () => clearTimeout(timer.current);
  }, [playing]);
  return { idle: playing && idle, poke };
}

/** A tap on the video: when and where (0 = left edge, 1 = right edge). */
export interface Tap {
  at: number;
  x: number;
}

/**
 * What a tap means given the one before it: a second tap on the same outer
 * third within DOUBLE_TAP_MS seeks back or forward; anything else is a single
 * tap (which the player acts on once no second tap followed).
 */
export function tapMeaning(
  previous: Tap | undefined,
  tap: Tap,
): { kind: "single" } | { kind: "seek"; seconds: number } {
  const side = (x: number) => (x < 1 / 3 ? -1 : x > 2 / 3 ? 1 : 0);
  if (
    previous && tap.at - previous.at <= DOUBLE_TAP_MS && side(tap.x) !== 0 &&
    side(tap.x) === side(previous.x)
  ) {
    return { kind: "seek", seconds: side(tap.x) * DOUBLE_TAP_SECONDS };
  }
  return { kind: "single" };
}

/**
 * Touch on the video: a double tap on the left or right third seeks 10 s; a
 * single tap (once no second one followed) shows the controls when they are
 * hidden, or plays/pauses. `recent()` tells the click that follows a touch
 * to stand aside.
 */
export function useTouch(
  deps: {
    idle: boolean;
    poke: () => void;
    act: (a: { kind: "toggle-play" } | { kind: "seek-by"; seconds: number }) => void;
  },
): { onPointerUp: (e: PointerEvent) => void; recent: () => boolean } {
  const last = useRef<Tap | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const touchedAt = useRef(0);
  return {
    recent: () => Date.now() - touchedAt.current < 700,
    onPointerUp(e: PointerEvent) {
      if (e.pointerType !== "touch") return;
      touchedAt.current = Date.now();
      const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
      const tap = { at: e.timeStamp, x: (e.clientX - r.left) / r.width };
      const meaning = tapMeaning(last.current, tap);
      clearTimeout(timer.current);
      if (meaning.kind === "seek") {
        last.current = undefined;
        return deps.act({ kind: "seek-by", seconds: meaning.seconds });
      }
      last.current = tap;
      const wasIdle = deps.idle;
      timer.current = setTimeout(() => {
        if (wasIdle) deps.poke();
        else deps.act({ kind: "toggle-play" });
      }, DOUBLE_TAP_MS);
    },
  };
}

/**
 * The player's shortcuts from anywhere on the page (not only once the player
 * has focus): keys pressed outside `box`, unless focus is in a field or on a
 * control with keys of its own, go to `act` (a ref: listeners are made once).
 */
export function usePageKeys(
  box: RefObject<HTMLElement>,
  act: { current: (a: PlayerAction) => void },
): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || box.current?.contains(e.target as Node)) return;
      const a = actionForKey(e.key);
      if (!a || !pageKeyAllowed(e.target as Element, e)) return;
      e.preventDefault();
      act.current(a);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}
