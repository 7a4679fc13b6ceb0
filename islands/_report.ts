import { REPORT_EVENT, type ReportTarget } from "../lib/shared/reports.ts";

/**
 * Asks the page's report dialog (islands/ReportDialog.tsx) to open for
 * `target`; `opener` gets the focus back when it closes.
 */
export function requestReport(target: ReportTarget, opener?: HTMLElement | null): void {
  document.dispatchEvent(new CustomEvent(REPORT_EVENT, { detail: { target, opener } }));
}
