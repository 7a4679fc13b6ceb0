import type { Sql } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";
import { publicListedSql } from "../videos/access.ts";

/**
 * Who reads a feed: nobody in particular (feed readers send no session), so
 * with category-based access on, feeds list nothing.
 */
const FEED_READER = undefined;

/** How many videos a feed carries (newest first). */
export const FEED_SIZE = 50;

/** One video as a feed lists it. */
export interface FeedItem {
  id: string;
  title: string;
  description: string;
  ownerId: string;
  ownerName: string;
  publishedAt: Date;
}

/** Which videos: the whole site's, one creator's, or one tag's. */
export type FeedScope = { kind: "site" } | { kind: "channel"; ownerId: string } | {
  kind: "tag";
  tag: string;
};

/**
 * The newest public, listed videos in `scope` (never unlisted or private
 * ones, nor unplayable ones: the same condition as every list). A channel
 * that does not exist is a NotFoundError; an unknown tag is an empty feed.
 */
export async function feedItems(sql: Sql, scope: FeedScope): Promise<FeedItem[]> {
  if (scope.kind === "channel") {
    const [user] = await sql`select 1 from users where id = ${scope.ownerId}`;
    if (!user) throw new NotFoundError("No such channel.");
  }
  return await sql<FeedItem[]>`
    select v.id, v.title, v.description, v.owner_id as "ownerId", u.display_name as "ownerName",
           coalesce(v.published_at, v.created_at) as "publishedAt"
    from videos v join users u on u.id = v.owner_id
    where ${publicListedSql(sql, FEED_READER)}
      ${scope.kind === "channel" ? sql`and v.owner_id = ${scope.ownerId}` : sql``}
      ${scope.kind === "tag" ? sql`and v.tags @> ${[scope.tag]}::text[]` : sql``}
    order by coalesce(v.published_at, v.created_at) desc, v.id desc
    limit ${FEED_SIZE}`;
}

/** The display name of a channel, for its feed's title. */
export async function channelName(sql: Sql, ownerId: string): Promise<string> {
  const [u] = await sql<
    { name: string }[]
  >`select display_name as name from users where id = ${ownerId}`;
  if (!u) throw new NotFoundError("No such channel.");
  return u.name;
}
