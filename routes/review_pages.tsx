import { type Context, Hono } from "hono";
import { AdminShell } from "../components/AdminShell.tsx";
import { formatDuration } from "../components/VideoCard.tsx";
import { CsrfField } from "../components/CsrfField.tsx";
import {
  type QueuedVideo,
  rejectVideo,
  resubmitVideo,
  reviewQueue,
} from "../lib/moderation/review.ts";
import { approveVideo } from "../lib/moderation/review.ts";
import { rejectSchema } from "../lib/moderation/schemas.ts";
import type { Storage } from "../lib/storage/types.ts";
import { findPreviewVideo } from "../lib/videos/access.ts";
import Player, { type PlayerProps } from "../islands/Player.tsx";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { uuidParam } from "./_admin_list.ts";
import { auditActor } from "./_audit_actor.ts";
import { formText } from "./_form.ts";
import { type PlayerPageDeps, previewPlayerProps } from "./_player.tsx";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

/** What the review pages need. */
export interface ReviewPageDeps extends PlayerPageDeps {
  storage: Storage;
}

const PAGE = 10;
const idOf = (c: Context) => uuidParam(c, "video");

/**
 * /admin/review (moderators and admins): the queue, oldest first, each video
 * with its uploader, date, duration, details and a playable preview, and
 * approve / reject (reason, optionally deleting the files) forms that work
 * without JavaScript. POST /studio/videos/:id/resubmit: the owner sends a
 * rejected video back to review.
 */
export function reviewPageRoutes(deps: ReviewPageDeps): Hono {
  const moderators = [requireUser({ signInPage: true }), requireRole("moderator", "admin")];
  return new Hono()
    .use("/admin/review", ...moderators)
    .use("/admin/review/*", ...moderators)
    .get("/admin/review", async (c) => {
      const videos = await reviewQueue(deps.sql, { limit: PAGE });
      const players = await Promise.all(videos.map((v) => previewProps(c, v.id)));
      c.header("Cache-Control", "private, no-store");
      return page(
        c,
        <AdminShell
          title="Review queue"
          active="/admin/review"
          notice={notice(c.req.query("done"))}
        >
          {videos.length === 0
            ? <p class="muted">Nothing waits for review.</p>
            : (
              <ol class="review-list">
                {videos.map((v, i) => <ReviewItem key={v.id} video={v} player={players[i]} />)}
              </ol>
            )}
        </AdminShell>,
      );
    })
    .post("/admin/review/:id/approve", async (c) => {
      await approveVideo(deps.sql, idOf(c), auditActor(c, deps));
      return c.redirect("/admin/review?done=approve", 303);
    })
    .post("/admin/review/:id/reject", async (c) => {
      const input = validate(rejectSchema, await formText(c));
      await rejectVideo(deps, idOf(c), { actor: auditActor(c, deps), ...input });
      return c.redirect("/admin/review?done=reject", 303);
    })
    .post("/studio/videos/:id/resubmit", requireUser(), async (c) => {
      const id = idOf(c);
      await resubmitVideo(deps.sql, id, { viewer: c.get("user") });
      return c.redirect(`/studio/videos/${id}?resubmitted=1`, 303);
    });

  async function previewProps(c: Context, videoId: string): Promise<PlayerProps | undefined> {
    const video = await findPreviewVideo(deps.sql, { videoId, viewer: c.get("user") });
    return await previewPlayerProps(c, video, deps);
  }
}

function notice(done: string | undefined): string | undefined {
  return done === "approve"
    ? "Approved: the video is published."
    : done === "reject"
    ? "Rejected: the creator sees your reason."
    : undefined;
}

function ReviewItem(props: { video: QueuedVideo; player: PlayerProps | undefined }) {
  const v = props.video;
  const heading = `review-${v.id}`;
  return (
    <li class="review-item" aria-labelledby={heading}>
      <div>
        {props.player
          ? <Player {...props.player} />
          : <div class="processing">No preview can be played.</div>}
      </div>
      <div>
        <h2 id={heading} class="wrap-anywhere">{v.title || "(untitled)"}</h2>
        <p class="muted">
          <a href={`/u/${v.ownerId}`}>{v.ownerName}</a> · uploaded{" "}
          <time dateTime={v.createdAt.toISOString()}>
            {v.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC
          </time>
          {v.durationS !== null && <>{" · "}{formatDuration(v.durationS)}</>} · {v.visibility}
        </p>
        {v.description && <p class="wrap-anywhere">{v.description.slice(0, 600)}</p>}
        {v.tags.length > 0 && <p class="muted">Tags: {v.tags.join(", ")}</p>}
        <form method="post" action={`/admin/review/${v.id}/approve`}>
          <CsrfField />
          <button class="button" type="submit">Approve and publish</button>
        </form>
        <form method="post" action={`/admin/review/${v.id}/reject`}>
          <CsrfField />
          <label for={`reason-${v.id}`}>Reason for the creator</label>
          <textarea id={`reason-${v.id}`} name="reason" rows={3} maxLength={1000} required />
          <label class="checkbox">
            <input type="checkbox" name="deleteFiles" value="on" /> Also delete the stored files
          </label>
          <button class="button secondary" type="submit">Reject</button>
        </form>
      </div>
    </li>
  );
}
