import assert from "node:assert/strict";
import { embedSize, oembedFor, watchUrlVideoId } from "./oembed.ts";

const ID = "0b6c3d1e-1111-4222-8333-444455556666";

Deno.test("watchUrlVideoId() accepts only this site's watch pages", () => {
  const publicUrl = "https://videos.example.org";
  assert.equal(watchUrlVideoId(`${publicUrl}/v/${ID}`, { publicUrl }), ID);
  assert.equal(watchUrlVideoId(`${publicUrl}/v/${ID}?t=90`, { publicUrl }), ID);
  for (
    const bad of [
      `https://evil.example/v/${ID}`,
      `http://videos.example.org/v/${ID}`,
      `https://videos.example.org:8443/v/${ID}`,
      `https://user:pw@videos.example.org/v/${ID}`,
      `${publicUrl}/v/${ID}/x`,
      `${publicUrl}/embed/${ID}`,
      `${publicUrl}/v/not-a-uuid`,
      `${publicUrl}/x/../v/${ID}x`,
      "javascript:alert(1)",
      "",
      `${publicUrl}/v/${ID}`.padEnd(3000, "a"),
    ]
  ) {
    assert.throws(() => watchUrlVideoId(bad, { publicUrl }), { name: "NotFoundError" }, bad);
  }
  // A PUBLIC_URL under a path.
  assert.equal(
    watchUrlVideoId(`https://x.org/tube/v/${ID}`, { publicUrl: "https://x.org/tube" }),
    ID,
  );
});

Deno.test("oembedFor() answers a video with an escaped iframe within the maximum size", () => {
  const o = oembedFor(
    { id: ID, title: `A "quoted" <title>`, ownerId: "o1", ownerName: "Ana" },
    { publicUrl: "https://v.example", maxWidth: 320 },
  );
  assert.equal(o.type, "video");
  assert.equal(o.width, 320);
  assert.equal(o.height, 180);
  assert.match(o.html, /^<iframe src="https:\/\/v\.example\/embed\/[0-9a-f-]{36}" width="320"/);
  assert.ok(o.html.includes(`title="A &quot;quoted&quot; &lt;title&gt;"`));
  assert.deepEqual(embedSize({ maxHeight: 90 }), { width: 160, height: 90 });
});
