/**
 * Scale-out (docs/DESIGN.md, "Remote runners"; README "Scale-out"): two web
 * instances behind nginx (least connections), a local worker and a remote
 * runner, PostgreSQL and the S3-protocol server. Under viewer load and a
 * stream of uploads, one web instance and the local worker are killed:
 * every upload completes, every job finishes exactly once, and viewers see
 * no error beyond the retries hls.js makes. `deno task bench scale` runs the
 * same scenario and prints its figures.
 */
import assert from "node:assert/strict";
import { runScaleOut } from "./_harness/scale_out.ts";

Deno.test("two web instances, a worker and a runner: kill one instance and the worker, lose nothing", async () => {
  const r = await runScaleOut({ uploads: 5, viewers: 3 });
  assert.equal(r.videos.length, 5);
  for (const v of r.videos) assert.equal(v.status, "ready", `${v.id}: ${v.error}`);
  const transcodes = r.jobs.filter((j) => j.kind === "transcode");
  assert.equal(transcodes.length, 6, "one transcode per video (the seed and five uploads)");
  for (const j of r.jobs) assert.equal(j.state, "succeeded", `${j.kind} ${j.id}`);
  for (const j of transcodes) assert.equal(r.doneLines[j.id], 1, `job ${j.id} finished once`);
  assert.ok(
    transcodes.some((j) => j.workerId?.startsWith("runner:")),
    "the remote runner transcoded",
  );
  if (r.killedJob) {
    assert.ok(r.killedJob.attempts >= 2, "the killed worker's job ran again");
    assert.ok(r.killedJob.finishedBy, "and was finished by another holder");
  }
  assert.ok(r.served.a > 0 && r.served.b > 0, "both instances served requests");
  assert.ok(r.viewers.requests > 0);
  assert.equal(r.viewers.failed, 0, `failed after retries: ${r.viewers.failures.slice(0, 10)}`);
});
