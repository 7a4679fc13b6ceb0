import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import { getComment, listComments, listReplies } from "../../../lib/comments/list.ts";
import { approveComment, pinComment } from "../../../lib/comments/moderate.ts";
import { COMMENT_SORTS } from "../../../lib/shared/comments.ts";
import { findCommentVideo, updateCommentSettings } from "../../../lib/comments/video.ts";
import { createComment, deleteComment, editComment } from "../../../lib/comments/write.ts";
import { PermissionError } from "../../../lib/errors.ts";
import { requireUser } from "../../../middleware/auth.ts";
import { readJson } from "../../_body.ts";
import {
  commentBody,
  type CommentRateLimit,
  countCommentPost,
  newCommentSchema,
} from "../../_comment_schemas.ts";
import { validate } from "../../_validate.ts";
import {
  ANYONE,
  apiRouter,
  errors,
  idParam,
  json,
  jsonBody,
  SIGNED_IN,
  withBodyReadByHandler,
} from "./_openapi.ts";

const commentSchema = z.object({
  id: z.uuid(),
  videoId: z.uuid(),
  parentId: z.uuid().nullable().meta({ description: "The thread (top-level comment) of a reply." }),
  author: z.object({ id: z.uuid(), name: z.string() }),
  body: z.string().meta({ description: "Plain text; render it escaped (URLs may be linked)." }),
  status: z.enum(["visible", "held"]),
  heldReason: z.enum(["review", "blocked_word"]).nullable(),
  replyCount: z.number().int(),
  pinned: z.boolean(),
  createdAt: z.iso.datetime(),
  editedAt: z.iso.datetime().nullable(),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
  canModerate: z.boolean(),
}).meta({ id: "Comment" });
const settingsSchema = z.object({
  commentsOff: z.boolean(),
  holdForReview: z.boolean(),
}).meta({ id: "CommentSettings" });
const settingsPatch = settingsSchema.partial().strict();
const editSchema = z.object({ body: commentBody }).strict();
const pinSchema = z.object({ pinned: z.boolean().default(true) }).strict();
const cursor = z.string().max(200).optional();
const listQuery = z.object({ sort: z.enum(COMMENT_SORTS).default("newest"), cursor });
const commentResponse = z.object({ comment: commentSchema });
const tags = ["comments"];
const signedIn = { tags, security: SIGNED_IN, middleware: requireUser() } as const;

const list = createRoute({
  tags,
  method: "get",
  path: "/api/v1/videos/{id}/comments",
  operationId: "listComments",
  summary: "A page of a video's threads (top-level comments); the pinned one on the first page",
  security: ANYONE,
  request: { params: idParam, query: listQuery },
  responses: {
    200: json(
      z.object({
        comments: z.array(commentSchema),
        pinned: commentSchema.nullable(),
        nextCursor: z.string().nullable(),
        count: z.number().int().meta({ description: "Published, visible comments." }),
      }),
      "Held comments appear only to their author and the video's creator.",
    ),
    ...errors(400, 403, 404, 429),
  },
});

const replies = createRoute({
  tags,
  method: "get",
  path: "/api/v1/comments/{id}/replies",
  operationId: "listReplies",
  summary: "A page of a thread's replies, oldest first",
  security: ANYONE,
  request: { params: idParam, query: z.object({ cursor }) },
  responses: {
    200: json(
      z.object({ replies: z.array(commentSchema), nextCursor: z.string().nullable() }),
      "Replies.",
    ),
    ...errors(400, 403, 404, 429),
  },
});

const create = createRoute({
  ...signedIn,
  method: "post",
  path: "/api/v1/videos/{id}/comments",
  operationId: "createComment",
  summary: "Comment on a video, or reply (parentId: any comment of the thread)",
  description: "Held for review (status `held`) when the video holds comments or the text " +
    "contains a blocked word. At most 10 per minute per user.",
  request: { params: idParam, body: jsonBody(newCommentSchema) },
  responses: {
    201: json(commentResponse, "Posted (or held)."),
    ...errors(400, 401, 403, 404, 409, 413, 429),
  },
});

const edit = createRoute({
  ...signedIn,
  method: "patch",
  path: "/api/v1/comments/{id}",
  operationId: "editComment",
  summary: "Change the text of your own comment (marked edited)",
  request: { params: idParam, body: jsonBody(editSchema) },
  responses: { 200: json(commentResponse, "Changed."), ...errors(400, 401, 403, 404, 413, 429) },
});

const remove = createRoute({
  ...signedIn,
  method: "delete",
  path: "/api/v1/comments/{id}",
  operationId: "deleteComment",
  summary: "Delete a comment and its replies (its author, the video's creator, or an admin)",
  request: { params: idParam },
  responses: { 204: { description: "Deleted." }, ...errors(400, 401, 403, 404, 429) },
});

const pin = createRoute({
  ...signedIn,
  method: "post",
  path: "/api/v1/comments/{id}/pin",
  operationId: "pinComment",
  summary: "Pin (or with `pinned: false` unpin) a top-level comment (the video's creator)",
  request: { params: idParam, body: jsonBody(pinSchema) },
  responses: {
    200: json(commentResponse, "Pinned."),
    ...errors(400, 401, 403, 404, 409, 413, 429),
  },
});

const approve = createRoute({
  ...signedIn,
  method: "post",
  path: "/api/v1/comments/{id}/approve",
  operationId: "approveComment",
  summary: "Publish a held comment (the video's creator)",
  request: { params: idParam },
  responses: { 200: json(commentResponse, "Published."), ...errors(400, 401, 403, 404, 409, 429) },
});

const settings = createRoute({
  ...signedIn,
  method: "put",
  path: "/api/v1/videos/{id}/comment-settings",
  operationId: "updateCommentSettings",
  summary: "Turn comments off, or hold all comments for review (the video's creator)",
  request: { params: idParam, body: jsonBody(settingsPatch) },
  responses: {
    200: json(z.object({ settings: settingsSchema }), "The settings now."),
    ...errors(400, 401, 403, 404, 413, 429),
  },
});

/** What the comments API needs. */
export interface CommentApiDeps {
  sql: Sql;
  postLimit: CommentRateLimit;
  /** Refuses (403) a user who may not comment yet (an unconfirmed address). */
  mayComment?: (userId: string) => Promise<void>;
}

/**
 * Comments (docs/DESIGN.md, "Community: comments"): threads and replies on
 * videos the caller may see (404 otherwise), posting, editing, deleting,
 * pinning, approving, and per-video settings. 403 with a clear message when
 * a video's comments are off.
 */
export function commentApiRoutes(deps: CommentApiDeps): OpenAPIHono {
  const { sql } = deps;
  const app = apiRouter();
  return app
    .openapi(list, async (c) => {
      const { id } = c.req.valid("param");
      const { sort, cursor } = c.req.valid("query");
      const viewer = c.get("user");
      const video = await findCommentVideo(sql, { videoId: id, viewer });
      const page = await listComments(sql, video, { viewer, sort, cursor });
      c.header("Cache-Control", "private, no-store");
      return c.json({ ...page, count: video.count }, 200);
    })
    .openapi(replies, async (c) => {
      const { id } = c.req.valid("param");
      const { cursor } = c.req.valid("query");
      c.header("Cache-Control", "private, no-store");
      return c.json(await listReplies(sql, id, { viewer: c.get("user"), cursor }), 200);
    })
    .openapi(withBodyReadByHandler(app, create), async (c) => {
      const { id } = c.req.valid("param");
      const input = validate(newCommentSchema, await readJson(c));
      const user = c.get("user")!;
      await deps.mayComment?.(user.id);
      await countCommentPost(deps.postLimit, user.id);
      const comment = await createComment(sql, user, { videoId: id, ...input });
      return c.json({ comment }, 201);
    })
    .openapi(withBodyReadByHandler(app, edit), async (c) => {
      const { id } = c.req.valid("param");
      const { body } = validate(editSchema, await readJson(c));
      const comment = await editComment(sql, c.get("user")!, { commentId: id, body });
      return c.json({ comment }, 200);
    })
    .openapi(remove, async (c) => {
      const { id } = c.req.valid("param");
      await deleteComment(sql, c.get("user")!, id);
      return c.body(null, 204);
    })
    .openapi(withBodyReadByHandler(app, pin), async (c) => {
      const { id } = c.req.valid("param");
      const { pinned } = validate(pinSchema, await readJson(c));
      const user = c.get("user")!;
      await pinComment(sql, user, { commentId: id, pinned });
      return c.json({ comment: await getComment(sql, id, user) }, 200);
    })
    .openapi(approve, async (c) => {
      const { id } = c.req.valid("param");
      const user = c.get("user")!;
      await approveComment(sql, user, id);
      return c.json({ comment: await getComment(sql, id, user) }, 200);
    })
    .openapi(withBodyReadByHandler(app, settings), async (c) => {
      const { id } = c.req.valid("param");
      const patch = validate(settingsPatch, await readJson(c));
      const viewer = c.get("user");
      const video = await findCommentVideo(sql, { videoId: id, viewer });
      if (!video.moderator) {
        throw new PermissionError("Only the video's creator can change its comment settings.");
      }
      return c.json({ settings: await updateCommentSettings(sql, id, patch) }, 200);
    });
}
