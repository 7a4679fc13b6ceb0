import { isHeldForReview, STATE, videoPolicy } from "../lib/videos/lifecycle.ts";
import type { Video } from "../lib/videos/access.ts";
import { CsrfField } from "./CsrfField.tsx";

/**
 * The creator's view of review on the studio page: waiting for a moderator,
 * or rejected with the moderator's reason and a form to send the (edited)
 * video back to review. Nothing for videos that need no review.
 */
export function ReviewNotice(props: { video: Video; resubmitted?: boolean }) {
  const v = props.video;
  if (v.status === STATE.rejected) {
    return (
      <div class="form-error" role="alert">
        <p>
          <strong>A moderator rejected this video.</strong>{" "}
          {v.statusReason ? <>Reason: {v.statusReason}</> : "No reason was given."}
        </p>
        <p>Edit what the reason names below, save, then send it back for review.</p>
        <form method="post" action={`/studio/videos/${v.id}/resubmit`} class="inline-form">
          <CsrfField />
          <button class="button secondary" type="submit">Resubmit for review</button>
        </form>
      </div>
    );
  }
  if (!isHeldForReview(v.status, videoPolicy(v))) return null;
  return (
    <p class="form-notice" role="status">
      {props.resubmitted ? "Sent back for review. " : ""}
      {v.status === STATE.in_review
        ? "A moderator reviews this video before it is published; only you and moderators can watch it until then."
        : "Once processed, this video waits for a moderator's review before it is published."}
    </p>
  );
}
