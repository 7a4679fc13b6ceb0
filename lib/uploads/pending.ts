import type { Sql } from "../db/mod.ts";

/** An upload that was started and not finished: what the owner needs to resume or discard it. */
export interface PendingUpload {
  uploadId: string;
  videoId: string;
  filename: string;
  size: number;
  /** Bytes of the parts stored so far. */
  received: number;
  expiresAt: Date;
}

/** At most this many unfinished uploads are listed (MAX_OPEN_UPLOADS is 5 by default). */
const PENDING_LIMIT = 20;

/**
 * The owner's unfinished uploads that can still be resumed (pending, not
 * expired), newest first, so that the upload page and the studio can offer
 * "pick the file again" and "discard" after a reload or on another day.
 */
export async function listPendingUploads(sql: Sql, ownerId: string): Promise<PendingUpload[]> {
  const rows = await sql<PendingUpload[]>`
    select u.id as "uploadId", u.video_id as "videoId", u.filename, u.size,
      coalesce((select sum(p.size) from upload_parts p where p.upload_id = u.id), 0) as received,
      u.expires_at as "expiresAt"
    from uploads u
    where u.owner_id = ${ownerId} and u.status = 'pending' and u.expires_at > now()
    order by u.created_at desc limit ${PENDING_LIMIT}`;
  return rows.map((r) => ({ ...r, size: Number(r.size), received: Number(r.received) }));
}
