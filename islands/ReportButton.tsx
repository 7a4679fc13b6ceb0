import { defineIsland } from "../lib/islands/define.tsx";
import type { ReportTarget } from "../lib/shared/reports.ts";
import { requestReport } from "./_report.ts";

/** A "Report" button for a video or a user; the page's ReportDialog does the rest. */
function ReportButton(props: { target: ReportTarget }) {
  return (
    <button
      type="button"
      class="button secondary"
      onClick={(e) => requestReport(props.target, e.currentTarget as HTMLElement)}
    >
      Report
    </button>
  );
}

export default defineIsland("ReportButton", ReportButton);
