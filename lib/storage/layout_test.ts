import assert from "node:assert/strict";
import { assertKey } from "./keys.ts";
import {
  captionPath,
  captionPlaylistPath,
  isAvatarKey,
  MEDIA_FILES,
  mediaKey,
  mediaPath,
  newAvatarKey,
  newExportKey,
  sourceKey,
  thumbnailPath,
  thumbnailUploadKey,
  videoPrefixes,
} from "./layout.ts";

const V = "0b7c8a3e-2d7e-4a51-9c1e-4f4a5d9e2b10";
const W = "0b7c8a3e-2d7e-4a51-9c1e-4f4a5d9e2b11";

Deno.test("every key family yields keys every store accepts", () => {
  const keys = [
    sourceKey(V),
    mediaKey(V, MEDIA_FILES.master),
    mediaKey(V, "720p/seg_00001.m4s"),
    mediaKey(V, captionPath("en-GB", "a1b2c3")),
    mediaKey(V, thumbnailPath("f1", 640)),
    mediaKey(V, captionPlaylistPath("zh-Hant", "a1b2c3")),
    thumbnailUploadKey(V, "u1a2b3c4d"),
    newAvatarKey(V),
    newExportKey(V),
  ];
  for (const k of keys) assertKey(k);
});

Deno.test("mediaPath() gives back a video's own paths and nothing of another video", () => {
  assert.equal(mediaPath(V, mediaKey(V, "poster.jpg")), "poster.jpg");
  assert.equal(mediaPath(V, mediaKey(W, "poster.jpg")), undefined);
  assert.equal(mediaPath(V, sourceKey(V)), undefined);
  assert.equal(mediaPath(V, null), undefined);
});

Deno.test("a video's prefixes cover its source and media, and no other video's", () => {
  const prefixes = videoPrefixes(V);
  assert.ok(prefixes.some((p) => sourceKey(V).startsWith(p)));
  assert.ok(prefixes.some((p) => mediaKey(V, "master.m3u8").startsWith(p)));
  assert.ok(!prefixes.some((p) => mediaKey(W, "master.m3u8").startsWith(p)));
});

Deno.test("isAvatarKey() accepts only fresh avatar keys", () => {
  assert.ok(isAvatarKey(newAvatarKey(V)));
  assert.ok(!isAvatarKey(`avatars/${V}/../x.jpg`));
  assert.ok(!isAvatarKey(mediaKey(V, "poster.jpg")));
});
