import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Context } from "hono";
import { z } from "zod";
import { Form } from "../components/Form.tsx";
import { Layout } from "../components/Layout.tsx";
import { createComment } from "../lib/comments/write.ts";
import { AuthenticationError, NotFoundError } from "../lib/errors.ts";
import { MAX_COMMENT_LENGTH } from "../lib/shared/comments.ts";
import type { Sql } from "../lib/db/mod.ts";
import { type CommentRateLimit, countCommentPost, newCommentSchema } from "./_comment_schemas.ts";
import { formPost, type FormState } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

/** What the comment form needs. */
export interface CommentPageDeps {
  sql: Sql;
  postLimit: CommentRateLimit;
  /** Refuses (403) a user who may not comment yet (an unconfirmed address). */
  mayComment?: (userId: string) => Promise<void>;
}

/**
 * POST /v/:id/comments — the watch page's new-comment form without
 * JavaScript: the same rules as the API (and the same per-user limit); back
 * to the comment on the watch page, or a page with the text kept and the
 * reason when it cannot be posted.
 */
export function commentPageRoutes(deps: CommentPageDeps): Hono {
  return new Hono().post(
    "/v/:id/comments",
    formPost(async (c, values) => {
      const videoId = videoIdOf(c);
      const user = c.get("user");
      if (!user) throw new AuthenticationError("Sign in to comment.");
      const input = validate(newCommentSchema, { body: values.body ?? "" });
      await deps.mayComment?.(user.id);
      await countCommentPost(deps.postLimit, user.id);
      const comment = await createComment(deps.sql, user, { videoId, ...input });
      return c.redirect(`/v/${videoId}#comment-${comment.id}`, 303);
    }, { rerender: retryPage }),
  );
}

function videoIdOf(c: Context): string {
  const id = z.uuid().safeParse(c.req.param("id"));
  if (!id.success) throw new NotFoundError("We could not find that video.");
  return id.data;
}

function retryPage(c: Context, state: FormState, status: ContentfulStatusCode): Response {
  const videoId = videoIdOf(c);
  const message = Object.values(state.errors ?? {})[0] ?? state.error ?? "Try again.";
  return page(
    c,
    <Layout title="Your comment" head={<link rel="stylesheet" href="/static/comments.css" />}>
      <section class="comment-retry">
        <h1>Your comment was not posted</h1>
        <Form action={`/v/${videoId}/comments`} error={message}>
          <label for="comment-body">Your comment</label>
          <textarea id="comment-body" name="body" rows={6} maxLength={MAX_COMMENT_LENGTH}>
            {state.values?.body ?? ""}
          </textarea>
          <p>
            <button type="submit" class="button">Post comment</button>{" "}
            <a href={`/v/${videoId}#comments`}>Back to the video</a>
          </p>
        </Form>
      </section>
    </Layout>,
    status,
  );
}
