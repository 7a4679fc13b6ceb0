/**
 * A search suggestion as GET /api/v1/search/suggest sends it and the header's
 * search box (islands/SearchBox.tsx) shows it; shared with the browser, so
 * this file imports nothing.
 */
export interface Suggestion {
  kind: "video" | "tag" | "creator";
  text: string;
  href: string;
}
