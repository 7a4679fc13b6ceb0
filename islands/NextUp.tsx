import { useEffect, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { PLAYER_ENDED_EVENT } from "../lib/shared/player_events.ts";

/** What the watch page hands the autoplay switch. */
export interface NextUpProps {
  /** The watch page of the first "next up" video. */
  nextHref: string;
  nextTitle: string;
}

const KEY = "vf-autoplay";

/**
 * The autoplay switch above the "next up" column: on (the default) the next
 * video opens when the player reports that this one ended. The choice is
 * remembered in localStorage.
 */
function NextUp(props: NextUpProps) {
  const [on, setOn] = useState(true);
  useEffect(() => {
    setOn(localStorage.getItem(KEY) !== "0");
  }, []);
  useEffect(() => {
    const ended = () => {
      if (localStorage.getItem(KEY) !== "0") location.assign(props.nextHref);
    };
    document.addEventListener(PLAYER_ENDED_EVENT, ended);
    return () => document.removeEventListener(PLAYER_ENDED_EVENT, ended);
  }, []);
  return (
    <label class="autoplay" title={`Next: ${props.nextTitle}`}>
      <input
        type="checkbox"
        role="switch"
        checked={on}
        onChange={(e) => {
          const v = (e.target as HTMLInputElement).checked;
          setOn(v);
          localStorage.setItem(KEY, v ? "1" : "0");
        }}
      />{" "}
      Autoplay
    </label>
  );
}

export default defineIsland("NextUp", NextUp);
