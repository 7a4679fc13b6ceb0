/**
 * The shapes of likes and follows that the server and the islands share (the
 * islands take them as types; nothing here reaches server-only code).
 */

/** The reactions a person can give a video; none is the absence of a row. */
export const REACTIONS = ["like", "dislike"] as const;

/** A like or a dislike. */
export type Reaction = typeof REACTIONS[number];

/** A video's reactions as one viewer may see them. */
export interface ReactionSummary {
  /** The viewer's own reaction (null: none, or nobody signed in). */
  mine: Reaction | null;
  likes: number;
  /** Only for the video's creator and admins; absent for everyone else. */
  dislikes?: number;
}

/** A creator's followers as one viewer sees them. */
export interface FollowState {
  /** Whether the viewer follows the creator (false when nobody is signed in). */
  following: boolean;
  followers: number;
}

/**
 * "1 like", "1,234 followers", "2 replies": a count with its word, as every
 * page and island says it (`plural` when adding an "s" is wrong).
 */
export function countText(n: number, word: string, plural = `${word}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? word : plural}`;
}
