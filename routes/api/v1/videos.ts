import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import type { Storage } from "../../../lib/storage/mod.ts";
import {
  findManagedVideo,
  findVisibleVideo,
  listOwnVideos,
  type Video,
} from "../../../lib/videos/access.ts";
import { deleteVideoAs, reprocessAsAdmin } from "../../../lib/moderation/videos_admin.ts";
import { auditActor } from "../../_audit_actor.ts";
import { updateVideoMetadata } from "../../../lib/videos/metadata.ts";
import { getProcessingStatus, type ProcessingStatus } from "../../../lib/videos/processing.ts";
import { requireRole, requireUser } from "../../../middleware/auth.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import { videoMetadataSchema } from "../../_video_schemas.ts";
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
import { jobQueued, videoSchema } from "./_schemas.ts";

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });
const videoResponse = z.object({ video: videoSchema });
const tags = ["videos"];

/** What the videos API needs. */
export interface VideoApiDeps {
  sql: Sql;
  kv: Deno.Kv;
  storage: Storage;
  trustProxy: boolean;
}

/** A video with its processing state, as the API shows it. */
export type VideoWithStatus = Video & ProcessingStatus;

/** Adds the processing state (status, progress, error, playable) to a video. */
export async function withStatus(sql: Sql, video: Video): Promise<VideoWithStatus> {
  const status = await getProcessingStatus(sql, video.id);
  return {
    ...video,
    ...(status ?? {
      status: video.status,
      progress: 0,
      error: null,
      playable: false,
      stage: null,
      rungs: [],
      etaS: null,
    }),
  };
}

const listOwn = createRoute({
  method: "get",
  path: "/api/v1/me/videos",
  operationId: "listMyVideos",
  tags,
  summary: "The signed-in creator's videos, every status",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { query: listQuery },
  responses: {
    200: json(z.object({ videos: z.array(videoSchema) }), "Newest first."),
    ...errors(400, 401, 429),
  },
});

const getOne = createRoute({
  method: "get",
  path: "/api/v1/videos/{id}",
  operationId: "getVideo",
  tags,
  summary: "A video the caller may see",
  security: ANYONE,
  request: { params: idParam },
  responses: { 200: json(videoResponse, "The video."), ...errors(400, 404, 429) },
});

const patch = createRoute({
  method: "patch",
  path: "/api/v1/videos/{id}",
  operationId: "updateVideo",
  tags,
  summary: "Change a video's metadata (owner or admin)",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { params: idParam, body: jsonBody(videoMetadataSchema) },
  responses: {
    200: json(videoResponse, "The changed video."),
    ...errors(400, 401, 403, 404, 413, 429),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/videos/{id}",
  operationId: "deleteVideo",
  tags,
  summary: "Delete a video and its files (owner or admin)",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { params: idParam },
  responses: { 204: { description: "Deleted." }, ...errors(400, 401, 403, 404, 429) },
});

const reprocess = createRoute({
  method: "post",
  path: "/api/v1/videos/{id}/reprocess",
  operationId: "reprocessVideo",
  tags,
  summary: "Transcode a video again from its source (admins)",
  security: SIGNED_IN,
  middleware: requireRole("admin"),
  request: { params: idParam },
  responses: {
    202: json(jobQueued, "The job is queued."),
    ...errors(400, 401, 403, 404, 409, 429),
  },
});

/**
 * GET/PATCH/DELETE /api/v1/videos/:id, POST /api/v1/videos/:id/reprocess
 * (admins) and GET /api/v1/me/videos (the signed-in creator's videos, every
 * status). A video someone may not see is a 404; one they may see but not
 * change is a 403.
 */
export function videoApiRoutes(deps: VideoApiDeps): OpenAPIHono {
  const app = apiRouter();
  return app
    .openapi(listOwn, async (c) => {
      const { limit } = c.req.valid("query");
      const videos = await listOwnVideos(deps.sql, { ownerId: c.get("user")!.id, limit });
      c.header("Cache-Control", "private, no-store");
      return c.json({ videos: await Promise.all(videos.map((v) => withStatus(deps.sql, v))) }, 200);
    })
    .openapi(getOne, async (c) => {
      const { id } = c.req.valid("param");
      const video = await findVisibleVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      c.header("Cache-Control", "private, no-store");
      return c.json({ video: await withStatus(deps.sql, video) }, 200);
    })
    .openapi(withBodyReadByHandler(app, patch), async (c) => {
      const { id } = c.req.valid("param");
      const patch = validate(videoMetadataSchema, await readJson(c));
      await findManagedVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      await updateVideoMetadata(deps.sql, { videoId: id, patch });
      const video = await findVisibleVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      return c.json({ video: await withStatus(deps.sql, video) }, 200);
    })
    .openapi(remove, async (c) => {
      const { id } = c.req.valid("param");
      await findManagedVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      await deleteVideoAs(deps, id, { actor: auditActor(c, deps) });
      return c.body(null, 204);
    })
    .openapi(reprocess, async (c) => {
      const { id } = c.req.valid("param");
      const jobId = await reprocessAsAdmin(deps.sql, id, { actor: auditActor(c, deps) });
      return c.json({ jobId }, 202);
    });
}
