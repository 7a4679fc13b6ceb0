/**
 * The admin video list (every video, any state, with filters and failure
 * reasons) and the actions on it: visibility change, re-run, deletion. Each
 * action is audited; deleting someone else's video is one of the "sensitive
 * actions" the audit log exists for.
 */
import type { Sql } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";
import type { Storage } from "../storage/types.ts";
import type { VideoState } from "../videos/lifecycle.ts";
import { deleteVideo, rerunProcessing } from "../videos/manage.ts";
import { updateVideoMetadata } from "../videos/metadata.ts";
import { type AuditActor, recordAudit } from "./audit.ts";

/** A row of /admin/videos. */
export interface AdminVideoRow {
  id: string;
  title: string;
  ownerId: string;
  ownerName: string;
  status: VideoState;
  statusReason: string | null;
  visibility: "public" | "unlisted" | "private";
  durationS: number | null;
  sourceSize: number | null;
  createdAt: Date;
}

/** The list's filters; `after` is the previous page's last row (newest first). */
export interface VideoFilter {
  status?: VideoState;
  q?: string;
  after?: { at: Date; id: string };
  limit: number;
}

/** Videos matching the filter, newest first, `limit` (≤ 100) at a time. */
export async function listAdminVideos(sql: Sql, filter: VideoFilter): Promise<AdminVideoRow[]> {
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return await sql<AdminVideoRow[]>`
    select v.id, v.title, v.owner_id as "ownerId", u.display_name as "ownerName", v.status,
      v.status_reason as "statusReason", v.visibility, v.duration_s as "durationS",
      v.source_size::float8 as "sourceSize", v.created_at as "createdAt"
    from videos v join users u on u.id = v.owner_id
    where ${filter.status ? sql`v.status = ${filter.status}` : sql`true`}
      and ${like ? sql`(v.title ilike ${like} or u.display_name ilike ${like})` : sql`true`}
      and ${
    filter.after ? sql`(v.created_at, v.id) < (${filter.after.at}, ${filter.after.id})` : sql`true`
  }
    order by v.created_at desc, v.id desc limit ${Math.max(1, Math.min(filter.limit, 100))}`;
}

async function ownerOf(sql: Sql, videoId: string): Promise<string> {
  const [v] = await sql<{ ownerId: string }[]>`
    select owner_id as "ownerId" from videos where id = ${videoId}`;
  if (!v) throw new NotFoundError("No such video.");
  return v.ownerId;
}

/** An admin changes a video's visibility. */
export async function setVisibilityAsAdmin(
  sql: Sql,
  videoId: string,
  options: { visibility: AdminVideoRow["visibility"]; actor: AuditActor },
): Promise<void> {
  await ownerOf(sql, videoId);
  await updateVideoMetadata(sql, { videoId, patch: { visibility: options.visibility } });
  await recordAudit(sql, options.actor, {
    action: "video.visibility",
    target: { kind: "video", id: videoId },
    details: { visibility: options.visibility },
  });
}

/** An admin re-runs a video's processing; returns the new job's id. */
export async function reprocessAsAdmin(
  sql: Sql,
  videoId: string,
  options: { actor: AuditActor },
): Promise<string> {
  const { jobId } = await rerunProcessing({ sql }, videoId);
  await recordAudit(sql, options.actor, {
    action: "video.reprocess",
    target: { kind: "video", id: videoId },
    details: { jobId },
  });
  return jobId;
}

/**
 * Deletes a video (lib/videos/manage.ts deleteVideo(): uploads, jobs,
 * objects, rows) and, when the one deleting is not its owner, audits it.
 */
export async function deleteVideoAs(
  deps: { sql: Sql; storage: Storage },
  videoId: string,
  options: { actor: AuditActor; reason?: string },
): Promise<void> {
  const ownerId = await ownerOf(deps.sql, videoId);
  await deleteVideo(deps, videoId);
  if (ownerId === options.actor.id) return;
  await recordAudit(deps.sql, options.actor, {
    action: "video.delete",
    target: { kind: "video", id: videoId },
    details: { ownerId, ...(options.reason ? { reason: options.reason } : {}) },
  });
}
