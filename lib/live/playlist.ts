/**
 * Live HLS playlists, rendered from the segments recorded so far (pure
 * functions): a rung's sliding window for viewers, its full list (the
 * recording, and the replay once the stream has ended) and the master. Each
 * publisher connection (`run`) starts with EXT-X-DISCONTINUITY, and every
 * segment carries EXT-X-PROGRAM-DATE-TIME (the wall clock at which its first
 * frame reached the ingest), which players use to measure their latency.
 */

/** One packaged segment of one rung. */
export interface LiveSegment {
  seq: number;
  run: number;
  durationMs: number;
  pdt: Date;
  /** The file name below the rung's directory. */
  name: string;
}

/** One rung of the live ladder as the master lists it. */
export interface LiveRung {
  name: string;
  width: number;
  height: number;
  bandwidth: number;
}

/** Segments kept in the viewers' window: 8 (16 s of 2 s segments), enough to ride out a slow fetch. */
export const WINDOW_SEGMENTS = 8;

/**
 * A rung's media playlist. `window`: only the last N segments (a live
 * window, EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE counting what
 * slid out); `ended`: EXT-X-ENDLIST (the stream is over: a replay).
 */
export function renderMediaPlaylist(
  segments: readonly LiveSegment[],
  options: { window?: number; ended?: boolean } = {},
): string {
  const all = [...segments].sort((a, b) => a.seq - b.seq);
  const shown = options.window ? all.slice(-options.window) : all;
  const dropped = all.slice(0, all.length - shown.length);
  // Discontinuity tags that slid out with the dropped segments (one shown before the first
  // segment is still in the playlist, so it does not count).
  let discontinuities = 0;
  for (let i = 1; i < dropped.length; i++) {
    if (all[i].run !== all[i - 1].run) discontinuities++;
  }
  const target = Math.max(1, ...shown.map((s) => Math.ceil(s.durationMs / 1000)));
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:6",
    `#EXT-X-TARGETDURATION:${target}`,
    `#EXT-X-MEDIA-SEQUENCE:${shown[0]?.seq ?? 0}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${discontinuities}`,
  ];
  if (!options.window) lines.push(`#EXT-X-PLAYLIST-TYPE:${options.ended ? "VOD" : "EVENT"}`);
  lines.push("#EXT-X-INDEPENDENT-SEGMENTS");
  shown.forEach((s, i) => {
    const previous = i > 0 ? shown[i - 1] : dropped.at(-1);
    if (previous && previous.run !== s.run) lines.push("#EXT-X-DISCONTINUITY");
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${s.pdt.toISOString()}`);
    lines.push(`#EXTINF:${(s.durationMs / 1000).toFixed(3)},`);
    lines.push(s.name);
  });
  if (options.ended) lines.push("#EXT-X-ENDLIST");
  return lines.join("\n") + "\n";
}

/** The master playlist: the rungs, highest first, each pointing at its window (`{rung}/index.m3u8`). */
export function renderLiveMaster(rungs: readonly LiveRung[], options: { audio: boolean }): string {
  const codecs = options.audio ? "avc1.64001f,mp4a.40.2" : "avc1.64001f";
  const lines = ["#EXTM3U", "#EXT-X-VERSION:6", "#EXT-X-INDEPENDENT-SEGMENTS"];
  for (const r of [...rungs].sort((a, b) => b.height - a.height)) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},RESOLUTION=${r.width}x${r.height},CODECS="${codecs}"`,
      `${r.name}/index.m3u8`,
    );
  }
  return lines.join("\n") + "\n";
}

/** The segments ffmpeg's own playlist lists (file names and durations), in order. */
export function parseSegmentList(text: string): { name: string; durationMs: number }[] {
  const out: { name: string; durationMs: number }[] = [];
  let duration: number | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const inf = /^#EXTINF:([\d.]+)/.exec(line);
    if (inf) duration = Math.round(Number(inf[1]) * 1000);
    else if (line && !line.startsWith("#") && duration !== undefined) {
      out.push({ name: line, durationMs: duration });
      duration = undefined;
    }
  }
  return out;
}
