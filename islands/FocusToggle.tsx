import { defineIsland } from "../lib/islands/define.tsx";
import { useFocusMode } from "./_player_focus.ts";

/** What the watch page hands the toggle. */
export interface FocusToggleProps {
  videoId: string;
  /** Signed in: sessions are stored. Anonymous viewers use focus mode without a record. */
  record: boolean;
  /** The viewer's setting: the page starts in focus mode. */
  autoStart: boolean;
}

/**
 * The watch page's focus-mode toggle: a real button whose aria-pressed says
 * whether focus mode is on; it stays on screen (top right) in focus mode, so
 * keyboard focus is never lost to hidden content, and Esc exits too.
 */
function FocusToggle(props: FocusToggleProps) {
  const { on, toggle } = useFocusMode(props);
  return (
    <button
      type="button"
      class="button secondary focus-toggle"
      aria-pressed={on ? "true" : "false"}
      aria-keyshortcuts={on ? "Escape" : undefined}
      title={on ? "Leave focus mode (Esc)" : "Show only the video"}
      onClick={toggle}
    >
      Focus mode{on && <kbd class="focus-key" aria-hidden="true">Esc</kbd>}
    </button>
  );
}

export default defineIsland("FocusToggle", FocusToggle);
