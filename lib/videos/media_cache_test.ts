import assert from "node:assert/strict";
import { LocalStorage } from "../storage/local.ts";
import { mediaKey } from "../storage/layout.ts";
import { MediaCache } from "./media_cache.ts";
import { changedSince, changeStamp, mediaChanged } from "./media_changes.ts";

const ENDED = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.000,\nseg_00000.m4s\n#EXT-X-ENDLIST\n";
const GROWING = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.000,\nseg_00000.m4s\n";

async function withStore(fn: (storage: LocalStorage) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "vf-media-cache-" });
  try {
    await fn(await new LocalStorage(dir, { secret: "s".repeat(40), publicUrl: "http://x" }).init());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("finished playlists are remembered for the lifetime only; growing ones never", async () => {
  await withStore(async (storage) => {
    const id = crypto.randomUUID();
    const cache = new MediaCache({ storage }, { ttlMs: 150 });
    await storage.put(mediaKey(id, "240p/index.m3u8"), ENDED);
    await storage.put(mediaKey(id, "360p/index.m3u8"), GROWING);
    const read = async (path: string) =>
      (await cache.playlist(id, path, { processed: true }))?.text;
    assert.equal(await read("240p/index.m3u8"), ENDED);
    assert.equal(await read("360p/index.m3u8"), GROWING);
    // Another process (a re-run, a live encoder) rewrites both.
    await storage.put(mediaKey(id, "240p/index.m3u8"), ENDED.replace("4.000", "3.000"));
    await storage.put(mediaKey(id, "360p/index.m3u8"), `${GROWING}#EXTINF:4.000,\nseg_1.m4s\n`);
    assert.equal(await read("240p/index.m3u8"), ENDED, "within the lifetime");
    assert.match((await read("360p/index.m3u8"))!, /seg_1/, "a growing playlist is read anew");
    await sleep(200);
    assert.match((await read("240p/index.m3u8"))!, /3\.000/, "after the lifetime");
    assert.equal(await cache.playlist(id, "480p/index.m3u8", { processed: true }), undefined);
  });
});

Deno.test("a change recorded in this process ends a video's entries at once, and only its own", async () => {
  await withStore(async (storage) => {
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    const cache = new MediaCache({ storage }, { ttlMs: 60_000 });
    for (const id of [a, b]) await storage.put(mediaKey(id, "240p/index.m3u8"), ENDED);
    for (const id of [a, b]) await cache.playlist(id, "240p/index.m3u8", { processed: true });
    for (const id of [a, b]) await storage.delete(mediaKey(id, "240p/index.m3u8"));
    mediaChanged(a);
    assert.equal(await cache.playlist(a, "240p/index.m3u8", { processed: true }), undefined);
    assert.equal((await cache.playlist(b, "240p/index.m3u8", { processed: true }))?.text, ENDED);
  });
});

Deno.test("the playlist memory is capped by size: the least recently used go first", async () => {
  await withStore(async (storage) => {
    const ids = Array.from({ length: 12 }, () => crypto.randomUUID());
    const big = ENDED + `#${"x".repeat(2000)}\n`;
    // About 4 KB each: a 20 KB cap holds a few of them.
    const cache = new MediaCache({ storage }, { ttlMs: 60_000, maxPlaylistBytes: 20_000 });
    for (const id of ids) {
      await storage.put(mediaKey(id, "240p/index.m3u8"), big);
      await cache.playlist(id, "240p/index.m3u8", { processed: true });
    }
    for (const id of ids) await storage.delete(mediaKey(id, "240p/index.m3u8"));
    const still = [];
    for (const id of ids) {
      still.push(await cache.playlist(id, "240p/index.m3u8", { processed: true }) !== undefined);
    }
    assert.deepEqual(still.slice(0, 7), Array(7).fill(false), "the oldest were dropped");
    assert.equal(still.at(-1), true, "the newest is remembered");
  });
});

Deno.test("change stamps: a change after an entry was taken ends it; a forgotten change counts too", () => {
  const id = crypto.randomUUID();
  const taken = changeStamp();
  assert.equal(changedSince(id, taken), false);
  mediaChanged(id);
  assert.equal(changedSince(id, taken), true);
  const later = changeStamp();
  assert.equal(changedSince(id, later), false);
  // Past what is remembered, every entry older than the forgotten change is treated as stale.
  for (let i = 0; i < 10_001; i++) mediaChanged(crypto.randomUUID());
  assert.equal(changedSince(crypto.randomUUID(), later), true);
  assert.equal(changedSince(crypto.randomUUID(), changeStamp()), false);
});

/** A real local store that counts its reads of objects' bytes. */
class CountingStorage extends LocalStorage {
  gets = 0;
  override get(...args: Parameters<LocalStorage["get"]>) {
    this.gets++;
    return super.get(...args);
  }
}

Deno.test("a small object's bytes are read once, never served once replaced, large ones not kept", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vf-media-bytes-" });
  try {
    const storage = new CountingStorage(dir, { secret: "s".repeat(40), publicUrl: "http://x" });
    await storage.init();
    const id = crypto.randomUUID();
    const key = mediaKey(id, "240p/seg_00000.m4s");
    const cache = new MediaCache({ storage }, { ttlMs: 60_000, maxObjectSize: 10_000 });
    const first = Uint8Array.from({ length: 5000 }, (_, i) => i % 251);
    await storage.put(key, first);
    const info = (await cache.info(id, key))!;
    for (let i = 0; i < 3; i++) {
      const held = await cache.bytes(id, info);
      assert.equal(held?.etag, info.etag);
      assert.deepEqual(held?.bytes, first);
    }
    assert.equal(storage.gets, 1, "read once, then from memory");

    // A re-run replaces it under the same name: the old bytes are never answered again.
    const second = Uint8Array.from({ length: 6000 }, (_, i) => (i * 7) % 256);
    await storage.put(key, second);
    const replaced = await cache.bytes(id, info);
    assert.notEqual(replaced?.etag, info.etag);
    assert.deepEqual(replaced?.bytes, second);
    assert.equal((await cache.info(id, key))?.etag, replaced?.etag, "its new facts are kept");

    await storage.delete(key);
    assert.equal(await cache.bytes(id, { ...info, etag: replaced!.etag }), undefined);

    const big = mediaKey(id, "240p/seg_00001.m4s");
    await storage.put(big, new Uint8Array(20_000));
    const gets = storage.gets;
    assert.equal(await cache.bytes(id, (await cache.info(id, big))!), undefined);
    assert.equal(storage.gets, gets, "too large: left to the caller's stream");

    // A store that cannot check an object without a request (S3: a HEAD per use) keeps none.
    const remote = {
      head: (k: string) => storage.head(k),
      get: (k: string, o?: Parameters<typeof storage.get>[1]) => storage.get(k, o),
    } as unknown as typeof storage;
    const viaRemote = new MediaCache({ storage: remote }, { ttlMs: 60_000, maxObjectSize: 10_000 });
    const small = (await viaRemote.info(id, key))!;
    assert.equal(await viaRemote.bytes(id, small), undefined);
    assert.equal(storage.gets, gets, "nothing read to hold");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
