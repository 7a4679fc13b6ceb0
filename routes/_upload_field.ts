import type { Context } from "hono";
import { LimitError, ValidationError } from "../lib/errors.ts";
import { readFormBody } from "../middleware/form_body.ts";
import { MAX_CAPTION_BYTES } from "../lib/captions/parse.ts";
import { MAX_THUMBNAIL_BYTES } from "../lib/thumbnails/probe.ts";

/** Room for multipart framing and the text fields beside a file, in a body limit. */
export const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * A file sent as the multipart field `field` (with the form's text fields) or
 * as the raw body (the text fields then come from the query). The body limit
 * (middleware/body_limit.ts) has already capped the request; `maxBytes` is the
 * file's own limit, named in the error.
 */
export async function uploadedFile(
  c: Context,
  options: { field: string; maxBytes: number; tooLarge: string; missing: string },
): Promise<{ bytes: Uint8Array; name: string; fields: Record<string, string> }> {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const form = await readFormBody(c);
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) if (typeof v === "string") fields[k] = v;
    const file = form[options.field];
    if (!(file instanceof File) || file.size === 0) {
      throw new ValidationError(options.missing, {
        details: { fields: [{ field: options.field, message: options.missing }] },
      });
    }
    if (file.size > options.maxBytes) throw new LimitError(options.tooLarge);
    return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name, fields };
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > options.maxBytes) throw new LimitError(options.tooLarge);
  if (bytes.byteLength === 0) throw new ValidationError(options.missing);
  return { bytes, name: "", fields: c.req.query() };
}

/** The body limit of a caption upload (app.ts): the file plus the form around it. */
export const CAPTION_BODY_LIMIT = {
  maxBytes: MAX_CAPTION_BYTES + FORM_OVERHEAD_BYTES,
  message: `A caption file may be at most ${MAX_CAPTION_BYTES / 1024 / 1024} MiB.`,
};

/** A caption upload: multipart `file` (+ `label`, `lang`), or a raw body (`?label=`). */
export async function captionUpload(
  c: Context,
): Promise<{ bytes: Uint8Array; label: string; lang: string }> {
  const { bytes, fields } = await uploadedFile(c, {
    field: "file",
    maxBytes: MAX_CAPTION_BYTES,
    tooLarge: CAPTION_BODY_LIMIT.message,
    missing: "Choose a WebVTT (.vtt) or SubRip (.srt) file.",
  });
  return { bytes, label: fields.label ?? "", lang: fields.lang ?? "" };
}

/** The body limit of a thumbnail upload (app.ts). */
export const THUMBNAIL_BODY_LIMIT = {
  maxBytes: MAX_THUMBNAIL_BYTES + FORM_OVERHEAD_BYTES,
  message: `An image may be at most ${MAX_THUMBNAIL_BYTES / 1024 / 1024} MiB.`,
};

/** A thumbnail upload: multipart `image`, or the image as the raw body. */
export async function thumbnailUpload(c: Context): Promise<Uint8Array> {
  const { bytes } = await uploadedFile(c, {
    field: "image",
    maxBytes: MAX_THUMBNAIL_BYTES,
    tooLarge: THUMBNAIL_BODY_LIMIT.message,
    missing: "Choose a JPEG, PNG or WebP image.",
  });
  return bytes;
}

/** Body limits of the caption and thumbnail uploads (app.ts's bodyLimit rules). */
export const MEDIA_EDIT_BODY_LIMITS = [
  { method: "PUT", path: "/api/v1/videos/:id/captions/:lang", ...CAPTION_BODY_LIMIT },
  { method: "POST", path: "/studio/videos/:id/captions", ...CAPTION_BODY_LIMIT },
  { method: "POST", path: "/api/v1/videos/:id/thumbnails", ...THUMBNAIL_BODY_LIMIT },
  { method: "POST", path: "/studio/videos/:id/thumbnails", ...THUMBNAIL_BODY_LIMIT },
];
