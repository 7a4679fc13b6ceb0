import { useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { CSRF_FIELD } from "../lib/shared/cookie_names.ts";
import { countText, type FollowState } from "../lib/shared/social.ts";
import { csrfHeaders } from "./_csrf.ts";

/** What a page hands the follow button. */
export interface FollowButtonProps {
  creatorId: string;
  creatorName: string;
  initial: FollowState;
  /** Where the form (without JavaScript) comes back to: the page's own path. */
  back: string;
  csrfToken: string;
  /** Show "N followers" beside the button (the watch page; the channel has its stats list). */
  showCount?: boolean;
}

/**
 * Follow / Following toggle (aria-pressed) for a creator. A plain form
 * (POST /u/:id/follow) without JavaScript; with it, PUT/DELETE
 * /api/v1/users/:id/follow and the new follower count in place, announced
 * politely. Pages render it only for a signed-in viewer who is not the creator.
 */
function FollowButton(props: FollowButtonProps) {
  const [state, setState] = useState(props.initial);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");

  async function toggle(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const res = await fetch(`/api/v1/users/${props.creatorId}/follow`, {
        method: state.following ? "DELETE" : "PUT",
        headers: csrfHeaders(),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error(body?.error?.message ?? "That did not work.");
      const next = body.follow as FollowState;
      setState(next);
      setStatus(
        `${next.following ? "Following" : "Unfollowed"} ${props.creatorName}. ${
          countText(next.followers, "follower")
        }.`,
      );
    } catch (err) {
      setStatus(`Not saved: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="follow-form" method="post" action={`/u/${props.creatorId}/follow`}>
      <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
      <input type="hidden" name="back" value={props.back} />
      <input type="hidden" name="follow" value={state.following ? "off" : "on"} />
      <button
        type="submit"
        class={`button follow-button${state.following ? " secondary" : ""}`}
        aria-pressed={state.following ? "true" : "false"}
        aria-disabled={busy ? "true" : undefined}
        onClick={toggle}
      >
        {state.following ? "Following" : "Follow"}
        <span class="visually-hidden">{` ${props.creatorName}`}</span>
      </button>
      {props.showCount && (
        <span class="follower-count">{countText(state.followers, "follower")}</span>
      )}
      <span class="visually-hidden" role="status" aria-live="polite">{status}</span>
    </form>
  );
}

export default defineIsland("FollowButton", FollowButton);
