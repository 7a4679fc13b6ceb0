import assert from "node:assert/strict";
import { checkMediaTools } from "./tools.ts";

Deno.test("checkMediaTools() reports the installed ffmpeg", async () => {
  const r = await checkMediaTools({ ffmpegPath: "ffmpeg", ffprobePath: "ffprobe" });
  assert.equal(r.ok, true);
  assert.match(r.ok ? r.version : "", /^ffmpeg version/);
});

Deno.test("checkMediaTools() names the fix in one sentence when a tool is missing", async () => {
  const r = await checkMediaTools({ ffmpegPath: "/nonexistent/ffmpeg", ffprobePath: "ffprobe" });
  assert.equal(r.ok, false);
  const problem = r.ok ? "" : r.problem;
  assert.match(problem, /^ffmpeg not found: install FFmpeg/);
  assert.match(problem, /apt-get install ffmpeg/);
});
