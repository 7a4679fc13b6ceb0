/**
 * Hostile media through the real entry points: the avatar API and upload
 * completion (its ffprobe inspection). Files are generated; limits are
 * lowered in the test config so that a few thousand packets pass them.
 */
import assert from "node:assert/strict";
import { UploadSession } from "../islands/_upload_client.ts";
import { LocalStorage } from "../lib/storage/local.ts";
import { hostileLists, manyPacketsMkv, privateVideo } from "./_harness/hostile.ts";
import { bearerAccount, serveUploads, type UploadServer } from "./_harness/uploads.ts";

/**
 * A private video of another user in local storage; returns its file path. It
 * ends in .mp4, an extension the HLS demuxer accepts for segments (like the
 * .m3u8/.m4s renditions stored under media/).
 */
async function someoneElsesVideo(server: UploadServer): Promise<string> {
  const clip = await privateVideo(`${server.services.dir}/private.mp4`);
  const key = `media/${crypto.randomUUID()}/private.mp4`;
  await server.services.storage.put(key, await Deno.readFile(clip));
  return (server.services.storage as LocalStorage).filePath(key);
}

function upload(server: UploadServer, headers: Record<string, string>, file: File) {
  return new UploadSession(file, { apiBase: server.origin, headers }).run();
}

Deno.test("avatar API: an HLS playlist or concat list naming another user's video is refused", async () => {
  const server = await serveUploads();
  try {
    const secret = await someoneElsesVideo(server);
    const { id, headers } = await bearerAccount(server);
    for (const [name, text] of hostileLists(secret)) {
      const r = await fetch(`${server.origin}/api/v1/users/me/avatar`, {
        method: "PUT",
        headers: { ...headers, "content-type": "image/png" },
        body: text,
      });
      const body = await r.json();
      assert.equal(r.status, 400, `${name}: ${JSON.stringify(body)}`);
      assert.equal(body.error.code, "invalid_input");
      assert.match(body.error.message, /not an image we can read/);
    }
    const [user] = await server.services.db.sql`select avatar_key from users where id = ${id}`;
    assert.equal(user.avatar_key, null, "no avatar was made from the other video");
    const avatars = [];
    for await (const o of server.services.storage.list("avatars/")) avatars.push(o.key);
    assert.deepEqual(avatars, []);
  } finally {
    await server.close();
  }
});

for (const mode of ["local", "s3"] as const) {
  Deno.test(`${mode} uploads: more packets than MEDIA_MAX_FRAMES behind a header claiming 0.2 s end failed at completion`, async () => {
    const server = await serveUploads({ mode });
    try {
      server.services.config.media.maxFrames = 5_000;
      const { headers } = await bearerAccount(server);
      const path = await manyPacketsMkv(`${server.services.dir}/many.mkv`, {
        packets: 20_000,
        claimS: 0.2,
      });
      const file = new File([await Deno.readFile(path)], "clip.webm", { type: "video/webm" });
      const result = await upload(server, headers, file);
      assert.equal(result.status, "failed");
      assert.match(result.reason!, /more than 5000 frames; at most 5000 are accepted/);
      const jobs = await server.services.db.sql`
      select 1 from transcode_jobs where video_id = ${result.videoId}`;
      assert.equal(jobs.length, 0, "nothing is queued");
    } finally {
      await server.close();
    }
  });
}

Deno.test("uploads: a playlist or concat list posing as a video ends failed without reading its target", async () => {
  const server = await serveUploads();
  try {
    const secret = await someoneElsesVideo(server);
    const { headers } = await bearerAccount(server);
    for (const [name, text] of hostileLists(secret)) {
      const file = new File([new TextEncoder().encode(text)], "clip.mp4", { type: "video/mp4" });
      const result = await upload(server, headers, file);
      assert.equal(result.status, "failed", name);
      assert.match(result.reason!, /not a video that can be read/, name);
      assert.doesNotMatch(result.reason!, /\//, "no path in the reason");
    }
  } finally {
    await server.close();
  }
});
