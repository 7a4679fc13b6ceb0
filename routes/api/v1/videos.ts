import { Hono } from "hono";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import type { Storage } from "../../../lib/storage/mod.ts";
import {
  findManagedVideo,
  findVisibleVideo,
  listOwnVideos,
  type Video,
} from "../../../lib/videos/access.ts";
import { deleteVideo, rerunProcessing } from "../../../lib/videos/manage.ts";
import { updateVideoMetadata } from "../../../lib/videos/metadata.ts";
import { getProcessingStatus, type ProcessingStatus } from "../../../lib/videos/processing.ts";
import { requireRole, requireUser } from "../../../middleware/auth.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import { videoMetadataSchema } from "../../_video_schemas.ts";

const idParam = z.object({ id: z.uuid() });
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });

/** What the videos API needs. */
export interface VideoApiDeps {
  sql: Sql;
  kv: Deno.Kv;
  storage: Storage;
}

/** A video with its processing state, as the API shows it. */
export type VideoWithStatus = Video & ProcessingStatus;

/** Adds the processing state (status, progress, error, playable) to a video. */
export async function withStatus(sql: Sql, video: Video): Promise<VideoWithStatus> {
  const status = await getProcessingStatus(sql, video.id);
  return {
    ...video,
    ...(status ?? { status: video.status, progress: 0, error: null, playable: false }),
  };
}

/**
 * GET/PATCH/DELETE /api/v1/videos/:id, POST /api/v1/videos/:id/reprocess
 * (admins) and GET /api/v1/me/videos (the signed-in creator's videos, every
 * status). A video someone may not see is a 404; one they may see but not
 * change is a 403.
 */
export function videoApiRoutes(deps: VideoApiDeps): Hono {
  return new Hono()
    .get("/api/v1/me/videos", requireUser(), async (c) => {
      const { limit } = validate(listQuery, c.req.query());
      const videos = await listOwnVideos(deps.sql, { ownerId: c.get("user")!.id, limit });
      c.header("Cache-Control", "private, no-store");
      return c.json({ videos: await Promise.all(videos.map((v) => withStatus(deps.sql, v))) });
    })
    .get("/api/v1/videos/:id", async (c) => {
      const { id } = validate(idParam, c.req.param());
      const video = await findVisibleVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      c.header("Cache-Control", "private, no-store");
      return c.json({ video: await withStatus(deps.sql, video) });
    })
    .patch("/api/v1/videos/:id", requireUser(), async (c) => {
      const { id } = validate(idParam, c.req.param());
      const patch = validate(videoMetadataSchema, await readJson(c));
      await findManagedVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      await updateVideoMetadata(deps.sql, { videoId: id, patch });
      const video = await findVisibleVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      return c.json({ video: await withStatus(deps.sql, video) });
    })
    .delete("/api/v1/videos/:id", requireUser(), async (c) => {
      const { id } = validate(idParam, c.req.param());
      await findManagedVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      await deleteVideo(deps, id);
      return c.body(null, 204);
    })
    .post("/api/v1/videos/:id/reprocess", requireRole("admin"), async (c) => {
      const { id } = validate(idParam, c.req.param());
      const { jobId } = await rerunProcessing(deps, id);
      return c.json({ jobId }, 202);
    });
}
