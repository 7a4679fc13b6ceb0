/**
 * Simulated HLS viewers driven by wrk and a Lua script, so that the load
 * generator (C, epoll, bodies discarded unread) costs far less CPU than the
 * servers it measures and 10,000 viewers fit on a small machine. Each wrk
 * connection is one viewer: it joins at a random moment within one segment
 * period, fetches the master and the variant playlist, then one segment
 * every period. wrk's Lua runs per thread, not per connection, so a
 * thread's first n requests are its n viewers' masters and the next n their
 * variant playlists (the counts per phase are exact; which connection sends
 * which is not).
 */

const SCRIPT = `
local prefix, segments, per_thread, period
local delays, sent = 0, 0
function init(args)
  prefix, segments, per_thread, period = args[1], tonumber(args[2]), tonumber(args[3]), tonumber(args[4])
  math.randomseed(os.time() + math.floor(os.clock() * 1e6) + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
end
function delay()
  delays = delays + 1
  if delays <= per_thread then return math.random(0, period - 1) end
  -- The variant right after the master, the first segment right after the variant.
  if delays <= 3 * per_thread then return 0 end
  return period
end
function request()
  sent = sent + 1
  if sent <= per_thread then return wrk.format("GET", prefix .. "/master.m3u8") end
  if sent <= 2 * per_thread then return wrk.format("GET", prefix .. "/720p/index.m3u8") end
  return wrk.format("GET", prefix .. "/720p/seg_" .. (sent % segments) .. ".m4s")
end
function done(s, latency, requests)
  local e = s.errors
  io.write(string.format(
    'VIEWERS {"requests":%d,"p50":%.1f,"p95":%.1f,"p99":%.1f,"max":%.1f,"errors":%d}\\n',
    s.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
`;

/** One step's outcome; latencies in milliseconds. */
export interface ViewerStep {
  viewers: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
}

const THREADS = 2;

/**
 * `viewers` viewers of the video whose media lie under `base` (…/media/{id})
 * for `seconds`; segments are `720p/seg_{0..segments-1}.m4s`.
 */
export async function runViewers(
  base: string,
  options: { viewers: number; seconds: number; segments: number; periodMs?: number },
): Promise<ViewerStep> {
  const viewers = Math.max(THREADS, options.viewers - (options.viewers % THREADS));
  const dir = await Deno.makeTempDir({ prefix: "vf-viewers-" });
  try {
    await Deno.writeTextFile(`${dir}/viewers.lua`, SCRIPT);
    const url = new URL(base);
    const out = await new Deno.Command("wrk", {
      args: [
        `-t${THREADS}`,
        `-c${viewers}`,
        `-d${options.seconds}s`,
        "--timeout",
        "5s",
        "-s",
        `${dir}/viewers.lua`,
        url.origin,
        "--",
        url.pathname,
        String(options.segments),
        String(viewers / THREADS),
        String(options.periodMs ?? 4000),
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    const line = /^VIEWERS (.+)$/m.exec(text);
    if (!out.success || !line) {
      throw new Error(`wrk failed: ${text}${new TextDecoder().decode(out.stderr)}`);
    }
    return { viewers, ...JSON.parse(line[1]) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
