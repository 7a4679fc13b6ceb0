/**
 * A quick start for hls.js (issue 18, P5): when the page says where the
 * stream starts (StartHints), the click fetches the master playlist, the
 * lowest rung's playlist, its init segment and its first segment all at once,
 * and a loader hands them to hls.js when it asks, instead of hls.js fetching
 * them one after another (four round trips on a slow link). Anything not
 * fetched ahead, or fetched ahead and failed, goes to hls.js's own loader.
 */
import type { StartHints } from "../lib/shared/player_start.ts";

/** A response fetched ahead, with its real timings (hls.js estimates bandwidth from them). */
interface Fetched {
  url: string;
  bytes: ArrayBuffer;
  start: number;
  first: number;
  end: number;
}

/** Responses fetched ahead, by absolute URL; each is handed out once. */
export type Prefetched = Map<string, Promise<Fetched | undefined>>;

/**
 * Starts fetching what the start of the stream needs. The first segment only
 * when playback starts at 0 (elsewhere hls.js wants another one).
 */
export function prefetchStart(
  masterUrl: string,
  hints: StartHints,
  options: { fromStart: boolean },
): Prefetched {
  const master = new URL(masterUrl, location.href);
  const variant = new URL(hints.variant, master);
  const urls = [master, variant];
  if (hints.init) urls.push(new URL(hints.init, variant));
  if (options.fromStart) urls.push(new URL(hints.segment, variant));
  return new Map(urls.map((u) => [u.href, fetchAhead(u.href)]));
}

async function fetchAhead(url: string): Promise<Fetched | undefined> {
  const start = performance.now();
  try {
    // Like hls.js's XHR: cookies only for the page's own origin.
    const r = await fetch(url, { credentials: "same-origin" });
    const first = performance.now();
    if (!r.ok) return undefined;
    const bytes = await r.arrayBuffer();
    return { url: r.url || url, bytes, start, first, end: performance.now() };
  } catch {
    return undefined; // hls.js's own loader tries again and reports what fails
  }
}

// deno-lint-ignore no-explicit-any
type Any = any;

/**
 * hls.js's default loader class, answering from `prefetched` first. hls.js
 * (loaded at run time) is untyped here; the members used are its Loader
 * interface (load/abort/destroy, context, stats, callbacks).
 */
export function prefetchingLoader(Base: Any, prefetched: Prefetched): Any {
  return class extends Base {
    #cancelled = false;
    abort() {
      this.#cancelled = true;
      super.abort();
    }
    load(context: Any, config: Any, callbacks: Any) {
      // hls.js hands the master's URL over as given (maybe relative); a whole file has range 0-0.
      const url = new URL(context.url, location.href).href;
      const whole = !context.rangeStart && !context.rangeEnd;
      const ahead = whole ? prefetched.get(url) : undefined;
      if (!ahead) return super.load(context, config, callbacks);
      // Served once: a playlist hls.js reloads later (a growing one) comes from the network.
      prefetched.delete(url);
      this.context = context;
      this.callbacks = callbacks;
      void ahead.then((got) => {
        if (!this.callbacks || this.#cancelled) return; // destroyed or aborted meanwhile
        if (!got) return super.load(context, config, callbacks);
        const s = this.stats;
        s.loading.start = got.start;
        s.loading.first = got.first;
        s.loading.end = got.end;
        s.loaded = s.total = got.bytes.byteLength;
        const data = context.responseType === "arraybuffer"
          ? got.bytes
          : new TextDecoder().decode(got.bytes);
        callbacks.onSuccess({ url: got.url, data, code: 200 }, s, context, null);
      });
    }
  };
}
