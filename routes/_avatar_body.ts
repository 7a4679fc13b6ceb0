import type { Context } from "hono";
import { MAX_AVATAR_BYTES } from "../lib/auth/avatar.ts";
import { LimitError, ValidationError } from "../lib/errors.ts";
import { readFormBody } from "../middleware/form_body.ts";

const AVATAR_TOO_LARGE = `An avatar may be at most ${MAX_AVATAR_BYTES / 1024 / 1024} MiB.`;

/** The body cap of an avatar upload (app.ts): the image plus room for multipart framing. */
export const AVATAR_BODY_LIMIT = {
  maxBytes: MAX_AVATAR_BYTES + 64 * 1024,
  message: AVATAR_TOO_LARGE,
};

/** The avatar from a multipart `avatar` field or a raw image body. */
export async function avatarBytes(c: Context): Promise<Uint8Array> {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const file = (await readFormBody(c))["avatar"];
    if (!(file instanceof File)) {
      throw new ValidationError("Choose an image to upload.", {
        details: { fields: [{ field: "avatar", message: "Choose an image to upload." }] },
      });
    }
    if (file.size > MAX_AVATAR_BYTES) {
      throw new LimitError(AVATAR_TOO_LARGE);
    }
    return new Uint8Array(await file.arrayBuffer());
  }
  const buf = new Uint8Array(await c.req.arrayBuffer());
  if (buf.byteLength > MAX_AVATAR_BYTES) {
    throw new LimitError(AVATAR_TOO_LARGE);
  }
  return buf;
}
