import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import { followFeed } from "../../../lib/social/feed.ts";
import { follow, unfollow } from "../../../lib/social/follows.ts";
import { listLikedVideos } from "../../../lib/social/liked.ts";
import { react, reactionSummary, unreact } from "../../../lib/social/reactions.ts";
import { REACTIONS } from "../../../lib/shared/social.ts";
import { findVisibleVideo } from "../../../lib/videos/access.ts";
import { requireUser } from "../../../middleware/auth.ts";
import { readJson } from "../../_body.ts";
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
import { cardPageSchema, followResponse, reactionResponse } from "./_social_schemas.ts";

const reactionBody = z.object({ reaction: z.enum(REACTIONS) }).strict();
const pageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(24),
});

const getReaction = createRoute({
  method: "get",
  path: "/api/v1/videos/{id}/reaction",
  operationId: "getReaction",
  tags: ["likes"],
  summary: "A video's like count and the caller's own reaction",
  description: "The dislike count is included only for the video's creator and admins.",
  security: ANYONE,
  request: { params: idParam },
  responses: { 200: json(reactionResponse, "The reactions."), ...errors(400, 404, 429) },
});

const putReaction = createRoute({
  method: "put",
  path: "/api/v1/videos/{id}/reaction",
  operationId: "setReaction",
  tags: ["likes"],
  summary: "Like or dislike a video (replaces the caller's reaction)",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { params: idParam, body: jsonBody(reactionBody) },
  responses: {
    200: json(reactionResponse, "The reactions after the change."),
    ...errors(400, 401, 403, 404, 413, 429),
  },
});

const deleteReaction = createRoute({
  method: "delete",
  path: "/api/v1/videos/{id}/reaction",
  operationId: "clearReaction",
  tags: ["likes"],
  summary: "Take back the caller's like or dislike",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { params: idParam },
  responses: {
    200: json(reactionResponse, "The reactions after the change."),
    ...errors(400, 401, 403, 404, 429),
  },
});

const likedVideos = createRoute({
  method: "get",
  path: "/api/v1/users/me/likes",
  operationId: "listLikedVideos",
  tags: ["likes"],
  summary: "The videos the caller liked that they may still see, most recently liked first",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { query: pageQuery },
  responses: { 200: json(cardPageSchema, "A page of videos."), ...errors(400, 401, 429) },
});

const followRoute = (method: "put" | "delete") =>
  createRoute({
    method,
    path: "/api/v1/users/{id}/follow",
    operationId: method === "put" ? "followUser" : "unfollowUser",
    tags: ["follows"],
    summary: method === "put" ? "Follow a creator" : "Stop following a creator",
    description: "Repeating it changes nothing. Following oneself is a 400.",
    security: SIGNED_IN,
    middleware: requireUser(),
    request: { params: idParam },
    responses: {
      200: json(followResponse, "The creator's followers after the change."),
      ...errors(400, 401, 403, 404, 429),
    },
  });

const feed = createRoute({
  method: "get",
  path: "/api/v1/feed",
  operationId: "followFeed",
  tags: ["follows"],
  summary: "New public videos from the creators the caller follows, newest first",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { query: pageQuery },
  responses: { 200: json(cardPageSchema, "A page of videos."), ...errors(400, 401, 429) },
});

/**
 * Likes and follows: GET/PUT/DELETE /api/v1/videos/:id/reaction,
 * GET /api/v1/users/me/likes, PUT/DELETE /api/v1/users/:id/follow and
 * GET /api/v1/feed. A video the caller may not see is a 404, whoever asks.
 */
export function socialApiRoutes(deps: { sql: Sql; mediaBaseUrl?: string }): OpenAPIHono {
  const app = apiRouter();
  const { sql, mediaBaseUrl } = deps;
  return app
    .openapi(getReaction, async (c) => {
      const viewer = c.get("user");
      const video = await findVisibleVideo(sql, { videoId: c.req.valid("param").id, viewer });
      c.header("Cache-Control", "private, no-store");
      return c.json({ reaction: await reactionSummary(sql, { video, viewer }) }, 200);
    })
    .openapi(withBodyReadByHandler(app, putReaction), async (c) => {
      const { reaction } = validate(reactionBody, await readJson(c));
      const videoId = c.req.valid("param").id;
      return c.json(
        { reaction: await react(sql, { videoId, viewer: c.get("user")!, reaction }) },
        200,
      );
    })
    .openapi(deleteReaction, async (c) => {
      const videoId = c.req.valid("param").id;
      return c.json({ reaction: await unreact(sql, { videoId, viewer: c.get("user")! }) }, 200);
    })
    .openapi(likedVideos, async (c) => {
      const q = c.req.valid("query");
      c.header("Cache-Control", "private, no-store");
      return c.json(await listLikedVideos(sql, c.get("user")!, { ...q, mediaBaseUrl }), 200);
    })
    .openapi(followRoute("put"), async (c) => {
      const creatorId = c.req.valid("param").id;
      return c.json({ follow: await follow(sql, { creatorId, viewer: c.get("user")! }) }, 200);
    })
    .openapi(followRoute("delete"), async (c) => {
      const creatorId = c.req.valid("param").id;
      return c.json({ follow: await unfollow(sql, { creatorId, viewer: c.get("user")! }) }, 200);
    })
    .openapi(feed, async (c) => {
      const q = c.req.valid("query");
      c.header("Cache-Control", "private, no-store");
      return c.json(await followFeed(sql, c.get("user")!, { ...q, mediaBaseUrl }), 200);
    });
}
