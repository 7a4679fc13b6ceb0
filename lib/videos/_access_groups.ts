/**
 * Category-based access (access groups): the process-wide switch and the rule
 * in its JS and SQL forms. Internal to lib/videos/access.ts, which re-exports
 * what others use: callers keep going through access.ts.
 */
import type { Sql } from "../db/mod.ts";
import type { Viewer } from "./access.ts";

let groupsEnforced = false;

/**
 * Turns category-based access on or off for this process
 * (ENFORCE_CATEGORY_ACCESS; createApp() and openServices() apply the config).
 * A process-wide switch rather than an argument: every list, search and media
 * check reads it through the functions below, so no caller can forget it.
 */
export function enforceAccessGroups(on: boolean): void {
  groupsEnforced = on;
}

/** Whether category-based access is enforced (ENFORCE_CATEGORY_ACCESS). */
export function accessGroupsEnforced(): boolean {
  return groupsEnforced;
}

/**
 * The access-group rule for one video: off, everyone passes; on, its owner,
 * admins, and users of the video's group. Anonymous viewers pass nothing
 * (an organisation's instance is private).
 */
export function groupAllows(
  video: { ownerId: string; accessGroupId?: number | null },
  viewer: Viewer,
): boolean {
  if (!groupsEnforced) return true;
  if (!viewer) return false;
  if (viewer.role === "admin" || viewer.id === video.ownerId) return true;
  return viewer.accessGroupId != null && video.accessGroupId === viewer.accessGroupId;
}

/**
 * groupAllows() as an SQL condition on `videos v`, to append after another
 * (it starts with `and`): nothing at all when access is not enforced (the
 * statement stays exactly as before), otherwise one equality on
 * `v.access_group_id` (or the owner), which combines with any index.
 */
export function accessGroupSql(sql: Sql, viewer: Viewer): ReturnType<Sql> {
  if (!groupsEnforced || viewer?.role === "admin") return sql``;
  if (!viewer) return sql`and false`;
  if (viewer.accessGroupId == null) return sql`and v.owner_id = ${viewer.id}`;
  return sql`and (v.access_group_id = ${viewer.accessGroupId} or v.owner_id = ${viewer.id})`;
}

/**
 * groupAllows() turned around, for one video: an SQL condition (starting with
 * `and`) that keeps the users, identified by the column `userIdColumn`, who may
 * see it; nothing while access is not enforced. For notifications: a follower
 * outside the video's group is not told about it.
 */
export function groupMembersSql(
  sql: Sql,
  video: { ownerId: string; accessGroupId: number | null },
  options: { userIdColumn: string },
): ReturnType<Sql> {
  if (!groupsEnforced) return sql``;
  return sql`and exists (select 1 from users u where u.id = ${sql(options.userIdColumn)}
    and (u.role = 'admin' or u.id = ${video.ownerId}
      or u.access_group_id = ${video.accessGroupId}))`;
}
