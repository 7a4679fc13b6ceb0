/**
 * What a watch page tells its player about the start of a public stream, so
 * that the player fetches it all at once when play is pressed instead of one
 * round trip after another (master → variant → init → first segment; issue
 * 18, P5). Paths are relative, as a playlist's URIs are: `variant` to the
 * master playlist, `init` and `segment` to the variant playlist.
 */
export interface StartHints {
  /** The lowest rung's media playlist (the one the player starts on). */
  variant: string;
  /** Its init segment (fMP4), if it has one. */
  init?: string;
  /** Its first media segment. */
  segment: string;
}
