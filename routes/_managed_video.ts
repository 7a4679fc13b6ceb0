import type { Context } from "hono";
import { z } from "zod";
import type { Sql } from "../lib/db/mod.ts";
import { NotFoundError } from "../lib/errors.ts";
import { findManagedVideo, type Video } from "../lib/videos/access.ts";

/**
 * The video of the route's `:id` if the signed-in user may change it: a
 * malformed id or one they may not see is a 404, one they may only watch a 403.
 */
export async function managedVideo(c: Context, sql: Sql): Promise<Video> {
  const id = z.uuid().safeParse(c.req.param("id"));
  if (!id.success) throw new NotFoundError("We could not find that video.");
  return await findManagedVideo(sql, { videoId: id.data, viewer: c.get("user") });
}
