import { LRUCache } from "lru-cache";
import {
  MASTER_MAX_AGE_S,
  type MasterCaption,
  masterEtag,
  masterWithCaptions,
} from "../captions/master.ts";
import { isEndedPlaylist } from "../media/playlist.ts";
import { MEDIA_FILES, mediaKey } from "../storage/layout.ts";
import type { ByteRange, ObjectBody, ObjectInfo, Storage } from "../storage/mod.ts";
import { changedSince, changeStamp } from "./media_changes.ts";
import { SingleFlight } from "./_single_flight.ts";

/** A playlist as the media edge serves it (before a token is added to its URLs). */
export interface EdgePlaylist {
  text: string;
  etag: string;
  contentType: string;
  /** How long a client or shared cache may keep it (seconds). */
  maxAgeS: number;
}

/**
 * Bounds of the media edge's memory (defaults: 5 s, 32 MiB of playlists, 20,000 objects'
 * metadata, 64 MiB of small objects' bytes, none over 4 MiB).
 */
export interface MediaCacheOptions {
  ttlMs?: number;
  maxPlaylistBytes?: number;
  maxObjects?: number;
  maxObjectBytes?: number;
  maxObjectSize?: number;
}

/** A small object's bytes as read, with the ETag they had. */
export interface ObjectBytes {
  etag: string;
  bytes: Uint8Array<ArrayBuffer>;
}

type Entry<T> = { value: T; videoId: string; stamp: number };

/**
 * What the media edge remembers of stored media, so that a request for a
 * popular video touches neither the database nor (for playlists) storage:
 * finished playlists as served (a processed video's master with its caption
 * tracks, variant playlists with ENDLIST), and objects' metadata (size,
 * ETag, type), which answer 304s and ranges and let a segment be served
 * with one storage read. Both are size-capped LRUs whose entries live at
 * most `ttlMs` (5 s, the edge's promise for changes made elsewhere: a
 * re-run's new outputs, captions added on another instance) and are dropped
 * at once when this process changes the video (`mediaChanged()`). Playlists
 * still growing are never remembered.
 */
export class MediaCache {
  readonly #storage: Storage;
  readonly #captions?: (videoId: string) => Promise<MasterCaption[]>;
  readonly #playlists: LRUCache<string, Entry<EdgePlaylist>>;
  readonly #objects: LRUCache<string, Entry<ObjectInfo>>;
  readonly #playlistLoads = new SingleFlight<EdgePlaylist | undefined>();
  readonly #infoLoads = new SingleFlight<ObjectInfo | undefined>();
  readonly #bytes: LRUCache<string, Entry<ObjectBytes>>;
  readonly #bytesLoads = new SingleFlight<ObjectBytes | undefined>();
  readonly #maxObjectSize: number;

  constructor(
    deps: { storage: Storage; captions?: (videoId: string) => Promise<MasterCaption[]> },
    options: MediaCacheOptions = {},
  ) {
    this.#storage = deps.storage;
    this.#captions = deps.captions;
    const ttl = options.ttlMs ?? 5000;
    const maxSize = options.maxPlaylistBytes ?? 32 * 1024 * 1024;
    this.#playlists = new LRUCache({
      ttl,
      maxSize,
      // A JS string holds up to 2 bytes a character; no one playlist may take over a quarter.
      maxEntrySize: Math.ceil(maxSize / 4),
      sizeCalculation: (e) => 2 * e.value.text.length + 200,
    });
    this.#objects = new LRUCache({ ttl, max: options.maxObjects ?? 20_000 });
    this.#maxObjectSize = options.maxObjectSize ?? 4 * 1024 * 1024;
    this.#bytes = new LRUCache({
      ttl,
      maxSize: options.maxObjectBytes ?? 64 * 1024 * 1024,
      maxEntrySize: this.#maxObjectSize,
      sizeCalculation: (e) => e.value.bytes.byteLength + 200,
    });
  }

  /**
   * The playlist at `path` of `videoId` as served, or undefined when there is
   * none. `processed`: the video's processing is over, so its master is final.
   */
  async playlist(
    videoId: string,
    path: string,
    options: { processed: boolean },
  ): Promise<EdgePlaylist | undefined> {
    const key = mediaKey(videoId, path);
    const hit = fresh(this.#playlists, key);
    if (hit) return hit;
    return await this.#playlistLoads.run(
      `${key}|${options.processed}`,
      () => this.#loadPlaylist(videoId, path, options),
    );
  }

  async #loadPlaylist(
    videoId: string,
    path: string,
    options: { processed: boolean },
  ): Promise<EdgePlaylist | undefined> {
    const key = mediaKey(videoId, path);
    const stamp = changeStamp();
    const obj = await this.#storage.get(key);
    if (!obj) return undefined;
    const stored = await new Response(obj.body).text();
    const master = path === MEDIA_FILES.master;
    const finished = master ? options.processed : isEndedPlaylist(stored);
    // Captions change without a new transcode: the master lists the current ones.
    const tracks = master && this.#captions ? await this.#captions(videoId) : [];
    const playlist: EdgePlaylist = {
      text: masterWithCaptions(stored, tracks),
      etag: masterEtag(obj.etag, tracks),
      contentType: obj.contentType,
      maxAgeS: !finished ? 2 : master ? MASTER_MAX_AGE_S : 86400,
    };
    if (finished) this.#playlists.set(key, { value: playlist, videoId, stamp });
    return playlist;
  }

  /** An object's metadata, or undefined when there is no such object. */
  async info(videoId: string, key: string): Promise<ObjectInfo | undefined> {
    const hit = fresh(this.#objects, key);
    if (hit) return hit;
    return await this.#infoLoads.run(key, async () => {
      const stamp = changeStamp();
      const info = await this.#storage.head(key);
      if (info) this.#objects.set(key, { value: info, videoId, stamp });
      return info;
    });
  }

  /**
   * An object's bytes (a range of them). What storage returned is remembered
   * as the object's metadata, so an object replaced since `info()` is seen.
   */
  async read(
    videoId: string,
    key: string,
    options: { range?: ByteRange } = {},
  ): Promise<ObjectBody | undefined> {
    const stamp = changeStamp();
    const obj = await this.#storage.get(key, options);
    if (!obj) this.#objects.delete(key);
    else if (this.#objects.peek(key)?.value.etag !== obj.etag) {
      const { body: _, range: __, ...info } = obj;
      this.#objects.set(key, { value: info, videoId, stamp });
    }
    return obj;
  }

  /**
   * A small object's whole bytes (a segment, an init segment, a poster), read
   * once and then answered from memory like its metadata (at most `ttlMs`
   * old, dropped on `mediaChanged()`): that costs Deno less CPU than a file's
   * stream, which it reads in 64 KiB chunks on its blocking thread pool
   * (docs/DESIGN.md, "Media edge"). Undefined for larger objects (the caller
   * streams them) and for objects that are gone. Compare the ETag with
   * `info`'s: a different one means the object was replaced. Only for stores
   * that can check an object synchronously (local storage's stat): on S3 the
   * check per use would be a HEAD request, dearer than the stream it saves.
   */
  async bytes(videoId: string, info: ObjectInfo): Promise<ObjectBytes | undefined> {
    if (!this.#storage.headNow || info.size > this.#maxObjectSize) return undefined;
    const hit = fresh(this.#bytes, info.key);
    // Checked against storage on every use (a synchronous stat on local storage): a replaced
    // object is never answered from memory.
    if (hit?.etag === info.etag && this.#storage.headNow(info.key)?.etag === hit.etag) return hit;
    return await this.#bytesLoads.run(info.key, async () => {
      const stamp = changeStamp();
      const obj = await this.read(videoId, info.key);
      if (!obj) return undefined;
      const value = { etag: obj.etag, bytes: await new Response(obj.body).bytes() };
      this.#bytes.set(info.key, { value, videoId, stamp });
      return value;
    });
  }
}

/** The entry's value unless this process changed its video since it was taken. */
function fresh<T extends object>(cache: LRUCache<string, Entry<T>>, key: string): T | undefined {
  const hit = cache.get(key);
  if (!hit) return undefined;
  if (!changedSince(hit.videoId, hit.stamp)) return hit.value;
  cache.delete(key);
  return undefined;
}
