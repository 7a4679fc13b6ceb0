/**
 * Change stamps for what the media edge remembers about a video (its access
 * facts, its playlists, its objects' metadata). The places that change those
 * facts in this process (a status transition, a visibility change, captions,
 * deletion) call `mediaChanged()`; a memory entry taken before that stamp is
 * stale at once. Changes made by another process (another web instance, a
 * worker) are not seen here: the media edge's short lifetime for every entry
 * (5 s) bounds those, as it always has.
 */

/** How many videos' last change this process remembers; older ones count as "changed". */
const REMEMBERED = 10_000;

let clock = 0;
/** Oldest first (insertion order): videoId → the stamp of its last change. */
const changes = new Map<string, number>();
/** Entries taken before this stamp may have missed a forgotten change. */
let forgottenBefore = 0;

/** The current stamp: store it with a memory entry, ask `changedSince()` on reuse. */
export function changeStamp(): number {
  return clock;
}

/** Records that `videoId`'s media or who may fetch them changed in this process. */
export function mediaChanged(videoId: string): void {
  clock++;
  changes.delete(videoId);
  changes.set(videoId, clock);
  if (changes.size > REMEMBERED) {
    const [oldest, stamp] = changes.entries().next().value!;
    changes.delete(oldest);
    forgottenBefore = stamp;
  }
}

/** Whether `videoId` changed after `stamp` was taken (or may have: see REMEMBERED). */
export function changedSince(videoId: string, stamp: number): boolean {
  if (stamp < forgottenBefore) return true;
  return (changes.get(videoId) ?? 0) > stamp;
}
