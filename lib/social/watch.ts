import type { Sql } from "../db/mod.ts";
import type { FollowState, ReactionSummary } from "../shared/social.ts";
import type { Viewer } from "../videos/access.ts";
import { followState } from "./follows.ts";
import { reactionSummary } from "./reactions.ts";

/** What the watch page shows of likes and follows. */
export interface WatchSocial {
  reactions: ReactionSummary;
  /** The owner's followers and whether the viewer follows them. */
  follow: FollowState;
}

/** A video's reactions and its owner's followers, as `viewer` may see them (two row reads). */
export async function watchSocial(
  sql: Sql,
  options: { video: { id: string; ownerId: string }; viewer: Viewer },
): Promise<WatchSocial> {
  const [reactions, follow] = await Promise.all([
    reactionSummary(sql, options),
    followState(sql, { creatorId: options.video.ownerId, viewer: options.viewer }),
  ]);
  return { reactions, follow };
}
