/** Upload limits and the part plan: pure arithmetic, shared by server and browser. */

export const MIB = 1024 * 1024;
/** S3's smallest part (all but the last). */
export const MIN_PART_SIZE = 5 * MIB;
/** We aim for parts this big: fewer requests, still quick to retry. */
export const TARGET_PART_SIZE = 8 * MIB;
/** S3's largest part count. */
export const MAX_PARTS = 10_000;

/** Declared types we accept; ffprobe decides what the file really is. */
export const VIDEO_TYPES: Record<string, string[]> = {
  "video/mp4": ["mp4", "m4v"],
  "video/webm": ["webm"],
  "video/quicktime": ["mov"],
};

/** The part size for a file of `size` bytes: at least 8 MiB, whole MiB, at most 10,000 parts. */
export function partSizeFor(size: number): number {
  const needed = Math.ceil(size / MAX_PARTS / MIB) * MIB;
  return Math.max(TARGET_PART_SIZE, needed);
}

/** How many parts a file of `size` bytes has with parts of `partSize`. */
export function partCount(size: number, partSize: number): number {
  return Math.max(1, Math.ceil(size / partSize));
}

/** The exact size part `partNumber` (1-based) must have. */
export function expectedPartSize(
  size: number,
  options: { partSize: number; partNumber: number },
): number {
  const { partSize, partNumber } = options;
  const count = partCount(size, partSize);
  if (partNumber < 1 || partNumber > count) return -1;
  return partNumber < count ? partSize : size - partSize * (count - 1);
}

/** Sizes in words: the shared formatter (one way of writing them everywhere). */
export { formatBytes } from "../shared/bytes.ts";
