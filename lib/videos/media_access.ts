import type { VideoState } from "../shared/video_states.ts";
import type { Sql } from "../db/mod.ts";
import { canPreview, type Viewer } from "./access.ts";
import { mediaAudience, videoPolicy } from "./lifecycle.ts";

/** What the media edge needs to know about a video (and the token's viewer) to serve its bytes. */
export interface MediaAccess {
  visibility: "public" | "unlisted" | "private";
  status: VideoState;
  ownerId: string;
  /** Published only after review (the video's own policy). */
  reviewRequired: boolean;
  /** A pending publish time: held back like a video under review until then. */
  publishAt?: Date | null;
  /** The token's viewer as the database knows them now (undefined: anonymous or gone). */
  viewer: Viewer;
}

/** The media edge's verdict on one request. */
export type MediaVerdict = "serve" | "needs-token" | "denied" | "gone";

/**
 * Who may fetch a video's bytes: anyone for a public video; for an unlisted one
 * anyone holding a valid playback token; for a private one a valid token whose
 * viewer may still see it (owner or admin, re-checked now, not when the token
 * was issued). The lifecycle decides whom a state's bytes may reach at all
 * (mediaAudience(): nobody for failed and rejected videos, only its managers
 * for one in review or scheduled, and moderators for one in review). `tokenOk`
 * says whether the request carries a genuine, unexpired token for this video.
 */
export function mediaVerdict(
  access: MediaAccess | undefined,
  options: { tokenOk: boolean },
): MediaVerdict {
  const audience = access ? mediaAudience(access.status, videoPolicy(access)) : "nobody";
  if (!access || audience === "nobody") return options.tokenOk ? "gone" : "needs-token";
  if (access.visibility === "public" && audience === "anyone") return "serve";
  if (!options.tokenOk) return "needs-token";
  if (access.visibility === "unlisted" && audience === "anyone") return "serve";
  return canPreview(access, access.viewer) ? "serve" : "denied";
}

/**
 * Looks up a video's access facts for the media edge. Only answers that let a
 * request through are remembered, and only for `ttlMs` (5 s): a player asks
 * every few seconds, and a video turned private stops being served within
 * that time. A refusal is never taken from memory: the database is asked
 * again, so that a grant the playback API just made (a video made public a
 * moment ago, on this instance or another) is never denied by a stale entry.
 */
export class MediaAccessCache {
  readonly #sql: Sql;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { at: number; value: MediaAccess | undefined }>();

  constructor(sql: Sql, options: { ttlMs?: number } = {}) {
    this.#sql = sql;
    this.#ttlMs = options.ttlMs ?? 5000;
  }

  /**
   * The verdict for `videoId` requested with a token (`tokenOk`) issued to
   * `viewerId`, and the facts it was based on (when the video exists).
   */
  async check(
    videoId: string,
    options: { tokenOk: boolean; viewerId?: string },
  ): Promise<{ verdict: MediaVerdict; access?: MediaAccess }> {
    // The viewer only matters for private videos, which always carry a token.
    const key = `${videoId}|${options.tokenOk ? options.viewerId ?? "" : "-"}`;
    const hit = this.#entries.get(key);
    if (hit && Date.now() - hit.at < this.#ttlMs) {
      const cached = mediaVerdict(hit.value, options);
      if (cached === "serve") return { verdict: cached, access: hit.value };
    }
    const value = await this.#load(videoId, options.tokenOk ? options.viewerId : undefined);
    const verdict = mediaVerdict(value, options);
    if (verdict === "serve") {
      if (this.#entries.size > 10_000) this.#entries.clear();
      this.#entries.set(key, { at: Date.now(), value });
    } else this.#entries.delete(key);
    return { verdict, access: value };
  }

  async #load(videoId: string, viewerId: string | undefined): Promise<MediaAccess | undefined> {
    const viewer = viewerId && /^[0-9a-f-]{36}$/.test(viewerId) ? viewerId : null;
    const [row] = await this.#sql<
      (Omit<MediaAccess, "viewer"> & { viewerRole: NonNullable<Viewer>["role"] | null })[]
    >`select v.visibility, v.status, v.owner_id as "ownerId", v.review_required as "reviewRequired",
        v.publish_at as "publishAt",
        (select u.role from users u where u.id = ${viewer} and u.banned_at is null) as "viewerRole"
      from videos v where v.id = ${videoId}`;
    if (!row) return undefined;
    const { viewerRole, ...rest } = row;
    return { ...rest, viewer: viewer && viewerRole ? { id: viewer, role: viewerRole } : undefined };
  }
}
