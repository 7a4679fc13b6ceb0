/**
 * Adds query parameters to every URI in an HLS playlist: the plain URI lines
 * (variants, segments) and URI="..." attributes (EXT-X-MAP init segments,
 * EXT-X-MEDIA renditions, I-frame playlists), so that a token given for the
 * playlist travels to everything it references.
 */
export function addQueryToPlaylist(text: string, query: Record<string, string>): string {
  const qs = new URLSearchParams(query).toString();
  if (!qs) return text;
  const withQuery = (uri: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith("/")) return uri; // absolute: not ours
    return uri + (uri.includes("?") ? "&" : "?") + qs;
  };
  return text.split("\n").map((line) => {
    const trimmed = line.trim();
    if (trimmed === "") return line;
    if (!trimmed.startsWith("#")) return withQuery(trimmed);
    return line.replace(/URI="([^"]*)"/g, (_, uri: string) => `URI="${withQuery(uri)}"`);
  }).join("\n");
}

/** Whether a media playlist is finished (no more segments will be added). */
export function isEndedPlaylist(text: string): boolean {
  return /^#EXT-X-ENDLIST\s*$/m.test(text);
}
