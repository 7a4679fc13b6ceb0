import assert from "node:assert/strict";
import { type Report, throttledProgress } from "./_job_files.ts";

Deno.test("throttledProgress() writes a new stage at once, at most once a second otherwise, never less", async () => {
  const written: Report[] = [];
  const report = throttledProgress((r) => {
    written.push(r);
    return Promise.resolve();
  }, { everyMs: 60_000 });
  report({ percent: 1, detail: { stage: "probing" } });
  report({ percent: 2, detail: { stage: "probing" } }); // within the second: held
  report({ percent: 3, detail: { stage: "encoding" } }); // a new stage: written at once
  report({ percent: 2.5, detail: { stage: "encoding" } }); // lower: kept at 3
  await report.flush();
  assert.deepEqual(written.map((r) => [r.percent, r.detail?.stage]), [
    [1, "probing"],
    [3, "encoding"],
  ]);
  report({ percent: 10, detail: { stage: "encoding" } });
  await report.flush();
  assert.deepEqual(written.at(-1), { percent: 10, detail: { stage: "encoding" } });
  for (let i = 1; i < written.length; i++) assert.ok(written[i].percent >= written[i - 1].percent);
});
