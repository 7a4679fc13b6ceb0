import { useRef, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { formatStartTime } from "../lib/shared/start_time.ts";

/** What the watch page hands the share dialog (absolute URLs built from PUBLIC_URL). */
export interface ShareDialogProps {
  /** The watch page's canonical URL. */
  url: string;
  /** The `<iframe>` embed code. */
  embedCode: string;
}

const FOCUSABLE = "button, input, textarea, select, a[href], [tabindex]:not([tabindex='-1'])";

/**
 * A Share button and its modal dialog: copy the link, the link at the current
 * time (?t=1m30s), or the embed code. A native <dialog> opened with
 * showModal() makes the page behind it inert and closes on Escape; Tab also
 * wraps inside it, and focus goes back to the button when it closes.
 */
function ShareDialog(props: ShareDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [atTime, setAtTime] = useState(false);
  const [seconds, setSeconds] = useState(0);
  const [status, setStatus] = useState("");

  const link = atTime && seconds > 0 ? `${props.url}?t=${formatStartTime(seconds)}` : props.url;

  function open() {
    const video = document.querySelector<HTMLVideoElement>(".player video");
    setSeconds(Math.floor(video?.currentTime ?? 0));
    setStatus("");
    dialog.current!.showModal();
  }

  function close() {
    dialog.current!.close();
  }

  async function copy(text: string, what: string) {
    try {
      await navigator.clipboard.writeText(text);
      setStatus(`${what} copied.`);
    } catch {
      setStatus(`Select the ${what.toLowerCase()} and copy it.`);
    }
  }

  function trap(e: KeyboardEvent) {
    if (e.key !== "Tab") return;
    const items = Array.from(dialog.current!.querySelectorAll<HTMLElement>(FOCUSABLE))
      .filter((el) => !el.hasAttribute("disabled"));
    const first = items[0];
    const last = items.at(-1);
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first?.focus();
    }
  }

  return (
    <>
      <button type="button" class="button secondary" ref={opener} onClick={open}>
        Share
      </button>
      <dialog
        ref={dialog}
        class="share-dialog"
        aria-labelledby="share-title"
        onKeyDown={trap}
        onClose={() => opener.current?.focus()}
      >
        <h2 id="share-title">Share</h2>
        <label for="share-link">Link</label>
        <div class="share-row">
          <input id="share-link" type="text" readOnly value={link} />
          <button type="button" class="button" onClick={() => copy(link, "Link")}>
            Copy link
          </button>
        </div>
        <label class="share-check">
          <input
            type="checkbox"
            checked={atTime}
            disabled={seconds === 0}
            onChange={(e) => setAtTime((e.target as HTMLInputElement).checked)}
          />{" "}
          Start at {formatStartTime(seconds)}
        </label>
        <label for="share-embed">Embed</label>
        {/* The code as content, not `value`: hydration does not set a textarea's value. */}
        <textarea id="share-embed" readOnly rows={3}>{props.embedCode}</textarea>
        <div class="share-row">
          <button
            type="button"
            class="button secondary"
            onClick={() => copy(props.embedCode, "Embed code")}
          >
            Copy embed code
          </button>
          <button type="button" class="button secondary" onClick={close}>Close</button>
        </div>
        <p class="share-status" role="status" aria-live="polite">{status}</p>
      </dialog>
    </>
  );
}

export default defineIsland("ShareDialog", ShareDialog);
