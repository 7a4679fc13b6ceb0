/**
 * A transcode's progress as its owner reads it: one overall percent that only
 * goes up, weighted by what each stage costs, the stage it is in and an
 * estimate of the time left. The worker feeds it ffmpeg's fractions per stage
 * (workers/transcode.ts); what it writes goes to the job's row (progress,
 * progress_detail) and from there to the page (getProcessingStatus()).
 */
import type { ProcessingStage } from "../shared/processing_stage.ts";

/** One rung of the ladder as far as its cost is concerned. */
export interface RungCost {
  name: string;
  width: number;
  height: number;
  fps: number;
}

/** What the tracker writes: the percent and the detail stored beside it. */
export interface ProgressReport {
  percent: number;
  detail: { stage: ProcessingStage; rungs?: string[]; etaS: number | null };
}

/** Share of the bar before the source is probed (download and probe: no plan yet). */
const PROBE_SHARE = 2;
/** Decoding the source, relative to encoding the same pixels with x264. */
const DECODE_FACTOR = 0.25;
/** A remux copies packets: a small fraction of encoding them. */
const REMUX_FACTOR = 0.04;
/** Poster, sprite, final playlists and the clean-up, relative to the ladder. */
const PREVIEWS_FACTOR = 0.03;

/** The stages after probing with their weights (any unit; only ratios matter). */
export interface ProgressPlan {
  stages: { stage: ProcessingStage; weight: number }[];
  rungs: string[];
}

/**
 * The plan of a transcode: the ladder weighs the sum of its rungs' pixel rates
 * (each rung's cost, all encoded in one pass) plus one decode of the source;
 * the fast path's remux and the previews a small share of that.
 */
export function planProgress(
  source: { width: number; height: number; fps: number },
  rungs: RungCost[],
  options: { fast: boolean },
): ProgressPlan {
  const encode = rungs.reduce((sum, r) => sum + r.width * r.height * r.fps, 0);
  const decode = source.width * source.height * source.fps * DECODE_FACTOR;
  const ladder = Math.max(1, encode + decode);
  const stages: ProgressPlan["stages"] = [];
  if (options.fast) {
    stages.push({ stage: "first_playable", weight: ladder * REMUX_FACTOR });
    stages.push({ stage: "encoding", weight: ladder });
  } else {
    // The first playable version comes out of the ladder itself (every rung's first segment):
    // one stage of the bar, named after what the viewer waits for until then.
    stages.push({ stage: "encoding", weight: ladder });
  }
  stages.push({ stage: "previews", weight: ladder * PREVIEWS_FACTOR });
  return { stages, rungs: rungs.map((r) => r.name) };
}

/**
 * Turns stage fractions into reports. The percent never goes down (a stage
 * that reports a smaller fraction, or one that starts over, does not move the
 * bar back); the estimate of time left extrapolates the pace since the plan
 * was set, once there is enough to go on. `now` is injectable for tests.
 */
export class ProgressTracker {
  #plan?: ProgressPlan;
  #percent = 0;
  #stage: ProcessingStage = "probing";
  #label: ProcessingStage = "probing";
  #planAt = 0;
  #planPercent = 0;
  #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** Sets the plan once the source is probed: the probe's share is done. */
  plan(plan: ProgressPlan): ProgressReport {
    this.#plan = plan;
    this.#raise(PROBE_SHARE);
    this.#planAt = this.#now();
    this.#planPercent = this.#percent;
    return this.report();
  }

  /**
   * Records `fraction` (0…1) of `stage` done; with `label`, the stage shown
   * instead (the ladder's first part, before the first version plays).
   */
  update(stage: ProcessingStage, fraction: number, label?: ProcessingStage): ProgressReport {
    this.#stage = stage;
    this.#label = label ?? stage;
    const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
    if (!this.#plan) return this.#raise(PROBE_SHARE * f), this.report();
    const total = this.#plan.stages.reduce((s, x) => s + x.weight, 0);
    let before = 0;
    for (const s of this.#plan.stages) {
      if (s.stage === stage) break;
      before += s.weight;
    }
    const mine = this.#plan.stages.find((s) => s.stage === stage)?.weight ?? 0;
    this.#raise(PROBE_SHARE + (100 - PROBE_SHARE) * (before + mine * f) / total);
    return this.report();
  }

  /** The current report. */
  report(): ProgressReport {
    const ladder = this.#stage === "encoding";
    return {
      percent: Math.round(this.#percent * 10) / 10,
      detail: {
        stage: this.#label,
        ...(ladder && this.#plan ? { rungs: this.#plan.rungs } : {}),
        etaS: this.#eta(),
      },
    };
  }

  #raise(percent: number) {
    // Never 100 before the job is done: the video's own state says "done".
    this.#percent = Math.max(this.#percent, Math.min(99, percent));
  }

  #eta(): number | null {
    if (!this.#plan) return null;
    const elapsedS = (this.#now() - this.#planAt) / 1000;
    const gained = this.#percent - this.#planPercent;
    // Too early to tell: a guess from the first second is mostly noise.
    if (elapsedS < 3 || gained < 1) return null;
    const left = (99 - this.#percent) * elapsedS / gained;
    return Math.max(1, Math.round(left));
  }
}
