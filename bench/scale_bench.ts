/**
 * `deno task bench scale`: the scale-out scenario of tests/scale_out_test.ts
 * (two web instances behind nginx, a local worker and a remote runner, one
 * instance and the worker killed under load), with its own PostgreSQL and
 * s3rver, printing what it measured. On a shared 2-core machine the times are
 * indicative only.
 */
import { startPostgres } from "../tests/_harness/postgres.ts";
import { startS3 } from "../tests/_harness/s3.ts";
import { runScaleOut } from "../tests/_harness/scale_out.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";

export default async function run(options: BenchOptions): Promise<BenchResult> {
  const [pg, s3] = await Promise.all([startPostgres(), startS3()]);
  Deno.env.set("TEST_DATABASE_URL", pg.url);
  Deno.env.set("TEST_S3_ENDPOINT", s3.endpoint);
  try {
    const uploads = options.quick ? 3 : options.long ? 12 : 6;
    const r = await runScaleOut({ uploads, viewers: options.quick ? 2 : 4, log: console.log });
    const times = r.videos.map((v) => v.uploadToReadyS).filter(Number.isFinite).sort((a, b) =>
      a - b
    );
    const transcodes = r.jobs.filter((j) => j.kind === "transcode");
    const byRunner = transcodes.filter((j) => j.workerId?.startsWith("runner:")).length;
    const twice = Object.values(r.doneLines).filter((n) => n !== 1).length;
    return {
      tables: [{
        title: "Scale-out: one web instance and the local worker killed under load",
        columns: ["figure", "value", "goal"],
        rows: [
          [
            "uploads ready",
            `${r.videos.filter((v) => v.status === "ready").length}/${uploads}`,
            "all",
          ],
          ["transcodes finished more than once", twice, 0],
          ["transcodes done by the remote runner", `${byRunner}/${transcodes.length}`, "> 0"],
          ["killed worker's job attempts", r.killedJob?.attempts ?? "-", "≥ 2"],
          [
            "viewer requests / retried / failed",
            `${r.viewers.requests} / ${r.viewers.retried} / ${r.viewers.failed}`,
            "failed 0",
          ],
          ["upload API retries", r.uploadRetries, "-"],
          ["upload → ready, median s", times[Math.floor(times.length / 2)] ?? "-", "-"],
          ["upload → ready, max s", times.at(-1) ?? "-", "-"],
          ["requests served by A (killed) / B", `${r.served.a} / ${r.served.b}`, "both > 0"],
        ],
        note: "2 s 160×90 clips, FFMPEG_PRESET=ultrafast, JOB_LEASE_S=3; shared CPU: indicative.",
      }],
      data: r,
    };
  } finally {
    await s3.stop();
    await pg.stop();
  }
}
