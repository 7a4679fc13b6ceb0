import type { VideoState } from "../shared/video_states.ts";
import type { Sql } from "../db/mod.ts";
import {
  accessGroupsEnforced,
  canPreview,
  groupAllows,
  isPremiumContent,
  premiumLocked,
  type Viewer,
} from "./access.ts";
import { premiumNowSql } from "../billing/entitlement.ts";
import { mediaAudience, videoPolicy } from "./lifecycle.ts";
import { changedSince, changeStamp } from "./media_changes.ts";
import { SingleFlight } from "./_single_flight.ts";

type Role = NonNullable<Viewer>["role"];

/** What the media edge needs to know about a video (and the token's viewer) to serve its bytes. */
export interface MediaAccess {
  visibility: "public" | "unlisted" | "private";
  status: VideoState;
  ownerId: string;
  /** Published only after review (the video's own policy). */
  reviewRequired: boolean;
  /** The uploader's access group (category-based access). */
  accessGroupId: number | null;
  /** A pending publish time: held back like a video under review until then. */
  publishAt?: Date | null;
  /** Premium-only (access.ts premiumLocked()). */
  premium?: boolean;
  /**
   * The token's viewer as the database knows them now (undefined: anonymous,
   * gone, banned, or the token's token_version is not theirs any more).
   */
  viewer: Viewer;
}

/**
 * Whether anyone at all may fetch a video's media, without a token, at stable
 * URLs that shared caches keep: public and listed, and category-based access
 * not enforced (with it, every video needs a token bound to a viewer of its
 * group). The playback API and the media edge both ask this. A premium-only
 * video's content is never open (premiumLocked()), only its poster and
 * thumbnails at `path` (no path: the video's content).
 */
export function isOpenMedia(
  video: {
    visibility: string;
    status: string;
    reviewRequired?: boolean;
    premium?: boolean;
    ownerId?: string;
  },
  path?: string,
): boolean {
  if (premiumLocked({ ownerId: "", ...video }, undefined) && isPremiumContent(path)) return false;
  return video.visibility === "public" && !accessGroupsEnforced() &&
    mediaAudience(video.status, videoPolicy(video)) === "anyone";
}

/** The media edge's verdict on one request. */
export type MediaVerdict = "serve" | "needs-token" | "denied" | "gone";

/**
 * Who may fetch a video's bytes: anyone for a public video; for an unlisted one
 * anyone holding a valid playback token; for a private one a valid token whose
 * viewer may still see it (owner or admin, re-checked now, not when the token
 * was issued). With category-based access on, public and unlisted videos too
 * need a valid token whose viewer is, now, of the video's access group
 * (groupAllows()). The lifecycle decides whom a state's bytes may reach at all
 * (mediaAudience(): nobody for failed and rejected videos, only its managers
 * for one in review or scheduled, and moderators for one in review). `tokenOk`
 * says whether the request carries a genuine, unexpired token for this video.
 * A premium-only video's content (`path`, isPremiumContent()) goes only to a
 * token whose viewer is, now, premium or may preview it (premiumLocked()).
 */
export function mediaVerdict(
  access: MediaAccess | undefined,
  options: { tokenOk: boolean; path?: string },
): MediaVerdict {
  const audience = access ? mediaAudience(access.status, videoPolicy(access)) : "nobody";
  if (!access || audience === "nobody") return options.tokenOk ? "gone" : "needs-token";
  if (isOpenMedia(access, options.path)) return "serve";
  if (!options.tokenOk) return "needs-token";
  if (isPremiumContent(options.path) && premiumLocked(access, access.viewer)) return "denied";
  if (
    access.visibility !== "private" && audience === "anyone" && groupAllows(access, access.viewer)
  ) {
    return "serve";
  }
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
  readonly #loads = new SingleFlight<{ stamp: number; value: MediaAccess | undefined }>();
  readonly #entries = new Map<
    string,
    { at: number; stamp: number; value: MediaAccess | undefined }
  >();

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
    options: { tokenOk: boolean; viewer?: { id: string; tokenVersion: number }; path?: string },
  ): Promise<{ verdict: MediaVerdict; access?: MediaAccess }> {
    // The viewer only matters with a token (private videos, or access groups enforced).
    const viewer = options.tokenOk ? options.viewer : undefined;
    const key = `${videoId}|${
      options.tokenOk ? viewer ? `${viewer.id}_${viewer.tokenVersion}` : "" : "-"
    }`;
    const hit = this.#entries.get(key);
    // A change this process made (mediaChanged()) ends an entry at once; others' within ttlMs.
    if (hit && Date.now() - hit.at < this.#ttlMs && !changedSince(videoId, hit.stamp)) {
      const cached = mediaVerdict(hit.value, options);
      if (cached === "serve") return { verdict: cached, access: hit.value };
    }
    // Concurrent requests share one query (a crowd joining at once), but only for a grant:
    // a refusal is asked of the database again, by this request alone.
    const joined = this.#loads.has(key);
    let { stamp, value } = await this.#loads.run(key, () => this.#stamped(videoId, viewer));
    if (joined && mediaVerdict(value, options) !== "serve") {
      ({ stamp, value } = await this.#stamped(videoId, viewer));
    }
    const verdict = mediaVerdict(value, options);
    if (verdict === "serve") {
      if (this.#entries.size > 10_000) this.#entries.clear();
      this.#entries.set(key, { at: Date.now(), stamp, value });
    } else this.#entries.delete(key);
    return { verdict, access: value };
  }

  /** The facts, with the change stamp taken before they were asked for. */
  async #stamped(
    videoId: string,
    viewer: { id: string; tokenVersion: number } | undefined,
  ): Promise<{ stamp: number; value: MediaAccess | undefined }> {
    const stamp = changeStamp();
    return { stamp, value: await this.#load(videoId, viewer) };
  }

  async #load(
    videoId: string,
    tokenViewer: { id: string; tokenVersion: number } | undefined,
  ): Promise<MediaAccess | undefined> {
    const viewer = tokenViewer && /^[0-9a-f-]{36}$/.test(tokenViewer.id) ? tokenViewer : undefined;
    // One statement: the viewer counts only while not banned and at the token's token_version.
    const [row] = await this.#sql<
      (Omit<MediaAccess, "viewer"> & { viewerRow: [Role, number | null, boolean] | null })[]
    >`select v.visibility, v.status, v.owner_id as "ownerId", v.review_required as "reviewRequired",
        v.access_group_id as "accessGroupId",
        v.publish_at as "publishAt", v.premium,
        (select json_build_array(u.role, u.access_group_id, ${
      premiumNowSql(this.#sql)
    }) from users u
          where u.id = ${viewer?.id ?? null} and u.banned_at is null
            and u.token_version = ${viewer?.tokenVersion ?? null}) as "viewerRow"
      from videos v where v.id = ${videoId}`;
    if (!row) return undefined;
    const { viewerRow, ...rest } = row;
    return {
      ...rest,
      viewer: viewer && viewerRow
        ? { id: viewer.id, role: viewerRow[0], accessGroupId: viewerRow[1], premium: viewerRow[2] }
        : undefined,
    };
  }
}
