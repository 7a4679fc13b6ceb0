import assert from "node:assert/strict";
import { ValidationError } from "../errors.ts";
import { inTempDir as inDir } from "../../tests/_harness/clips.ts";
import { hostileLists, privateVideo } from "../../tests/_harness/hostile.ts";
import { AVATAR_SIZE, processAvatar } from "./avatar.ts";

const ffmpegPath = "ffmpeg";

Deno.test("processAvatar() reads JPEG, PNG, WebP and GIF under the image whitelist", async () => {
  await inDir(async (dir) => {
    for (const ext of ["jpg", "png", "webp", "gif"]) {
      const path = `${dir}/in.${ext}`;
      const out = await new Deno.Command("ffmpeg", {
        args: ["-v", "error", "-f", "lavfi", "-i", "testsrc=s=320x200", "-frames:v", "1", path],
      }).output();
      assert.ok(out.success, ext);
      const jpeg = await processAvatar(await Deno.readFile(path), { ffmpegPath });
      assert.deepEqual([...jpeg.slice(0, 2)], [0xff, 0xd8], ext);
    }
    assert.equal(AVATAR_SIZE, 256);
  });
});

Deno.test("processAvatar() refuses playlists and concat lists naming another file, and videos", async () => {
  await inDir(async (dir) => {
    const secret = await privateVideo(`${dir}/private.mp4`);
    const inputs: [string, Uint8Array][] = hostileLists(secret).map((
      [name, text],
    ) => [name, new TextEncoder().encode(text)]);
    inputs.push(["a video", await Deno.readFile(secret)]);
    for (const [name, bytes] of inputs) {
      await assert.rejects(processAvatar(bytes, { ffmpegPath }), (err: Error) => {
        assert.ok(err instanceof ValidationError, `${name}: ${err}`);
        return true;
      });
    }
  });
});
