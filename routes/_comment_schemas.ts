/**
 * Comment input rules shared by the comments API and the watch page's form,
 * and the per-user posting limit both count against.
 */
import { z } from "zod";
import { RateLimitError } from "../lib/errors.ts";
import { hitRateLimit, type RateLimitRule } from "../lib/rate_limit.ts";
import { MAX_COMMENT_LENGTH } from "../lib/shared/comments.ts";
import { plain } from "./_video_schemas.ts";

/**
 * A comment's text: line breaks normalised to \n and runs of blank lines cut
 * to one, trimmed, 1–5,000 characters, no NUL/control/bidi-override
 * characters (tabs and line breaks are text).
 */
export const commentBody = z.string().max(MAX_COMMENT_LENGTH * 4)
  .transform((s) => s.replace(/\r\n?/g, "\n").replace(/\n{3,}/g, "\n\n").trim())
  .pipe(
    z.string().min(1, "Write something first.")
      .max(MAX_COMMENT_LENGTH, `At most ${MAX_COMMENT_LENGTH} characters.`)
      .refine(
        (s) => plain(s.replace(/[\n\t]/g, "")),
        "The comment contains characters that are not allowed.",
      ),
  );

/** POST /api/v1/videos/:id/comments and the page form. */
export const newCommentSchema = z.object({ body: commentBody, parentId: z.uuid().optional() })
  .strict();

/** How many comments one user may post per window. */
export interface CommentRateLimit {
  kv: Deno.Kv;
  limit: number;
  windowMs: number;
}

/** Counts one comment by `userId`; over the limit a RateLimitError (429 with Retry-After). */
export async function countCommentPost(rule: CommentRateLimit, userId: string): Promise<void> {
  const options: RateLimitRule = {
    name: "comment-user",
    limit: rule.limit,
    windowMs: rule.windowMs,
  };
  const r = await hitRateLimit(rule.kv, userId, options);
  if (!r.ok) {
    throw new RateLimitError(r.retryAfter, {
      message: `You are commenting too fast. Try again in ${r.retryAfter} s.`,
    });
  }
}
