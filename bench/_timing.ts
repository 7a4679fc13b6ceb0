/** Timing helpers the benchmarks share. */

/** The p-quantile (0–1) of `xs`, nearest rank. */
export const percentile = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** Runs `fn` `runs` times after a short warm-up (plans, buffers, JIT); returns each run's ms. */
export async function timeRuns(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  for (let i = 0; i < Math.min(20, runs); i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** "met" when the p95 is under its goal. */
export const verdict = (p95: number, goal: number): string => p95 < goal ? "met" : "MISSED";
