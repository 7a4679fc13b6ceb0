import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import type { Storage } from "../../../lib/storage/mod.ts";
import { MAX_CAPTION_BYTES } from "../../../lib/captions/parse.ts";
import {
  type CaptionTrack,
  deleteCaption,
  listCaptions,
  saveCaption,
} from "../../../lib/captions/store.ts";
import { findManagedVideo } from "../../../lib/videos/access.ts";
import { requireUser } from "../../../middleware/auth.ts";
import { captionUpload } from "../../_upload_field.ts";
import { apiRouter, errors, json, SIGNED_IN, withBodyReadByHandler } from "./_openapi.ts";

const tags = ["captions"];
const binary = z.string().meta({ format: "binary" });
const idParam = z.object({ id: z.uuid() });
const langParam = z.object({
  id: z.uuid(),
  lang: z.string().min(2).max(35).meta({ description: "A BCP 47 language tag, e.g. en or pt-BR." }),
});
const captionSchema = z.object({
  lang: z.string(),
  label: z.string(),
  cueCount: z.number().int(),
  byteSize: z.number().int(),
  updatedAt: z.iso.datetime(),
}).meta({ id: "Caption" });
const owner = { tags, security: SIGNED_IN, middleware: requireUser() };

const list = createRoute({
  ...owner,
  method: "get",
  path: "/api/v1/videos/{id}/captions",
  operationId: "listCaptions",
  summary: "A video's caption tracks (owner or admin)",
  request: { params: idParam },
  responses: {
    200: json(z.object({ captions: z.array(captionSchema) }), "By language."),
    ...errors(400, 401, 403, 404, 429),
  },
});

const put = createRoute({
  ...owner,
  method: "put",
  path: "/api/v1/videos/{id}/captions/{lang}",
  operationId: "putCaption",
  summary: "Add or replace one language's captions (WebVTT, or SRT converted to WebVTT)",
  description: "A multipart `file` with a `label`, or the file as the raw body with `?label=`. " +
    `At most ${MAX_CAPTION_BYTES / 1024 / 1024} MiB and 10,000 cues; a problem in the file is a ` +
    "400 whose message names the line (`details.line`). No new transcode: the master playlist " +
    "lists the current tracks as a SUBTITLES group.",
  request: {
    params: langParam,
    body: {
      required: true,
      content: {
        "multipart/form-data": { schema: z.object({ file: binary, label: z.string() }) },
        "text/vtt": { schema: binary },
        "application/x-subrip": { schema: binary },
      },
    },
  },
  responses: {
    200: json(z.object({ caption: captionSchema }), "The stored track."),
    ...errors(400, 401, 403, 404, 413, 429),
  },
});

const remove = createRoute({
  ...owner,
  method: "delete",
  path: "/api/v1/videos/{id}/captions/{lang}",
  operationId: "deleteCaption",
  summary: "Delete one language's captions",
  request: { params: langParam },
  responses: { 204: { description: "Deleted." }, ...errors(400, 401, 403, 404, 429) },
});

function captionJson(t: CaptionTrack) {
  return {
    lang: t.lang,
    label: t.label,
    cueCount: t.cueCount,
    byteSize: t.byteSize,
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** GET /api/v1/videos/:id/captions, PUT and DELETE /api/v1/videos/:id/captions/:lang. */
export function captionApiRoutes(deps: { sql: Sql; storage: Storage }): OpenAPIHono {
  const app = apiRouter();
  return app
    .openapi(list, async (c) => {
      const { id } = c.req.valid("param");
      await findManagedVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      c.header("Cache-Control", "private, no-store");
      return c.json({ captions: (await listCaptions(deps.sql, id)).map(captionJson) }, 200);
    })
    .openapi(withBodyReadByHandler(app, put), async (c) => {
      const { id, lang } = c.req.valid("param");
      await findManagedVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      const upload = await captionUpload(c);
      const caption = await saveCaption(deps, id, { ...upload, lang });
      return c.json({ caption: captionJson(caption) }, 200);
    })
    .openapi(remove, async (c) => {
      const { id, lang } = c.req.valid("param");
      await findManagedVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      await deleteCaption(deps, id, lang);
      return c.body(null, 204);
    });
}
