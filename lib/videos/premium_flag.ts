import type { Sql } from "../db/mod.ts";
import { findManagedVideo, type Viewer } from "./access.ts";

/**
 * Marks a video premium-only, or not (its owner or an admin; NotFound or
 * PermissionError otherwise). The media edge sees the change within its grant
 * cache's lifetime (5 s).
 */
export async function setVideoPremium(
  sql: Sql,
  options: { videoId: string; viewer: Viewer; premium: boolean },
): Promise<boolean> {
  const video = await findManagedVideo(sql, options);
  const [row] = await sql<{ premium: boolean }[]>`
    update videos set premium = ${options.premium}, updated_at = now()
    where id = ${video.id} returning premium`;
  return row.premium;
}
