/** One variant line of a master playlist. */
export interface Variant {
  /** Playlist URI relative to the master, e.g. "720p/index.m3u8". */
  uri: string;
  /** Peak bits per second (highest segment rate). */
  bandwidth: number;
  /** Average bits per second over the whole stream. */
  averageBandwidth: number;
  width: number;
  height: number;
  fps?: number;
  codecs: string;
}

/**
 * The master playlist, written by us rather than ffmpeg (which lists variants
 * in map order and writes no AVERAGE-BANDWIDTH). The LOWEST variant comes
 * first: players start with the first listed variant, and starting low halves
 * the time to first frame on slow links (FIELD_NOTES).
 */
export function masterPlaylist(variants: Variant[]): string {
  const sorted = [...variants].sort((a, b) => a.bandwidth - b.bandwidth || a.height - b.height);
  // START at 0: while variants still grow (EVENT playlists, published as they are written)
  // players treat them as live and would otherwise join near the end of what exists.
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:7",
    "#EXT-X-INDEPENDENT-SEGMENTS",
    "#EXT-X-START:TIME-OFFSET=0",
  ];
  for (const v of sorted) {
    const attrs = [
      `BANDWIDTH=${Math.round(v.bandwidth)}`,
      `AVERAGE-BANDWIDTH=${Math.round(v.averageBandwidth)}`,
      `RESOLUTION=${v.width}x${v.height}`,
      ...(v.fps ? [`FRAME-RATE=${v.fps.toFixed(3)}`] : []),
      `CODECS="${v.codecs}"`,
    ];
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(",")}`, v.uri);
  }
  return lines.join("\n") + "\n";
}

/** What a media playlist lists. */
export interface MediaPlaylist {
  mapUri?: string;
  segments: { uri: string; durationS: number }[];
  ended: boolean;
}

/** Reads the segments (and init segment) that a media playlist lists. */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const segments: { uri: string; durationS: number }[] = [];
  let mapUri: string | undefined;
  let pending: number | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("#EXT-X-MAP:")) mapUri = /URI="([^"]+)"/.exec(line)?.[1];
    else if (line.startsWith("#EXTINF:")) pending = parseFloat(line.slice(8));
    else if (line && !line.startsWith("#") && pending !== undefined) {
      segments.push({ uri: line, durationS: pending });
      pending = undefined;
    }
  }
  return { mapUri, segments, ended: text.includes("#EXT-X-ENDLIST") };
}

/**
 * Peak and average bitrate of a finished variant, from the sizes of its
 * segments on disk: BANDWIDTH must not be below any segment's rate.
 */
export async function measureVariant(
  dir: string,
  playlist: MediaPlaylist,
): Promise<{ bandwidth: number; averageBandwidth: number; durationS: number }> {
  let bytes = 0, seconds = 0, peak = 0;
  for (const s of playlist.segments) {
    const size = (await Deno.stat(`${dir}/${s.uri}`)).size;
    bytes += size;
    seconds += s.durationS;
    // A very short last segment would overstate the peak; rate it over at least 1 s.
    peak = Math.max(peak, size * 8 / Math.max(1, s.durationS));
  }
  const average = seconds > 0 ? bytes * 8 / seconds : 0;
  return { bandwidth: Math.max(peak, average), averageBandwidth: average, durationS: seconds };
}

/**
 * Raises a media playlist's EXT-X-TARGETDURATION to at least `seconds`. While
 * a rung with short first segments grows, ffmpeg announces the longest
 * segment so far (1 s), and the value would change later, which HLS forbids.
 */
export function withTargetDuration(text: string, seconds: number): string {
  return text.replace(
    /^#EXT-X-TARGETDURATION:(\d+)$/m,
    (_, n) => `#EXT-X-TARGETDURATION:${Math.max(Number(n), seconds)}`,
  );
}

/** Marks a finished EVENT playlist as VOD, so that players and caches treat it as final. */
export function asVod(text: string): string {
  return text.replace("#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-PLAYLIST-TYPE:VOD");
}

/** The WebVTT map of a storyboard sprite: one cue per tile, `#xywh` fragments. */
export function storyboardVtt(
  plan: {
    intervalS: number;
    count: number;
    cols: number;
    tileWidth: number;
    tileHeight: number;
  },
  options: { spriteUri: string; durationS: number },
): string {
  const lines = ["WEBVTT", ""];
  for (let i = 0; i < plan.count; i++) {
    const start = i * plan.intervalS;
    if (start >= options.durationS) break;
    const end = Math.min(options.durationS, start + plan.intervalS);
    const x = (i % plan.cols) * plan.tileWidth;
    const y = Math.floor(i / plan.cols) * plan.tileHeight;
    lines.push(
      `${vttTime(start)} --> ${vttTime(end)}`,
      `${options.spriteUri}#xywh=${x},${y},${plan.tileWidth},${plan.tileHeight}`,
      "",
    );
  }
  return lines.join("\n");
}

function vttTime(s: number): string {
  const ms = Math.round(s * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const sec = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(h)}:${pad(m)}:${pad(sec)}.${pad(ms % 1000, 3)}`;
}
