import { MEDIA_FILES } from "../storage/layout.ts";
import type { JobStorage } from "../storage/types.ts";
import { log } from "../log.ts";
import { SEGMENT_SECONDS } from "./ffmpeg.ts";
import { asVod, type MediaPlaylist, parseMediaPlaylist, withTargetDuration } from "./hls.ts";

/**
 * Copies HLS output from a local directory to storage while ffmpeg is still
 * writing it. A segment is uploaded only once its variant playlist lists it
 * (ffmpeg lists a segment after finishing it, and renames playlists into place),
 * and each playlist is uploaded after the segments it names, so a player never
 * sees a playlist entry whose bytes are not stored yet.
 */
export class HlsPublisher {
  readonly #storage: JobStorage;
  readonly #localDir: string;
  readonly #prefix: string;
  readonly #uploaded = new Set<string>();
  readonly #playlists = new Map<string, string>();
  /** Every key this publisher wrote. */
  readonly keys = new Set<string>();

  constructor(storage: JobStorage, options: { localDir: string; prefix: string }) {
    this.#storage = storage;
    this.#localDir = options.localDir.replace(/\/+$/, "");
    this.#prefix = options.prefix.replace(/\/+$/, "");
  }

  /**
   * Publishes what is complete in each variant directory (relative names, ""
   * for the directory itself); `final` marks the playlists VOD. Returns the
   * playlists as published, by variant.
   */
  async sync(
    variants: string[],
    options: { final?: boolean } = {},
  ): Promise<Map<string, MediaPlaylist>> {
    const out = new Map<string, MediaPlaylist>();
    for (const variant of variants) {
      const rel = (name: string) => variant ? `${variant}/${name}` : name;
      let text: string;
      try {
        text = await Deno.readTextFile(`${this.#localDir}/${rel(MEDIA_FILES.variantPlaylist)}`);
      } catch (err) {
        if (err instanceof Deno.errors.NotFound) continue;
        throw err;
      }
      const playlist = parseMediaPlaylist(text);
      if (playlist.segments.length === 0) continue;
      const files = [
        ...(playlist.mapUri ? [playlist.mapUri] : []),
        ...playlist.segments.map((s) => s.uri),
      ];
      for (const file of files) {
        // The init segment is small; send it again at the end in case ffmpeg rewrote it.
        const again = options.final && file === playlist.mapUri;
        if (this.#uploaded.has(rel(file)) && !again) continue;
        await this.putFile(rel(file));
      }
      const steady = withTargetDuration(text, SEGMENT_SECONDS);
      const body = options.final ? asVod(steady) : steady;
      if (this.#playlists.get(variant) !== body) {
        await this.putText(rel(MEDIA_FILES.variantPlaylist), body);
        this.#playlists.set(variant, body);
      }
      out.set(variant, playlist);
    }
    return out;
  }

  /** Uploads one local file (relative to the local directory). */
  async putFile(rel: string): Promise<void> {
    const bytes = await Deno.readFile(`${this.#localDir}/${rel}`);
    await this.#put(rel, bytes);
    this.#uploaded.add(rel);
  }

  /** Uploads text under the prefix. */
  async putText(rel: string, text: string): Promise<void> {
    await this.#put(rel, text);
  }

  /** The storage key for a relative name. */
  keyFor(rel: string): string {
    return `${this.#prefix}/${rel}`;
  }

  async #put(rel: string, body: Uint8Array | string) {
    const key = this.keyFor(rel);
    await this.#storage.put(key, body);
    this.keys.add(key);
  }
}

/**
 * Runs `work` (an ffmpeg writing HLS into the publisher's directory) and
 * publishes what it has completed meanwhile: a round every `everyMs()`
 * milliseconds (asked again each time, so that a caller can poll quickly until
 * its first master is out), each followed by `onRound` with the playlists as
 * published. A failed round is logged and the next one tries again; the rounds
 * stop when the work ends (the round in flight finishes first), and the work's
 * own error is what this throws. The final round (VOD) is the caller's.
 */
export async function publishWhile(
  pub: HlsPublisher,
  variants: string[],
  options: {
    work: () => Promise<void>;
    everyMs: () => number;
    onRound?: (lists: Map<string, MediaPlaylist>) => Promise<void>;
    signal: AbortSignal;
    /** Fields for the warning a failed round logs. */
    logFields?: Record<string, unknown>;
  },
): Promise<void> {
  let done = false;
  let wake = () => {};
  const rounds = (async () => {
    while (!done) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.everyMs());
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (done || options.signal.aborted) break;
      try {
        const lists = await pub.sync(variants);
        await options.onRound?.(lists);
      } catch (err) {
        log("warn", "progressive publish failed; will retry", { ...options.logFields, err });
      }
    }
  })();
  try {
    await options.work();
  } finally {
    done = true;
    wake();
    await rounds;
  }
}
