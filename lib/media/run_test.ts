import assert from "node:assert/strict";
import { inTempDir } from "../../tests/_harness/clips.ts";
import { hasPrlimit } from "./child.ts";
import { FfmpegError, runFfmpeg } from "./run.ts";

const encode = (out: string) => [
  ...["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=0.4"],
  ...["-c:v", "libx264", "-preset", "ultrafast", out],
];

Deno.test("runFfmpeg() caps ffmpeg's address space with memoryBytes", async () => {
  assert.ok(await hasPrlimit(), "util-linux prlimit is installed here");
  await inTempDir(async (dir) => {
    // 64 MB cannot even hold ffmpeg's libraries: the capped run fails, the generous one does not.
    await assert.rejects(
      runFfmpeg(encode(`${dir}/a.mp4`), { ffmpegPath: "ffmpeg", memoryBytes: 64 * 1024 ** 2 }),
      FfmpegError,
    );
    await runFfmpeg(encode(`${dir}/b.mp4`), { ffmpegPath: "ffmpeg", memoryBytes: 8 * 1024 ** 3 });
    assert.ok((await Deno.stat(`${dir}/b.mp4`)).size > 0);
  });
});
