/**
 * Which videos a search may return to a viewer. The rules themselves live in
 * lib/videos/lifecycle.ts (which states are listed) and lib/videos/access.ts
 * (who manages a video); this file only applies them to search.
 *
 * Search returns listed videos (listedCondition(): a listed state and
 * playable, the same condition as every list) that are public, plus the
 * viewer's own listed ones whatever their visibility (a creator looking for their
 * unlisted or private video finds it). Not their own unfinished or failed
 * videos: those are managed in the studio, and a result must be playable.
 * Admins search like everyone else: search is discovery, and other people's
 * private videos turning up in an admin's results (or screen share) would be a
 * leak of its own; admins reach them by link or moderation tools. With
 * category-based access on, the public part is further limited to the viewer's
 * access group (admins: every group; anonymous: nothing), through
 * publicListedSql() and groupAllows(), the one place that rule is written.
 */
import type postgres from "postgres";
import type { Sql } from "../db/mod.ts";
import { accessGroupParts, groupAllows, type Viewer } from "../videos/access.ts";
import { isListed, listedCondition, videoPolicy } from "../videos/lifecycle.ts";

/** The SQL condition on `videos v` for what `viewer` may find. */
export function visibleSql(sql: Sql, viewer: Viewer): ReturnType<Sql> {
  // `others` is empty while access is not enforced: the statement is then the same as ever.
  return sql`${listedCondition(sql)}
    and (v.visibility = 'public' ${accessGroupParts(sql, viewer).others} ${
    viewer ? sql`or v.owner_id = ${viewer.id}` : sql``
  })`;
}

/** One part of what a viewer may find (see visibleScopes). */
export interface VisibleScope {
  /** The SQL condition on `videos v`. */
  where: postgres.PendingQuery<postgres.Row[]>;
  /** One person's videos: few, best read through their own index, not the text index. */
  own: boolean;
}

/**
 * The same rule as disjoint parts whose union is visibleSql(): public listed
 * videos, and (signed in) the viewer's own non-public listed ones. Apart, each
 * part can walk its own index (the public ones the partial indexes on
 * `visibility = 'public'`, the own ones 0012's `videos_owner_hidden_idx`); an
 * `or` of both would use neither.
 */
export function visibleScopes(sql: Sql, viewer: Viewer): VisibleScope[] {
  const parts = accessGroupParts(sql, viewer);
  const scopes: VisibleScope[] = [{
    where: sql`${listedCondition(sql)} and v.visibility = 'public' ${parts.others}`,
    own: false,
  }];
  if (viewer) {
    scopes.push({
      where: sql`${listedCondition(sql)} and v.owner_id = ${viewer.id} and ${parts.own}`,
      own: true,
    });
  }
  return scopes;
}

/**
 * The same rule for one row that the database returned: a second check, so
 * that a mistake in a query cannot hand a hidden video to the wrong person.
 */
export function mayFind(
  video: {
    ownerId: string;
    visibility: string;
    status: string;
    reviewRequired?: boolean;
    accessGroupId?: number | null;
  },
  viewer: Viewer,
): boolean {
  if (!isListed(video.status, videoPolicy(video))) return false;
  if (viewer && video.ownerId === viewer.id) return true;
  return video.visibility === "public" && groupAllows(video, viewer);
}
