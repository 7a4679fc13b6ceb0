/**
 * Hostile media for tests and benchmarks: cheap to generate, expensive to
 * trust. Each is a real file that demuxers accept.
 */

/**
 * A Matroska file of `packets` tiny H.264 packets (16×16, 1000 fps, one
 * keyframe) whose header claims only `claimS` seconds: the header alone looks
 * like a fraction of a second of video, the file holds many thousands of frames.
 */
export async function manyPacketsMkv(
  path: string,
  options: { packets: number; claimS: number },
): Promise<string> {
  await colorClip(path, {
    size: "16x16",
    fps: 1000,
    durationS: options.packets / 1000,
    args: ["-g", "1000000", "-f", "matroska"],
  });
  await lieAboutDuration(path, options.claimS);
  return path;
}

/**
 * Rewrites a Matroska file's Segment Duration (EBML id 0x4489, an 8-byte
 * float in milliseconds) to claim `seconds`. Throws if the element is absent.
 */
export async function lieAboutDuration(path: string, seconds: number): Promise<void> {
  const file = await Deno.open(path, { read: true, write: true });
  try {
    const head = new Uint8Array(8192);
    const n = (await file.read(head)) ?? 0;
    for (let i = 0; i + 11 <= n; i++) {
      if (head[i] === 0x44 && head[i + 1] === 0x89 && head[i + 2] === 0x88) {
        const value = new Uint8Array(8);
        new DataView(value.buffer).setFloat64(0, seconds * 1000);
        await file.seek(i + 3, Deno.SeekMode.Start);
        await file.write(value);
        return;
      }
    }
    throw new Error(`no Matroska duration element in ${path}`);
  } finally {
    file.close();
  }
}

async function ffmpeg(args: string[]) {
  const out = await new Deno.Command("ffmpeg", {
    args: ["-v", "error", "-y", ...args],
    stderr: "piped",
    stdout: "null",
  }).output();
  if (!out.success) throw new Error(`ffmpeg failed: ${new TextDecoder().decode(out.stderr)}`);
}

/**
 * Files that make a demuxer open `target` (another user's video): an HLS
 * playlist, an ffconcat list and a plain concat list, named like uploads.
 */
export function hostileLists(target: string): [string, string][] {
  return [
    [
      "playlist.mp4",
      `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10.0,\nfile://${target}\n#EXT-X-ENDLIST\n`,
    ],
    ["list.mp4", `ffconcat version 1.0\nfile '${target}'\n`],
    ["bare.m3u8", `#EXTM3U\n#EXTINF:10.0,\n${target}\n`],
  ];
}

/**
 * Someone's private video as a hostile list would name it: a 1 s faststart
 * MP4 (index first, like phone uploads and our fMP4 renditions), which the
 * HLS demuxer reads as a segment.
 */
export async function privateVideo(path: string): Promise<string> {
  const plain = `${path}.plain.mp4`;
  await ffmpeg([
    ...["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=1"],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", plain],
  ]);
  await ffmpeg(["-i", plain, "-c", "copy", "-movflags", "+faststart", path]);
  await Deno.remove(plain);
  return path;
}

/**
 * A static colour clip in H.264 of any size and frame rate: cheap to make at
 * sizes and rates no camera gives. `args` go after the colour input (more
 * inputs, maps, codecs for them).
 */
export async function colorClip(
  path: string,
  o: { size: string; fps: number; durationS: number; args?: string[] },
): Promise<string> {
  await ffmpeg([
    ...["-f", "lavfi", "-i", `color=s=${o.size}:r=${o.fps}:d=${o.durationS}`],
    ...(o.args ?? []),
    ...["-c:v", "libx264", "-preset", "ultrafast", path],
  ]);
  return path;
}
