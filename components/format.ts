/** "1 view", "2 views", "1,234 views": the one place view counts are worded. */
export function formatViews(count: number | string): string {
  const n = Number(count);
  return `${n.toLocaleString("en-US")} ${n === 1 ? "view" : "views"}`;
}
