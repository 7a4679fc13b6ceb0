import { useContext } from "preact/hooks";
import Comments from "../islands/Comments.tsx";
import type { CommentSection } from "../lib/shared/comments.ts";
import { SessionContext } from "./session.ts";

/**
 * The comments under a video on the watch page: the Comments island with the
 * server-loaded first page (lib/comments/list.ts commentSection) and the
 * page's CSRF token for its no-JavaScript form.
 */
export function CommentsSection(props: { section: CommentSection }) {
  const { csrfToken } = useContext(SessionContext);
  return <Comments {...props.section} csrfToken={csrfToken ?? ""} />;
}
