/**
 * Who hears of a published comment: the video's creator ("commented on your
 * video") and, for a reply, the thread's author ("replied to your comment";
 * only that one when they are the same person). Nobody hears of their own
 * comment, and a held comment is told once it is approved, not before.
 */
import type { Sql } from "../db/mod.ts";
import { notify } from "../notifications/notify.ts";

const EXCERPT = 120;

/**
 * Tells the people a just-published comment concerns; safe to call twice
 * (deduplicated). `except` is left out (the moderator who just approved it).
 */
export async function tellAboutComment(
  sql: Sql,
  commentId: string,
  options: { except?: string } = {},
): Promise<void> {
  const [c] = await sql<
    {
      authorId: string;
      videoId: string;
      ownerId: string;
      title: string;
      body: string;
      threadAuthorId: string | null;
      status: string;
    }[]
  >`
    select c.author_id as "authorId", c.video_id as "videoId", v.owner_id as "ownerId",
           v.title, c.body, t.author_id as "threadAuthorId", c.status
    from comments c join videos v on v.id = c.video_id
    left join comments t on t.id = c.parent_id
    where c.id = ${commentId}`;
  if (!c || c.status !== "visible") return;
  const flat = c.body.replace(/\s+/g, " ").trim();
  const excerpt = flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
  const base = {
    actorId: c.authorId,
    videoId: c.videoId,
    subjectId: commentId,
    data: { title: c.title, excerpt },
  };
  if (c.threadAuthorId && c.threadAuthorId !== options.except) {
    await notify(sql, c.threadAuthorId, {
      ...base,
      kind: "comment_reply",
      dedupeKey: `comment:${commentId}`,
    });
  }
  if (c.threadAuthorId !== c.ownerId && c.ownerId !== options.except) {
    await notify(sql, c.ownerId, {
      ...base,
      kind: "video_comment",
      dedupeKey: `comment:${commentId}`,
    });
  }
}
