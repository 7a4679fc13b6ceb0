/** Keyboard shortcuts of the player, as pure data: a key maps to one action. */

/** What a key press asks the player to do. */
export type PlayerAction =
  | { kind: "toggle-play" }
  | { kind: "seek-by"; seconds: number }
  | { kind: "seek-to-fraction"; fraction: number }
  | { kind: "volume-by"; delta: number }
  | { kind: "toggle-mute" }
  | { kind: "toggle-fullscreen" }
  | { kind: "toggle-captions" }
  | { kind: "speed-step"; direction: 1 | -1 };

/** Maps a KeyboardEvent.key to an action, or undefined when the player ignores it. */
export function actionForKey(key: string): PlayerAction | undefined {
  if (/^[0-9]$/.test(key)) return { kind: "seek-to-fraction", fraction: Number(key) / 10 };
  switch (key) {
    case " ":
    case "k":
    case "K":
      return { kind: "toggle-play" };
    case "j":
    case "J":
      return { kind: "seek-by", seconds: -10 };
    case "l":
    case "L":
      return { kind: "seek-by", seconds: 10 };
    case "ArrowLeft":
      return { kind: "seek-by", seconds: -5 };
    case "ArrowRight":
      return { kind: "seek-by", seconds: 5 };
    case "ArrowUp":
      return { kind: "volume-by", delta: 0.05 };
    case "ArrowDown":
      return { kind: "volume-by", delta: -0.05 };
    case "m":
    case "M":
      return { kind: "toggle-mute" };
    case "f":
    case "F":
      return { kind: "toggle-fullscreen" };
    case "c":
    case "C":
      return { kind: "toggle-captions" };
    case ">":
      return { kind: "speed-step", direction: 1 };
    case "<":
      return { kind: "speed-step", direction: -1 };
  }
  return undefined;
}

/** Playback speeds offered, in order. */
export const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

/** The next speed up or down from `current`, staying within SPEEDS. */
export function stepSpeed(current: number, direction: 1 | -1): number {
  const i = SPEEDS.findIndex((s) => s >= current);
  const at = i < 0 ? SPEEDS.length - 1 : i;
  return SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, at + direction))];
}

/** Elements whose own keys a page-wide shortcut must not take over. */
const INTERACTIVE = "a[href], button, input, select, textarea, summary, [contenteditable], " +
  "[role=slider], [role=combobox], [role=listbox], [role=menu], [role=textbox], [tabindex]";

/**
 * Whether a key pressed with focus on `target` (outside the player) may drive
 * the player: yes on the page itself and on plain content, never while typing
 * in a field or on a control that has keys of its own.
 */
export function pageKeyAllowed(
  target: { closest?: (selector: string) => unknown } | null,
  modifiers: { ctrlKey: boolean; metaKey: boolean; altKey: boolean },
): boolean {
  if (modifiers.ctrlKey || modifiers.metaKey || modifiers.altKey) return false;
  return !target?.closest?.(INTERACTIVE);
}
