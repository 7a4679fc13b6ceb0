/**
 * What a remote runner may read and write for the job it holds, and nothing
 * else: it may download the job's own source (a presigned or signed GET, so
 * the bytes never pass through the web tier), and write, list and delete
 * objects under the job's own media prefix. Keys outside it are refused
 * (PermissionError) before storage is touched; the catalog writes it sends
 * go through the same catalog a local worker uses (sqlTranscodeCatalog), with
 * every key they name checked the same way.
 */
import type { Config } from "../config.ts";
import type { Sql } from "../db/mod.ts";
import { PermissionError } from "../errors.ts";
import type { Claim } from "../queue/mod.ts";
import { MEDIA_PATH_PATTERN, mediaPath, mediaPrefix } from "../storage/layout.ts";
import type { Storage } from "../storage/types.ts";
import type { RenditionRow } from "../videos/processing.ts";
import { sqlTranscodeCatalog, type TranscodeCatalog } from "../videos/transcode_catalog.ts";
import { transcodeBudget, transcodeKind } from "../videos/transcode_job.ts";

/** A presigned source URL lives this long: the runner starts its download at once. */
const SOURCE_URL_TTL_S = 15 * 60;

/** The video a held job works on; a job of another kind has no files here. */
export function jobVideo(claim: Claim): string {
  const { job } = claim;
  if (job.kind !== transcodeKind.kind || !job.videoId) {
    throw new PermissionError("This job has no media for a runner.");
  }
  return job.videoId;
}

/** `key` when it lies under the job's media prefix with a media path; PermissionError otherwise. */
export function jobMediaKey(claim: Claim, key: string): string {
  const path = mediaPath(jobVideo(claim), key);
  if (path === undefined || !MEDIA_PATH_PATTERN.test(path)) {
    throw new PermissionError("That key lies outside this job's media.");
  }
  return key;
}

/** The job's own media prefix (for listing). */
export function jobMediaPrefix(claim: Claim): string {
  return mediaPrefix(jobVideo(claim));
}

/**
 * A URL the runner downloads `key` from: only the job's own source. Undefined
 * when the video is gone (the runner then has nothing to do).
 */
export async function sourceUrl(
  deps: { sql: Sql; storage: Storage },
  claim: Claim,
  key: string,
): Promise<string> {
  const [video] = await deps.sql<{ sourceKey: string | null }[]>`
    select source_key as "sourceKey" from videos where id = ${jobVideo(claim)}`;
  if (!video?.sourceKey || video.sourceKey !== key) {
    throw new PermissionError("A runner may download only its job's source.");
  }
  return await deps.storage.presignGet(key, { expiresIn: SOURCE_URL_TTL_S });
}

/** The catalog of the held job, with every key a runner names checked against its prefix. */
export function runnerCatalog(
  deps: { sql: Sql; config: Pick<Config, "jobs" | "media"> },
  claim: Claim,
): TranscodeCatalog {
  const videoId = jobVideo(claim);
  const inner = sqlTranscodeCatalog(
    deps.sql,
    { ...claim.job, videoId, leaseToken: claim.lease.token },
    transcodeBudget(deps.config),
  );
  const key = (k: string | undefined) => k === undefined ? undefined : jobMediaKey(claim, k);
  return {
    ...inner,
    publishMaster: (o) =>
      inner.publishMaster({
        masterKey: jobMediaKey(claim, o.masterKey),
        posterKey: key(o.posterKey),
        renditions: o.renditions.map((r): RenditionRow => ({
          ...r,
          playlistKey: jobMediaKey(claim, r.playlistKey),
        })),
      }),
    ready: (k) => inner.ready({ posterKey: key(k.posterKey), storyboardKey: key(k.storyboardKey) }),
  };
}
