/**
 * main.ts with METRICS_PORT: /metrics answers on its own listener (for a
 * scraper on a private network) and stays a 404 on the public port.
 */
import assert from "node:assert/strict";
import { freshDatabase } from "./_harness/db.ts";
import { freePort } from "./_harness/postgres.ts";
import { parsePrometheusText, sampleValue } from "./_harness/prom_text.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

async function waitFor(url: string, child: Deno.ChildProcess): Promise<Response> {
  let exited = false;
  child.status.then(() => exited = true);
  for (let i = 0; i < 600 && !exited; i++) {
    try {
      return await fetch(url);
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no answer from ${url}`);
}

Deno.test({
  name: "METRICS_PORT: main.ts serves /metrics on a listener of its own, not on the public port",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vf-metrics-" });
    const db = await freshDatabase();
    const [port, metricsPort] = [freePort(), freePort()];
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN],
      env: {
        DATA_DIR: dir,
        DATABASE_URL: db.url,
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        HOST: "127.0.0.1",
        LOG_LEVEL: "error",
      },
      stdout: "null",
      stderr: "null",
      stdin: "null",
    }).spawn();
    try {
      const scraped = await waitFor(`http://127.0.0.1:${metricsPort}/metrics`, child);
      assert.equal(scraped.status, 200);
      const samples = parsePrometheusText(await scraped.text());
      assert.ok(sampleValue(samples, "process_resident_memory_bytes")! > 0);
      assert.equal(sampleValue(samples, "videoflow_queue_length", { kind: "transcode" }), 0);
      const pub = await waitFor(`http://127.0.0.1:${port}/metrics`, child);
      assert.equal(pub.status, 404);
      await pub.body?.cancel();
      const other = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
      assert.equal(other.status, 404, "the metrics listener serves nothing else");
      await other.body?.cancel();
    } finally {
      child.kill("SIGKILL");
      await child.status;
      await db.drop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
