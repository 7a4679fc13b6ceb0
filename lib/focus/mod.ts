/** Focus mode (docs/DESIGN.md, "Focus mode and metrics"): sessions, history, figures, setting. */
export { checkReport, recordFocusSession } from "./sessions.ts";
export { type FocusSession, type FocusTotals, focusTotals, listFocusSessions } from "./history.ts";
export { focusAverages, type FocusFigures, videoFocusFigures } from "./stats.ts";
export { focusAutoStart, setFocusAutoStart } from "./settings.ts";
