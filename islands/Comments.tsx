import { useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import type {
  CommentPage,
  CommentSection,
  CommentSettings,
  CommentSort,
  CommentView,
} from "../lib/shared/comments.ts";
import { commentApi, useApiAction } from "./_comment_api.ts";
import { CommentForm } from "./_CommentForm.tsx";
import { type CommentEvents, CommentItem } from "./_CommentItem.tsx";

/** The watch page's comments: the server-rendered first page plus the CSRF token for the form. */
export type CommentsProps = CommentSection & { csrfToken: string };

const SETTINGS: [keyof CommentSettings, string][] = [
  ["holdForReview", "Hold all comments for review"],
  ["commentsOff", "Turn comments off"],
];

const counted = (c: CommentView) => c.status === "visible";

/**
 * The comments under a video: "n comments", the sort, the new-comment form
 * (a plain POST form without JavaScript), threads with their replies, more
 * pages on demand, and the creator's settings (hold for review, comments
 * off). Everything after the first page goes through the comments API
 * without reloading the page.
 */
function Comments(props: CommentsProps) {
  const [threads, setThreads] = useState(props.comments);
  const [pinned, setPinned] = useState(props.pinned);
  const [cursor, setCursor] = useState(props.nextCursor);
  const [sort, setSort] = useState<CommentSort>(props.sort);
  const [count, setCount] = useState(props.count);
  const [settings, setSettings] = useState<CommentSettings>({
    commentsOff: props.commentsOff,
    holdForReview: props.holdForReview,
  });
  const [error, act] = useApiAction();
  const [notice, setNotice] = useState("");
  const base = `/api/v1/videos/${props.videoId}`;
  const viewerId = props.viewer.id;

  async function load(nextSort: CommentSort, after?: string | null) {
    const q = new URLSearchParams({ sort: nextSort });
    if (after) q.set("cursor", after);
    const page = await commentApi<CommentPage & { count: number }>(`${base}/comments?${q}`);
    setThreads((old) => after ? [...old, ...page.comments] : page.comments);
    if (!after) setPinned(page.pinned);
    setCursor(page.nextCursor);
    setCount(page.count);
  }

  const update = (fn: (c: CommentView) => CommentView) => {
    setThreads((list) => list.map(fn));
    setPinned((p) => p && fn(p));
  };

  const events: CommentEvents = {
    onChange: (changed, before) => {
      const delta = Number(counted(changed)) - Number(counted(before));
      if (changed.parentId === null) {
        update((c) => c.id === changed.id ? changed : c);
        setCount((n) => Math.max(0, n + delta * (1 + changed.replyCount)));
        return;
      }
      update((c) => c.id === changed.parentId ? { ...c, replyCount: c.replyCount + delta } : c);
      setCount((n) => Math.max(0, n + delta));
    },
    onDelete: (gone) => {
      if (gone.parentId === null) {
        setThreads((list) => list.filter((c) => c.id !== gone.id));
        setPinned((p) => p?.id === gone.id ? null : p);
        if (counted(gone)) setCount((n) => Math.max(0, n - 1 - gone.replyCount));
        return;
      }
      if (!counted(gone)) return;
      update((c) => c.id === gone.parentId ? { ...c, replyCount: c.replyCount - 1 } : c);
      setCount((n) => Math.max(0, n - 1));
    },
    onReply: (reply) => {
      if (!counted(reply)) {
        setNotice("Your reply is awaiting review.");
        return;
      }
      update((c) => c.id === reply.parentId ? { ...c, replyCount: c.replyCount + 1 } : c);
      setCount((n) => n + 1);
    },
    onPin: () => act(() => load(sort)),
  };

  async function post(body: string) {
    const { comment } = await commentApi<{ comment: CommentView }>(`${base}/comments`, {
      method: "POST",
      body: { body },
    });
    setThreads((list) => [comment, ...list]);
    if (counted(comment)) setCount((n) => n + 1);
    setNotice(counted(comment) ? "" : "Your comment is awaiting review.");
  }

  const changeSort = (next: CommentSort) =>
    act(async () => {
      setSort(next);
      await load(next);
    });

  const changeSettings = (patch: Partial<CommentSettings>) =>
    act(async () => {
      const r = await commentApi<{ settings: CommentSettings }>(`${base}/comment-settings`, {
        method: "PUT",
        body: patch,
      });
      setSettings(r.settings);
      if (!r.settings.commentsOff) await load(sort);
    });

  const off = settings.commentsOff;
  const all = pinned ? [pinned, ...threads] : threads;
  return (
    <section class="comments" id="comments" aria-labelledby="comments-title">
      <link rel="stylesheet" href="/static/comments.css" />
      <div class="comments-head">
        <h2 id="comments-title">
          {off ? "Comments" : count === 1 ? "1 comment" : `${count} comments`}
        </h2>
        {!off && all.length > 0 && (
          <label class="comments-sort">
            Sort by{" "}
            <select
              value={sort}
              onChange={(e) => changeSort((e.target as HTMLSelectElement).value as CommentSort)}
            >
              <option value="newest">Newest first</option>
              <option value="top">Top comments</option>
            </select>
          </label>
        )}
      </div>
      {props.viewer.canModerate && (
        <fieldset class="comments-settings">
          <legend>Comment settings</legend>
          {SETTINGS.map(([key, label]) => (
            <label key={key}>
              <input
                type="checkbox"
                checked={settings[key]}
                onChange={(e) => changeSettings({ [key]: (e.target as HTMLInputElement).checked })}
              />{" "}
              {label}
            </label>
          ))}
        </fieldset>
      )}
      {error && <p class="form-error" role="alert">{error}</p>}
      {off ? <p class="comments-off">Comments are turned off for this video.</p> : (
        <>
          {viewerId
            ? (
              <CommentForm
                id="new-comment"
                label="Add a comment"
                submitLabel="Comment"
                action={`/v/${props.videoId}/comments`}
                csrfToken={props.csrfToken}
                onSubmit={post}
              />
            )
            : (
              <p class="comments-signin">
                <a href={`/signin?next=${encodeURIComponent(`/v/${props.videoId}`)}`}>Sign in</a>
                {" "}
                to comment.
              </p>
            )}
          {notice && <p class="form-notice" role="status">{notice}</p>}
          {all.length === 0
            ? <p class="comments-empty">No comments yet.</p>
            : (
              <ol class="comment-list">
                {all.map((c) => (
                  <CommentItem key={c.id} comment={c} viewerId={viewerId} events={events} />
                ))}
              </ol>
            )}
          {cursor && (
            <button
              type="button"
              class="button secondary comments-more"
              onClick={() => act(() => load(sort, cursor))}
            >
              Show more comments
            </button>
          )}
        </>
      )}
    </section>
  );
}

export default defineIsland("Comments", Comments);
