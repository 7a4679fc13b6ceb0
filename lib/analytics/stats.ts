/**
 * Arithmetic on rollups: percentiles from the startup histogram, and the
 * retention curve's biggest drop-off points. Pure, browser-free, tested.
 */

/** Histogram bucket width of startup times (ms); the last bucket holds everything above. */
export const STARTUP_BUCKET_MS = 100;

/**
 * The `p` (0–1) quantile of a 100 ms histogram, as the upper edge of the
 * bucket it falls in (so "p95 ≤ 2,000 ms" is never flattered); null when empty.
 */
export function histPercentile(hist: number[], p: number): number | null {
  const total = hist.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil(p * total);
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i];
    if (seen >= rank) return (i + 1) * STARTUP_BUCKET_MS;
  }
  return hist.length * STARTUP_BUCKET_MS;
}

/** Element-wise sum of equally long arrays (missing elements count 0). */
export function sumArrays(arrays: number[][], length: number): number[] {
  const out = Array(length).fill(0);
  for (const a of arrays) for (let i = 0; i < length; i++) out[i] += a[i] ?? 0;
  return out;
}

/** A point where many viewers stopped watching. */
export interface DropOff {
  /** Bucket index (hundredths of the video). */
  bucket: number;
  /** Seconds into the video (the bucket's start), when the duration is known. */
  atS: number;
  /** Share of the views lost there, 0–1. */
  loss: number;
}

/**
 * The `n` biggest falls of the retention curve (share of views, from one
 * bucket to the next), largest first; only real falls (over 2 % of views),
 * at least 3 buckets apart so one cliff is not listed three times.
 */
export function dropOffs(
  curve: number[],
  options: { views: number; durationS: number; n?: number },
): DropOff[] {
  if (options.views === 0) return [];
  const falls = curve.slice(1).map((v, i) => ({
    bucket: i + 1,
    loss: (curve[i] - v) / options.views,
  })).filter((f) => f.loss > 0.02).sort((a, b) => b.loss - a.loss || a.bucket - b.bucket);
  const picked: { bucket: number; loss: number }[] = [];
  for (const f of falls) {
    if (picked.length >= (options.n ?? 3)) break;
    if (picked.every((p) => Math.abs(p.bucket - f.bucket) >= 3)) picked.push(f);
  }
  return picked.map((f) => ({
    ...f,
    atS: Math.round(f.bucket / curve.length * options.durationS * 10) / 10,
  }));
}
