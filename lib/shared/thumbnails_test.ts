import assert from "node:assert/strict";
import { parseThumbnail, posterSrcset, thumbnailWidths } from "./thumbnails.ts";

Deno.test("a thumbnail URL gives a srcset of its widths, token kept; a legacy poster none", () => {
  assert.deepEqual(thumbnailWidths(1280), [320, 640, 1280]);
  assert.deepEqual(thumbnailWidths(426), [320, 426]);
  assert.deepEqual(thumbnailWidths(200), [200]);
  assert.equal(
    posterSrcset("/media/v1/thumbs/f2-1280.jpg?token=a.b.c"),
    "/media/v1/thumbs/f2-320.jpg?token=a.b.c 320w, /media/v1/thumbs/f2-640.jpg?token=a.b.c 640w, " +
      "/media/v1/thumbs/f2-1280.jpg?token=a.b.c 1280w",
  );
  assert.equal(posterSrcset("/media/v1/poster.jpg"), undefined);
  assert.equal(posterSrcset(null), undefined);
  assert.equal(parseThumbnail("media/v/thumbs/u1a2b3c4d-854.jpg")?.name, "u1a2b3c4d");
});
