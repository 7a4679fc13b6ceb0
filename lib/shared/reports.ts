/**
 * What can be reported and why (browser-safe: the report dialog lists the
 * reasons, the server validates against the same list).
 */

/** The reasons a reporter picks from. */
export const REPORT_REASONS = [
  "spam",
  "harassment",
  "hate",
  "violence",
  "sexual",
  "copyright",
  "misleading",
  "other",
] as const;

/** What can be reported. */
export const REPORT_TARGETS = ["video", "comment", "user"] as const;

/** How each reason reads in the dialog. */
export const REASON_LABELS: Record<typeof REPORT_REASONS[number], string> = {
  spam: "Spam or scam",
  harassment: "Harassment or bullying",
  hate: "Hateful content",
  violence: "Violence or dangerous acts",
  sexual: "Sexual content",
  copyright: "Infringes my rights",
  misleading: "Misleading",
  other: "Something else",
};

/** The DOM event that asks the page's report dialog to open (islands/_report.ts). */
export const REPORT_EVENT = "vf-report";

/** What a report is about, as the dialog shows it. */
export interface ReportTarget {
  kind: typeof REPORT_TARGETS[number];
  id: string;
  /** "this video", "Ada's comment", … */
  label: string;
}
