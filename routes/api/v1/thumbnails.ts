import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import type { Storage } from "../../../lib/storage/mod.ts";
import { MAX_THUMBNAIL_BYTES } from "../../../lib/thumbnails/probe.ts";
import {
  chooseThumbnail,
  currentThumbnail,
  listThumbnails,
} from "../../../lib/thumbnails/store.ts";
import { acceptThumbnailUpload } from "../../../lib/thumbnails/upload.ts";
import { thumbnailViews } from "../../../lib/thumbnails/urls.ts";
import { findManagedVideo } from "../../../lib/videos/access.ts";
import { requireUser } from "../../../middleware/auth.ts";
import { readJson } from "../../_body.ts";
import { thumbnailUpload } from "../../_upload_field.ts";
import { validate } from "../../_validate.ts";
import {
  apiRouter,
  errors,
  idParam,
  json,
  jsonBody,
  SIGNED_IN,
  withBodyReadByHandler,
} from "./_openapi.ts";

const tags = ["thumbnails"];
const owner = { tags, security: SIGNED_IN, middleware: requireUser() };
const binary = z.string().meta({ format: "binary" });
const chooseBody = z.object({
  name: z.string().regex(/^[a-z0-9]{1,12}$/).meta({
    description: "auto, f1, f2, f3 or an upload.",
  }),
});
const thumbnailSchema = z.object({
  name: z.string(),
  kind: z.enum(["frame", "upload"]),
  state: z.enum(["pending", "usable", "unusable"]),
  widths: z.array(z.number().int()),
  atS: z.number().nullable(),
  error: z.string().nullable(),
  src: z.string().nullable(),
  srcset: z.string().nullable(),
}).meta({ id: "Thumbnail" });

const list = createRoute({
  ...owner,
  method: "get",
  path: "/api/v1/videos/{id}/thumbnails",
  operationId: "listThumbnails",
  summary: "The pictures a video's owner may choose as its thumbnail, and the current one",
  request: { params: idParam },
  responses: {
    200: json(
      z.object({ thumbnails: z.array(thumbnailSchema), current: z.string().nullable() }),
      "Frames from processing and uploads; URLs carry a token for the caller.",
    ),
    ...errors(400, 401, 403, 404, 429),
  },
});

const choose = createRoute({
  ...owner,
  method: "put",
  path: "/api/v1/videos/{id}/thumbnail",
  operationId: "chooseThumbnail",
  summary: "Make one of the video's thumbnails its poster",
  request: { params: idParam, body: jsonBody(chooseBody) },
  responses: {
    200: json(z.object({ current: z.string() }), "The chosen thumbnail."),
    ...errors(400, 401, 403, 404, 409, 413, 429),
  },
});

const upload = createRoute({
  ...owner,
  method: "post",
  path: "/api/v1/videos/{id}/thumbnails",
  operationId: "uploadThumbnail",
  summary: "Upload an image as the thumbnail (JPEG, PNG or WebP)",
  description: `At most ${MAX_THUMBNAIL_BYTES / 1024 / 1024} MiB and 8192 pixels on a side. ` +
    "Probed at once (anything else is a 400, too large a 413), then resized to the poster " +
    "widths by a job; once ready it becomes the video's poster.",
  request: {
    params: idParam,
    body: {
      required: true,
      content: {
        "multipart/form-data": { schema: z.object({ image: binary }) },
        "image/*": { schema: binary },
      },
    },
  },
  responses: {
    202: json(z.object({ thumbnail: thumbnailSchema }), "Accepted; being resized."),
    ...errors(400, 401, 403, 404, 409, 413, 429),
  },
});

/** What the thumbnails API needs. */
export interface ThumbnailApiDeps {
  sql: Sql;
  storage: Storage;
  ffprobePath: string;
  secret: string;
  mediaBaseUrl: string;
}

/**
 * GET /api/v1/videos/:id/thumbnails, PUT /api/v1/videos/:id/thumbnail (choose)
 * and POST /api/v1/videos/:id/thumbnails (upload an image); owner or admin.
 */
export function thumbnailApiRoutes(deps: ThumbnailApiDeps): OpenAPIHono {
  const app = apiRouter();
  return app
    .openapi(list, async (c) => {
      const { id } = c.req.valid("param");
      const user = c.get("user")!;
      await findManagedVideo(deps.sql, { videoId: id, viewer: user });
      const [rows, current] = await Promise.all([
        listThumbnails(deps.sql, id),
        currentThumbnail(deps.sql, id),
      ]);
      c.header("Cache-Control", "private, no-store");
      return c.json({
        thumbnails: thumbnailViews(deps, { videoId: id, viewerId: user.id }, rows),
        current,
      }, 200);
    })
    .openapi(withBodyReadByHandler(app, choose), async (c) => {
      const { id } = c.req.valid("param");
      await findManagedVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      const { name } = validate(chooseBody, await readJson(c));
      await chooseThumbnail(deps.sql, id, name);
      return c.json({ current: name }, 200);
    })
    .openapi(withBodyReadByHandler(app, upload), async (c) => {
      const { id } = c.req.valid("param");
      const video = await findManagedVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      const bytes = await thumbnailUpload(c);
      const t = await acceptThumbnailUpload(deps, video, bytes);
      return c.json({ thumbnail: { ...t, src: null, srcset: null } }, 202);
    });
}
