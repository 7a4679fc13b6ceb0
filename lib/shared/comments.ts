/** Comment shapes shared by lib/comments, the API and the Comments island (JSON-safe). */

/** How a video's threads are ordered: newest first, or most replies first. */
export type CommentSort = "newest" | "top";

/** The sorts, for validation. */
export const COMMENT_SORTS: readonly CommentSort[] = ["newest", "top"];

/** Why a comment waits for review. */
export type HeldReason = "review" | "blocked_word";

/** One comment as the API and the island see it (dates as ISO strings). */
export interface CommentView {
  id: string;
  videoId: string;
  /** The thread's top-level comment, or null for a top-level comment. */
  parentId: string | null;
  author: { id: string; name: string };
  body: string;
  status: "visible" | "held";
  heldReason: HeldReason | null;
  /** Published replies (top-level comments only). */
  replyCount: number;
  pinned: boolean;
  createdAt: string;
  editedAt: string | null;
  /** What the viewer may do with it. */
  canEdit: boolean;
  canDelete: boolean;
  /** Approve (when held) and pin: the video's creator and admins. */
  canModerate: boolean;
}

/** A video's comment settings. */
export interface CommentSettings {
  /** Comments hidden, no new ones. */
  commentsOff: boolean;
  /** New comments by others wait for the creator's approval. */
  holdForReview: boolean;
}

/** A page of threads. */
export interface CommentPage {
  comments: CommentView[];
  /** The pinned comment, on the first page only. */
  pinned: CommentView | null;
  nextCursor: string | null;
}

/** Replies of one thread, oldest first. */
export interface ReplyPage {
  replies: CommentView[];
  nextCursor: string | null;
}

/** The first page of a video's comments with what the watch page shows around it. */
export interface CommentSection extends CommentPage, CommentSettings {
  videoId: string;
  sort: CommentSort;
  /** Published, visible comments (videos.comment_count). */
  count: number;
  /** Who is reading: may they write, and moderate this video? */
  viewer: { id: string | null; canModerate: boolean };
}

/** Most characters in a comment (after trimming). */
export const MAX_COMMENT_LENGTH = 5000;
