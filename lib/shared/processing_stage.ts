/**
 * The stages of processing as the owner sees them, shared by the server (the
 * worker reports them, lib/videos/transcode_progress.ts) and the islands that
 * show them. Imports nothing.
 */

/** What processing is doing now. */
export const PROCESSING_STAGES = [
  "queued",
  "probing",
  "first_playable",
  "encoding",
  "previews",
] as const;

/** A stage of processing. */
export type ProcessingStage = typeof PROCESSING_STAGES[number];

/** Whether `value` names a stage (the detail comes from a database row). */
export function isProcessingStage(value: unknown): value is ProcessingStage {
  return typeof value === "string" && (PROCESSING_STAGES as readonly string[]).includes(value);
}

/** A sentence for the stage: "Encoding 3 versions (720p, 480p, 240p)". */
export function stageLabel(stage: ProcessingStage, rungs: readonly string[] = []): string {
  switch (stage) {
    case "queued":
      return "Waiting for a free worker";
    case "probing":
      return "Checking the file";
    case "first_playable":
      return "Making the first playable version";
    case "encoding":
      return rungs.length === 1
        ? `Encoding the ${rungs[0]} version`
        : rungs.length > 1
        ? `Encoding ${rungs.length} versions at once (${rungs.join(", ")})`
        : "Encoding";
    case "previews":
      return "Making the poster and previews";
  }
}

/** "about 40 s left", "about 3 min left", "about 1 h 5 min left"; "" without an estimate. */
export function timeLeftLabel(etaS: number | null | undefined): string {
  if (etaS === null || etaS === undefined || !Number.isFinite(etaS) || etaS <= 0) return "";
  if (etaS < 60) return `about ${Math.max(5, Math.ceil(etaS / 5) * 5)} s left`;
  const min = Math.round(etaS / 60);
  if (min < 60) return `about ${min} min left`;
  return `about ${Math.floor(min / 60)} h ${min % 60} min left`;
}
