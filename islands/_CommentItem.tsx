import { useState } from "preact/hooks";
import { LinkedText } from "../components/LinkedText.tsx";
import type { CommentView, ReplyPage } from "../lib/shared/comments.ts";
import { commentApi, commentDate, reportComment, useApiAction } from "./_comment_api.ts";
import { CommentForm } from "./_CommentForm.tsx";

/** What a comment tells the list around it. */
export interface CommentEvents {
  /** The comment changed (edited, approved). */
  onChange: (c: CommentView, before: CommentView) => void;
  /** The comment is gone. */
  onDelete: (c: CommentView) => void;
  /** A reply was posted (it may be held). */
  onReply: (reply: CommentView) => void;
  /** Pinning moved comments around: reload the first page. */
  onPin: () => void;
}

/**
 * One comment with its actions (reply, edit, delete, pin, approve, report)
 * and, for a thread, its "n replies" that expand in place.
 */
export function CommentItem(props: {
  comment: CommentView;
  /** The signed-in viewer's id, or null. */
  viewerId: string | null;
  events: CommentEvents;
}) {
  const c = props.comment;
  const [editing, setEditing] = useState(false);
  const [replying, setReplying] = useState(false);
  const [replies, setReplies] = useState<CommentView[] | undefined>(undefined);
  const [repliesCursor, setRepliesCursor] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [error, act] = useApiAction();
  const thread = c.parentId === null;

  async function loadReplies(cursor?: string | null) {
    const q = cursor ? `?cursor=${encodeURIComponent(cursor)}` : "";
    const page = await commentApi<ReplyPage>(`/api/v1/comments/${c.id}/replies${q}`);
    setReplies((old) => [...(cursor ? old ?? [] : []), ...page.replies]);
    setRepliesCursor(page.nextCursor);
  }

  const toggleReplies = () =>
    act(async () => {
      if (!open && replies === undefined) await loadReplies();
      setOpen(!open);
    });

  async function postReply(body: string) {
    const { comment } = await commentApi<{ comment: CommentView }>(
      `/api/v1/videos/${c.videoId}/comments`,
      { method: "POST", body: { body, parentId: c.id } },
    );
    setReplying(false);
    events.onReply(comment);
  }

  async function saveEdit(body: string) {
    const { comment } = await commentApi<{ comment: CommentView }>(`/api/v1/comments/${c.id}`, {
      method: "PATCH",
      body: { body },
    });
    setEditing(false);
    events.onChange(comment, c);
  }

  const remove = () =>
    act(async () => {
      if (!confirm("Delete this comment?")) return;
      await commentApi(`/api/v1/comments/${c.id}`, { method: "DELETE" });
      props.events.onDelete(c);
    });

  const pin = () =>
    act(async () => {
      await commentApi(`/api/v1/comments/${c.id}/pin`, {
        method: "POST",
        body: { pinned: !c.pinned },
      });
      props.events.onPin();
    });

  const approve = () =>
    act(async () => {
      const { comment } = await commentApi<{ comment: CommentView }>(
        `/api/v1/comments/${c.id}/approve`,
        { method: "POST" },
      );
      events.onChange(comment, c);
    });

  // A thread keeps its loaded replies; the list above keeps counts.
  const threadEvents: CommentEvents = {
    ...props.events,
    onReply: async (r) => {
      if (replies === undefined) await loadReplies().catch(() => setReplies([r]));
      else setReplies((list) => [...(list ?? []), r]);
      setOpen(true);
      props.events.onReply(r);
    },
  };
  const replyEvents: CommentEvents = {
    ...threadEvents,
    onChange: (r, before) => {
      setReplies((list) => list?.map((x) => x.id === r.id ? r : x));
      props.events.onChange(r, before);
    },
    onDelete: (r) => {
      setReplies((list) => list?.filter((x) => x.id !== r.id));
      props.events.onDelete(r);
    },
  };
  const events = thread ? threadEvents : props.events;
  const signedIn = props.viewerId !== null;
  const mine = c.author.id === props.viewerId;
  const n = c.replyCount;

  return (
    <li class={`comment${c.status === "held" ? " comment-held" : ""}`} id={`comment-${c.id}`}>
      <p class="comment-head">
        <a href={`/u/${c.author.id}`} class="comment-author">{c.author.name}</a>
        <time datetime={c.createdAt}>{commentDate(c.createdAt)}</time>
        {c.editedAt && <span class="comment-tag">edited</span>}
        {c.pinned && <span class="comment-tag">Pinned</span>}
        {c.status === "held" && <span class="comment-tag comment-tag-held">Awaiting review</span>}
      </p>
      {editing
        ? (
          <CommentForm
            id={`edit-${c.id}`}
            label="Edit your comment"
            submitLabel="Save"
            initial={c.body}
            autoFocus
            onSubmit={saveEdit}
            onCancel={() => setEditing(false)}
          />
        )
        : (
          <p class="comment-body">
            <LinkedText text={c.body} />
          </p>
        )}
      {!editing && (
        <div class="comment-actions">
          {signedIn && c.status === "visible" && (
            <button
              type="button"
              class="link-button"
              onClick={() => setReplying(!replying)}
            >
              Reply
            </button>
          )}
          {c.canEdit && (
            <button type="button" class="link-button" onClick={() => setEditing(true)}>Edit</button>
          )}
          {c.canDelete && (
            <button type="button" class="link-button" onClick={remove}>Delete</button>
          )}
          {c.canModerate && c.status === "held" && (
            <button type="button" class="link-button" onClick={approve}>Approve</button>
          )}
          {c.canModerate && thread && c.status === "visible" && (
            <button type="button" class="link-button" onClick={pin}>
              {c.pinned ? "Unpin" : "Pin"}
            </button>
          )}
          {reportComment && signedIn && !mine && (
            <button
              type="button"
              class="link-button"
              onClick={() => reportComment?.(c)}
            >
              Report
            </button>
          )}
        </div>
      )}
      {error && <p class="form-error" role="alert">{error}</p>}
      {replying && (
        <CommentForm
          id={`reply-${c.id}`}
          label={`Reply to ${c.author.name}`}
          submitLabel="Reply"
          initial={thread ? "" : `@${c.author.name} `}
          autoFocus
          onSubmit={(body) => postReply(body)}
          onCancel={() => setReplying(false)}
        />
      )}
      {thread && (n > 0 || (replies?.length ?? 0) > 0) && (
        <button
          type="button"
          class="link-button comment-replies-toggle"
          aria-expanded={open}
          aria-controls={`replies-${c.id}`}
          onClick={toggleReplies}
        >
          {open ? "Hide replies" : n === 1 ? "1 reply" : `${n} replies`}
        </button>
      )}
      {thread && open && replies && (
        <div id={`replies-${c.id}`}>
          <ol class="comment-list comment-replies">
            {replies.map((r) => (
              <CommentItem key={r.id} comment={r} viewerId={props.viewerId} events={replyEvents} />
            ))}
          </ol>
          {repliesCursor && (
            <button
              type="button"
              class="link-button"
              onClick={() => act(() => loadReplies(repliesCursor))}
            >
              Show more replies
            </button>
          )}
        </div>
      )}
    </li>
  );
}
