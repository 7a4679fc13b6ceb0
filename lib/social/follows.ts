import { findPublicProfile } from "../auth/mod.ts";
import type { Sql } from "../db/mod.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { goneAsNotFound } from "./_gone.ts";
import type { FollowState } from "../shared/social.ts";
import type { Viewer } from "../videos/access.ts";

type SignedIn = NonNullable<Viewer>;

/**
 * A creator's follower count (a column the triggers of migration 0013 keep)
 * and whether the viewer follows them.
 */
export async function followState(
  sql: Sql,
  options: { creatorId: string; viewer: Viewer },
): Promise<FollowState> {
  const { creatorId, viewer } = options;
  const [row] = await sql<{ followers: number; following: boolean }[]>`
    select u.follower_count as followers, ${
    viewer
      ? sql`exists (select 1 from follows f
          where f.follower_id = ${viewer.id} and f.creator_id = u.id)`
      : sql`false`
  } as following
    from users u where u.id = ${creatorId}`;
  return { following: row?.following ?? false, followers: row?.followers ?? 0 };
}

/** Who may be followed: someone with a public profile (not banned) other than oneself. */
async function followable(sql: Sql, options: { creatorId: string; viewer: SignedIn }) {
  if (options.creatorId === options.viewer.id) {
    throw new ValidationError("You cannot follow yourself.");
  }
  const profile = await findPublicProfile(sql, options.creatorId);
  if (!profile) throw new NotFoundError("We could not find that person.");
}

/** Follows a creator; following again changes nothing. */
export async function follow(
  sql: Sql,
  options: { creatorId: string; viewer: SignedIn },
): Promise<FollowState> {
  await followable(sql, options);
  await sql`
    insert into follows (follower_id, creator_id) values (${options.viewer.id}, ${options.creatorId})
    on conflict do nothing`.catch(goneAsNotFound("We could not find that person."));
  return await followState(sql, options);
}

/** Stops following a creator (nothing happens if the viewer did not follow them). */
export async function unfollow(
  sql: Sql,
  options: { creatorId: string; viewer: SignedIn },
): Promise<FollowState> {
  await followable(sql, options);
  await sql`
    delete from follows
    where follower_id = ${options.viewer.id} and creator_id = ${options.creatorId}`;
  return await followState(sql, options);
}

/** Whether the user follows anyone at all (the empty feed says which case it is). */
export async function followsAnyone(sql: Sql, userId: string): Promise<boolean> {
  const [row] = await sql<{ any: boolean }[]>`
    select exists (select 1 from follows where follower_id = ${userId}) as any`;
  return row.any;
}
