/**
 * The clients of the scale-out scenario (tests/_harness/scale_out.ts): a fetch
 * that retries what a load balancer losing an instance causes (as the
 * Uploader and hls.js do), an uploader speaking the upload protocol, and a
 * viewer fetching playback, master, variant playlist and segments in a loop.
 */
import { parseMediaPlaylist } from "../../lib/media/hls.ts";

/** fetch with retries on network errors and 502/503/504; `retries()` counts them. */
export type Fetcher = ((url: string, init?: RequestInit) => Promise<Response>) & {
  retries(): number;
};

/** A Fetcher that tries each request up to `attempts` times (default 4, like hls.js's policy). */
export function retryingFetch(options: { attempts?: number } = {}): Fetcher {
  let retried = 0;
  const attempts = options.attempts ?? 4;
  const f = async (url: string, init?: RequestInit) => {
    for (let i = 1;; i++) {
      try {
        const res = await fetch(url, init);
        if (![502, 503, 504].includes(res.status) || i >= attempts) return res;
        await res.body?.cancel();
      } catch (err) {
        if (i >= attempts) throw err;
      }
      retried++;
      await new Promise((r) => setTimeout(r, 250 * 2 ** (i - 1)));
    }
  };
  return Object.assign(f, { retries: () => retried });
}

/** Uploads `bytes` as one public video through the upload API (parts straight to storage). */
export async function uploadVideo(
  http: Fetcher,
  origin: string,
  token: string,
  bytes: Uint8Array,
  title: string,
): Promise<{ videoId: string }> {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const post = async (path: string, body: unknown) => {
    const r = await http(`${origin}${path}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : {};
  };
  const ticket = await post("/api/v1/uploads", {
    filename: "clip.mp4",
    size: bytes.length,
    mimeType: "video/mp4",
    title,
    visibility: "public",
  });
  const parts = [];
  let offset = 0;
  for (const p of ticket.parts as { partNumber: number; size: number; url: string }[]) {
    const put = await http(p.url, {
      method: "PUT",
      body: bytes.slice(offset, offset + p.size),
    });
    await put.body?.cancel();
    if (!put.ok) throw new Error(`part ${p.partNumber}: ${put.status}`);
    offset += p.size;
    const etag = put.headers.get("etag")!;
    await post(`/api/v1/uploads/${ticket.uploadId}/parts`, {
      partNumber: p.partNumber,
      size: p.size,
      etag,
    });
    parts.push({ partNumber: p.partNumber, etag });
  }
  // Completing again answers the current status, so a retried completion is harmless; one
  // whose web instance died mid-way ("uploading") is taken over once its heartbeat stops.
  for (let i = 0;; i++) {
    const done = await post(`/api/v1/uploads/${ticket.uploadId}/complete`, { parts });
    if (done.status !== "uploading" || i >= 30) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  return { videoId: ticket.videoId };
}

/**
 * A viewer: playback answer, master, the first variant's playlist and every
 * segment, again and again until `signal` aborts. `stats.failed` counts the
 * requests that still failed after their retries.
 */
export async function viewerLoop(
  origin: string,
  videoId: string,
  options: {
    signal: AbortSignal;
    stats: { requests: number; retried: number; failed: number; failures: string[] };
  },
): Promise<void> {
  const http = retryingFetch();
  const get = async (url: string): Promise<Response | undefined> => {
    options.stats.requests++;
    const before = http.retries();
    try {
      const res = await http(url);
      options.stats.retried += http.retries() - before;
      if (res.ok) return res;
      await res.body?.cancel();
      options.stats.failures.push(`${res.status} ${new URL(url).pathname}`);
    } catch (err) {
      options.stats.failures.push(`${err} ${new URL(url).pathname}`);
    }
    options.stats.failed++;
    return undefined;
  };
  while (!options.signal.aborted) {
    const playback = await get(`${origin}/api/v1/videos/${videoId}/playback`);
    if (!playback) continue;
    const master = new URL((await playback.json()).masterUrl, origin);
    const masterText = await (await get(master.href))?.text();
    const variant = masterText?.split("\n").find((l) => l && !l.startsWith("#"));
    if (!variant) continue;
    const variantUrl = new URL(variant, master);
    const list = parseMediaPlaylist(await (await get(variantUrl.href))?.text() ?? "");
    const files = [...(list.mapUri ? [list.mapUri] : []), ...list.segments.map((s) => s.uri)];
    for (const f of files) {
      if (options.signal.aborted) break;
      await (await get(new URL(f, variantUrl).href))?.arrayBuffer();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
