import type { SessionUser } from "../lib/auth/types.ts";

/**
 * The home page before anything can be watched, worded for who is looking:
 * nobody signed in is invited to sign up; someone signed in who may upload is
 * invited to upload (not to create the account they already have); a viewer
 * is told videos will appear.
 */
export function StudioWelcome(props: { user: SessionUser | undefined }) {
  const { user } = props;
  const uploads = user && user.role !== "viewer";
  return (
    <section class="empty-state">
      <h1>Nothing to watch yet</h1>
      <p>
        {!user
          ? "VideoFlow is ready. Create an account, upload your first video, and it will appear here as soon as it can be played."
          : uploads
          ? "Upload your first video: it appears here as soon as it can be played."
          : "Videos appear here as soon as creators publish them."}
      </p>
      <p class="actions">
        {!user && <a class="button" href="/signup">Sign up</a>}
        {(!user || uploads) && (
          <a class={`button${user ? "" : " secondary"}`} href="/upload">Upload a video</a>
        )}
        {user && <a class="button secondary" href="/studio">My videos</a>}
      </p>
    </section>
  );
}
