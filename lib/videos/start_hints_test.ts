import assert from "node:assert/strict";
import { LocalStorage } from "../storage/local.ts";
import { mediaKey } from "../storage/layout.ts";
import { lowestVariant, startHints } from "./start_hints.ts";

const MASTER = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"
360p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=500000,RESOLUTION=426x240,CODECS="avc1.640015,mp4a.40.2"
240p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"
720p/index.m3u8
`;
const variant = (end: boolean, first = "seg_00000.m4s") =>
  `#EXTM3U
#EXT-X-TARGETDURATION:4
#EXT-X-MAP:URI="init_0.mp4"
#EXTINF:4.000000,
${first}
#EXTINF:4.000000,
seg_00001.m4s
${end ? "#EXT-X-ENDLIST\n" : ""}`;

async function store() {
  const dir = await Deno.makeTempDir();
  const storage = await new LocalStorage(dir, { secret: "s", publicUrl: "http://x" }).init();
  return { storage, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

Deno.test("lowestVariant: the smallest height wins, then the smallest bandwidth", () => {
  assert.equal(lowestVariant(MASTER), "240p/index.m3u8");
  const sameHeight = MASTER.replace("RESOLUTION=640x360", "RESOLUTION=426x240");
  assert.equal(lowestVariant(sameHeight), "240p/index.m3u8");
  assert.equal(lowestVariant("#EXTM3U\n"), undefined);
});

Deno.test("startHints: the lowest rung's playlist, init and first segment, from storage", async () => {
  await using s = await store();
  const id = crypto.randomUUID();
  assert.equal(await startHints(s.storage, id), undefined, "no master yet");
  await s.storage.put(mediaKey(id, "master.m3u8"), MASTER);
  await s.storage.put(mediaKey(id, "240p/index.m3u8"), variant(false));
  assert.deepEqual(await startHints(s.storage, id), {
    variant: "240p/index.m3u8",
    init: "init_0.mp4",
    segment: "seg_00000.m4s",
  });
  // A growing playlist is read again each time; a finished one is remembered.
  await s.storage.put(mediaKey(id, "240p/index.m3u8"), variant(true, "seg_00007.m4s"));
  assert.equal((await startHints(s.storage, id))?.segment, "seg_00007.m4s");
  await s.storage.delete(mediaKey(id, "master.m3u8"));
  assert.equal((await startHints(s.storage, id))?.segment, "seg_00007.m4s", "cached");
});

Deno.test("startHints: a playlist naming anything outside the video's media gives none", async () => {
  await using s = await store();
  for (
    const [master, segment] of [
      [MASTER.replace("240p/index.m3u8", "../other/240p/index.m3u8"), "seg_00000.m4s"],
      [MASTER.replace("240p/index.m3u8", "https://evil.example/a.m3u8"), "seg_00000.m4s"],
      [MASTER, "../../x/seg.m4s"],
      [MASTER, "https://evil.example/seg.m4s"],
    ]
  ) {
    const id = crypto.randomUUID();
    await s.storage.put(mediaKey(id, "master.m3u8"), master);
    await s.storage.put(mediaKey(id, "240p/index.m3u8"), variant(true, segment));
    assert.equal(await startHints(s.storage, id), undefined, `${master} ${segment}`);
  }
});
