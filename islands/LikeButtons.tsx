import { useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { CSRF_FIELD } from "../lib/shared/cookie_names.ts";
import { countText, type Reaction, type ReactionSummary } from "../lib/shared/social.ts";
import { csrfHeaders } from "./_csrf.ts";

/** What the watch page hands the like buttons. */
export interface LikeButtonsProps {
  videoId: string;
  initial: ReactionSummary;
  /** Nobody signed in: the count and a link to sign in instead of buttons. */
  signedIn: boolean;
  /** For the form the buttons sit in, which works without JavaScript. */
  csrfToken: string;
}

const THUMB = "M2 21h4V9H2zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6" +
  "C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7z";

function Thumb(props: { down?: boolean }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="1.2em"
      height="1.2em"
      fill="currentColor"
      aria-hidden="true"
      style={props.down ? { transform: "rotate(180deg)" } : undefined}
    >
      <path d={THUMB} />
    </svg>
  );
}

/**
 * Like and dislike toggles for the watch page. Each is a toggle button
 * (aria-pressed); pressing the pressed one takes the reaction back. The
 * buttons submit a plain form (POST /v/:id/reaction) when JavaScript is off;
 * with it, they call PUT/DELETE /api/v1/videos/:id/reaction and show the
 * server's counts without a reload, and a polite live region says what
 * changed. The dislike count shows only when the server sends it (the creator).
 */
function LikeButtons(props: LikeButtonsProps) {
  const [state, setState] = useState(props.initial);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const likes = countText(state.likes, "like");

  if (!props.signedIn) {
    return (
      <p class="reactions">
        <span class="reaction-count">
          <Thumb /> {likes}
        </span>
        <a href={`/signin?next=${encodeURIComponent(`/v/${props.videoId}`)}`}>Sign in to like</a>
      </p>
    );
  }

  async function choose(e: Event, pressed: Reaction) {
    e.preventDefault();
    if (busy) return;
    const next = state.mine === pressed ? null : pressed;
    setBusy(true);
    try {
      const res = await fetch(`/api/v1/videos/${props.videoId}/reaction`, {
        method: next ? "PUT" : "DELETE",
        headers: { "content-type": "application/json", ...csrfHeaders() },
        body: next ? JSON.stringify({ reaction: next }) : undefined,
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error(body?.error?.message ?? "That did not work.");
      const summary = body.reaction as ReactionSummary;
      setState(summary);
      const what = summary.mine === "like"
        ? "Liked."
        : summary.mine === "dislike"
        ? "Disliked."
        : "Reaction removed.";
      setStatus(`${what} ${countText(summary.likes, "like")}.`);
    } catch (err) {
      setStatus(`Not saved: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  // The name is the word and the count ("Like 12 likes"); the pressed state is aria-pressed.
  const button = (kind: Reaction, label: string, count: number | undefined) => (
    <button
      type="submit"
      name="reaction"
      value={state.mine === kind ? "none" : kind}
      class={`button secondary reaction-button${state.mine === kind ? " pressed" : ""}`}
      aria-pressed={state.mine === kind ? "true" : "false"}
      aria-disabled={busy ? "true" : undefined}
      onClick={(e) => choose(e, kind)}
    >
      <Thumb down={kind === "dislike"} />
      <span class="visually-hidden">{`${label} `}</span>
      {count !== undefined && (
        <span class="reaction-count">
          {count.toLocaleString("en")}
          <span class="visually-hidden">{count === 1 ? ` ${kind}` : ` ${kind}s`}</span>
        </span>
      )}
    </button>
  );

  return (
    <form class="reactions" method="post" action={`/v/${props.videoId}/reaction`}>
      <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
      {button("like", "Like", state.likes)}
      {button("dislike", "Dislike", state.dislikes)}
      <span class="visually-hidden" role="status" aria-live="polite">{status}</span>
    </form>
  );
}

export default defineIsland("LikeButtons", LikeButtons);
