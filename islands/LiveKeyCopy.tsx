import { useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";

/**
 * One encoder setting (the RTMP URL, the stream key) in a read-only field
 * with a Copy button; a secret one is hidden until shown. Without JavaScript
 * the field shows the value, selectable.
 */
function LiveKeyCopy(props: { label: string; value: string; id: string; secret?: boolean }) {
  const [copied, setCopied] = useState(false);
  const [shown, setShown] = useState(!props.secret);
  const [hydrated, setHydrated] = useState(false);
  if (!hydrated) queueMicrotask(() => setHydrated(true));
  return (
    <div class="field live-copy">
      <label for={props.id}>{props.label}</label>
      <div class="live-copy-row">
        <input
          id={props.id}
          readOnly
          value={props.value}
          type={hydrated && !shown ? "password" : "text"}
          autocomplete="off"
          spellcheck={false}
          onFocus={(e) => (e.target as HTMLInputElement).select()}
        />
        {props.secret && (
          <button
            type="button"
            class="button secondary"
            onClick={() => setShown(!shown)}
          >
            {shown ? "Hide" : "Show"}
          </button>
        )}
        <button
          type="button"
          class="button secondary"
          onClick={() =>
            navigator.clipboard?.writeText(props.value).then(() => {
              setCopied(true);
              setTimeout(() => setCopied(false), 2000);
            })}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <span class="visually-hidden" role="status">{copied ? `${props.label} copied` : ""}</span>
    </div>
  );
}

export default defineIsland("LiveKeyCopy", LiveKeyCopy);
