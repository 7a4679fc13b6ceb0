/**
 * Hostile probe benchmark (`deno task bench hostile_probe`): the web tier's
 * resident memory while 10 uploads of hostile files are completed at once.
 * Each file is a Matroska of more tiny packets than MEDIA_MAX_FRAMES whose
 * header claims 2 s (tests/_harness/hostile.ts); completion runs the upload
 * inspection (lib/uploads/inspect.ts), which must refuse each one without the
 * server's memory growing with the packet count. The server runs as its own
 * process (main.ts), so /proc/PID/status VmRSS is the web tier's alone; the
 * ffprobe children are sampled separately.
 * Goal: peak growth of the web tier under 50 MB, every file refused.
 * Baseline (the previous probe.ts, measured on this machine): one probe of a
 * 1.2M-packet file took its process to 2.2 GB RSS and accepted the file.
 */
import { startPostgres } from "../tests/_harness/postgres.ts";
import { makeClip } from "../tests/_harness/clips.ts";
import { manyPacketsMkv } from "../tests/_harness/hostile.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";
import { completeUpload, rssMb, sendParts, signUp, startServer } from "./uploads.ts";

const FILES = 10;
const GOAL_MB = 50;
/** The previous probe.ts on one 1.2M-packet file (2026-11-22, this machine). */
const BASELINE_ONE_PROBE_MB = 2220;

/** One scenario's figures. */
interface Row {
  scenario: string;
  packetsEach: number;
  mbEach: number;
  idleMb: number;
  peakMb: number;
  growthMb: number;
  childrenPeakMb: number;
  seconds: number;
  refused: number;
}

export default async function run(options: BenchOptions): Promise<BenchResult> {
  // --quick: a tenth of the packets against a tenth of the limit, same shape.
  const maxFrames = options.quick ? 100_000 : 1_000_000;
  const packets = Math.round(maxFrames * 1.2);
  const dir = await Deno.makeTempDir({ prefix: "vf-bench-hostile-" });
  const pg = await startPostgres();
  Deno.env.set("TEST_DATABASE_URL", pg.url);
  const rows: Row[] = [];
  try {
    const hostile = await manyPacketsMkv(`${dir}/hostile.mkv`, { packets, claimS: 2 });
    // The control: the same number of completions of a valid 2 s clip.
    const valid = await makeClip(`${dir}/valid.mp4`, { durationS: 2 });
    const env = { MEDIA_MAX_FRAMES: String(maxFrames) };
    rows.push(
      await completeAtOnce(`${FILES} valid 2 s clips (control)`, { path: valid, packets: 50 }, env),
    );
    rows.push(await completeAtOnce(`${FILES} hostile files`, { path: hostile, packets }, env));
  } finally {
    await pg.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
  return {
    tables: [{
      title:
        `Web tier RSS while ${FILES} uploads are completed at once (MEDIA_MAX_FRAMES ${maxFrames})`,
      columns: [
        "scenario",
        "packets/file",
        "MB/file",
        "idle MB",
        "peak MB",
        "growth MB",
        "ffprobe children peak MB",
        "seconds",
        "refused",
      ],
      rows: rows.map((r) => [
        r.scenario,
        r.packetsEach,
        r.mbEach,
        r.idleMb,
        r.peakMb,
        r.growthMb,
        r.childrenPeakMb,
        r.seconds,
        `${r.refused}/${FILES}`,
      ]),
      note: `Goal: the hostile files' growth within ${GOAL_MB} MB of the control's, every one ` +
        `refused. Baseline: the previous probe.ts took one process to ` +
        `${BASELINE_ONE_PROBE_MB} MB for ONE file of 1.2M packets, and accepted it.`,
    }],
    data: rows,
  };
}

/** Uploads `path` FILES times, then completes all at once while sampling the server's RSS. */
async function completeAtOnce(
  scenario: string,
  file: { path: string; packets: number },
  env: Record<string, string>,
): Promise<Row> {
  const { path } = file;
  const bytes = await Deno.readFile(path);
  const server = await startServer(env);
  try {
    const token = await signUp(server.origin);
    const sent = [];
    for (let i = 0; i < FILES; i++) {
      sent.push(
        await sendParts(server.origin, token, {
          size: bytes.length,
          filename: `upload-${i}${path.endsWith(".mkv") ? ".webm" : ".mp4"}`,
          mimeType: path.endsWith(".mkv") ? "video/webm" : "video/mp4",
          body: (part) => bytes.slice(part.offset, part.offset + part.size),
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 500));
    const idle = rssMb(server.pid);
    let peak = idle, childPeak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(server.pid));
      childPeak = Math.max(childPeak, descendants(server.pid).reduce((n, p) => n + rssMb(p), 0));
    }, 20);
    const t0 = performance.now();
    const answers = await Promise.all(sent.map(async (s) => {
      const r = await completeUpload(server.origin, token, s);
      return { status: r.status, body: await r.json() };
    })).finally(() => clearInterval(sampler));
    const seconds = (performance.now() - t0) / 1000;
    peak = Math.max(peak, rssMb(server.pid));
    const refused = answers.filter((a) => a.status === 200 && a.body.status === "failed").length;
    console.log(
      `${scenario}: idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, children ${
        childPeak.toFixed(0)
      } MB, ${refused}/${FILES} refused in ${seconds.toFixed(1)} s; e.g. ${
        JSON.stringify(answers[0].body)
      }`,
    );
    return {
      scenario,
      packetsEach: file.packets,
      mbEach: bytes.length / 1e6,
      idleMb: idle,
      peakMb: peak,
      growthMb: peak - idle,
      childrenPeakMb: childPeak,
      seconds,
      refused,
    };
  } finally {
    await server.stop();
  }
}

/** Every process below `pid` (children, grandchildren…), from /proc. */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    let text = "";
    try {
      text = Deno.readTextFileSync(`/proc/${p}/task/${p}/children`);
    } catch {
      return;
    }
    for (const c of text.trim().split(/\s+/).filter(Boolean).map(Number)) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}
