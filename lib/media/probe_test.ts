import assert from "node:assert/strict";
import { LimitError, ValidationError } from "../errors.ts";
import { inTempDir as inDir, makeClip } from "../../tests/_harness/clips.ts";
import {
  colorClip,
  hostileLists,
  manyPacketsMkv,
  privateVideo,
} from "../../tests/_harness/hostile.ts";
import { isWebSafe, MAX_STREAMS, probeMedia } from "./probe.ts";

const limits = { maxDimension: 4096, maxDurationS: 3600, maxFrames: 1_000_000 };
const probe = (path: string, l = limits) => probeMedia(path, { ffprobePath: "ffprobe", limits: l });

Deno.test("probeMedia() reads size, duration, codecs and keyframe spacing", async () => {
  await inDir(async (dir) => {
    const info = await probe(await makeClip(`${dir}/a.mp4`, { durationS: 2 }));
    assert.equal(info.video.codec, "h264");
    assert.deepEqual([info.video.displayWidth, info.video.displayHeight], [320, 180]);
    assert.ok(Math.abs(info.durationS - 2) < 0.1);
    assert.equal(info.audio?.codec, "aac");
    assert.equal(info.video.packets, 50);
    assert.ok(info.video.maxKeyframeGapS <= 2.01);
  });
});

Deno.test("isWebSafe() accepts H.264/AAC with short GOPs and refuses VP9, HEVC, 4:4:4 and long GOPs", async () => {
  await inDir(async (dir) => {
    const safe = await probe(await makeClip(`${dir}/s.mp4`));
    const silent = await probe(await makeClip(`${dir}/n.mp4`, { audio: false }));
    const vp9 = await probe(await makeClip(`${dir}/v.webm`, { video: "vp9" }));
    const hevc = await probe(await makeClip(`${dir}/h.mp4`, { video: "hevc" }));
    const yuv444 = await probe(await makeClip(`${dir}/y.mp4`, { pixFmt: "yuv444p" }));
    const longGop = await probe(
      await makeClip(`${dir}/g.mp4`, { width: 160, height: 90, durationS: 7, gop: 175 }),
    );
    assert.deepEqual(
      [safe, silent, vp9, hevc, yuv444, longGop].map(isWebSafe),
      [true, true, false, false, false, false],
    );
  });
});

Deno.test("probeMedia() refuses empty, non-video, audio-only and truncated files with a reason", async () => {
  await inDir(async (dir) => {
    await Deno.writeFile(`${dir}/zero.mp4`, new Uint8Array());
    await Deno.writeTextFile(`${dir}/text.mp4`, "This is not a video at all.\n".repeat(50));
    await makeClip(`${dir}/audio.mp4`, { video: "none" });
    const whole = await Deno.readFile(await makeClip(`${dir}/whole.mp4`, { durationS: 4 }));
    // A faststart file cut in half: the header still announces the full length.
    const fast = `${dir}/fast.mp4`;
    await new Deno.Command("ffmpeg", {
      args: [
        "-v",
        "error",
        "-i",
        `${dir}/whole.mp4`,
        "-c",
        "copy",
        "-movflags",
        "+faststart",
        fast,
      ],
    }).output();
    const fastBytes = await Deno.readFile(fast);
    await Deno.writeFile(`${dir}/trunc.mp4`, fastBytes.slice(0, fastBytes.length / 2));
    await Deno.writeFile(`${dir}/trunc_end.mp4`, whole.slice(0, whole.length / 2));
    const cases: [string, RegExp][] = [
      ["zero.mp4", /empty/],
      ["text.mp4", /not a video/],
      ["audio.mp4", /no video stream/],
      ["trunc.mp4", /incomplete/],
      ["trunc_end.mp4", /not a video/],
    ];
    for (const [name, reason] of cases) {
      await assert.rejects(probe(`${dir}/${name}`), (err: Error) => {
        assert.ok(err instanceof ValidationError, `${name}: ${err}`);
        assert.match(err.message, reason, name);
        return true;
      });
    }
  });
});

Deno.test("probeMedia() refuses inputs over the configured limits from the header", async () => {
  await inDir(async (dir) => {
    const path = await makeClip(`${dir}/a.mp4`, { durationS: 2 });
    await assert.rejects(probe(path, { ...limits, maxDimension: 200 }), LimitError);
    await assert.rejects(probe(path, { ...limits, maxDurationS: 1 }), LimitError);
    await assert.rejects(probe(path, { ...limits, maxFrames: 10 }), /at most 10/);
  });
});

Deno.test("probeMedia() refuses more packets than maxFrames even when the header claims a few frames", async () => {
  await inDir(async (dir) => {
    // 20,000 packets of 16×16 at 1000 fps; the header claims 0.2 s (200 frames).
    const path = await manyPacketsMkv(`${dir}/many.mkv`, { packets: 20_000, claimS: 0.2 });
    await assert.rejects(probe(path, { ...limits, maxFrames: 5_000 }), (err: Error) => {
      assert.ok(err instanceof LimitError, String(err));
      assert.match(err.message, /more than 5000 frames; at most 5000 are accepted/);
      return true;
    });
  });
});

Deno.test("probeMedia() judges the duration by the packets, not by a header that understates it", async () => {
  await inDir(async (dir) => {
    const path = await manyPacketsMkv(`${dir}/long.mkv`, { packets: 20_000, claimS: 0.5 });
    await assert.rejects(probe(path, { ...limits, maxDurationS: 10 }), (err: Error) => {
      assert.ok(err instanceof LimitError, String(err));
      assert.match(err.message, /lasts more than 10 s/);
      return true;
    });
    // Within the limits it is accepted with its real length.
    const info = await probe(path);
    assert.equal(info.video.packets, 20_000);
    assert.ok(Math.abs(info.durationS - 20) < 0.1, `${info.durationS}`);
  });
});

Deno.test("probeMedia() refuses a huge pixel rate (4096×2304 at 120 fps under a 4096 limit)", async () => {
  await inDir(async (dir) => {
    const path = `${dir}/fast.mp4`;
    await colorClip(path, { size: "4096x2304", fps: 120, durationS: 0.25 });
    await assert.rejects(probe(path, { ...limits, maxDimension: 4096 }), /million pixels a second/);
  });
});

Deno.test("probeMedia() refuses an HLS playlist or ffconcat list naming another local video", async () => {
  await inDir(async (dir) => {
    const secret = await privateVideo(`${dir}/private.mp4`);
    for (const [name, text] of hostileLists(secret)) {
      const path = `${dir}/${name}`;
      await Deno.writeTextFile(path, text);
      await assert.rejects(probe(path), (err: Error) => {
        assert.ok(err instanceof ValidationError, `${name}: ${err}`);
        assert.match(err.message, /not a video that can be read/);
        return true;
      });
    }
  });
});

Deno.test("probeMedia() judges the pixel rate by the packets when the header's frame rate is absurd", async () => {
  await inDir(async (dir) => {
    // 1024×576 at 1000 fps: the header's 1000 fps is discarded (30 assumed), the packets are not.
    const path = `${dir}/burst.mkv`;
    await colorClip(path, { size: "1024x576", fps: 1000, durationS: 0.3 });
    await assert.rejects(probe(path, { ...limits, maxDimension: 1024 }), (err: Error) => {
      assert.ok(err instanceof LimitError, String(err));
      assert.match(err.message, /million pixels a second \(1024×576 at 9\d\d fps\)/);
      return true;
    });
  });
});

Deno.test("probeMedia() refuses a file of more than MAX_STREAMS streams", async () => {
  await inDir(async (dir) => {
    const path = `${dir}/streams.mkv`;
    const maps = Array.from({ length: MAX_STREAMS }, () => ["-map", "1:a"]).flat();
    await colorClip(path, {
      size: "64x64",
      fps: 25,
      durationS: 1,
      args: ["-f", "lavfi", "-i", "sine=d=1", "-map", "0:v", ...maps, "-c:a", "pcm_s16le"],
    });
    await assert.rejects(probe(path), (err: Error) => {
      assert.ok(err instanceof LimitError, String(err));
      assert.match(err.message, new RegExp(`${MAX_STREAMS + 1} streams; at most ${MAX_STREAMS}`));
      return true;
    });
  });
});
