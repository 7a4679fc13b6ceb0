/** Room left between neighbours when items are appended or renumbered. */
export const POSITION_GAP = 1024;

/**
 * A position strictly between `before` and `after` (either may be missing:
 * the start or the end of the list), or undefined when they are adjacent
 * integers and the list must be renumbered first. Moving an item then writes
 * one row; renumbering (rare: ~10 moves into the same gap) writes them all.
 */
export function positionBetween(before?: number, after?: number): number | undefined {
  if (before === undefined && after === undefined) return POSITION_GAP;
  if (before === undefined) return after! - POSITION_GAP;
  if (after === undefined) return before + POSITION_GAP;
  const mid = Math.floor((before + after) / 2);
  return mid > before && mid < after ? mid : undefined;
}
