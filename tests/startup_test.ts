/**
 * main.ts as a person runs it: embedded defaults in an empty data directory,
 * a clean stop on SIGTERM, a restart on the same data, and clear refusals.
 */
import assert from "node:assert/strict";
import { freePort } from "./_harness/postgres.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

function start(env: Record<string, string>) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "--with-worker"],
    env: { LOG_LEVEL: "info", ...env },
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
}

async function waitForHealth(url: string, child: Deno.ChildProcess): Promise<void> {
  let exited = false;
  child.status.then(() => exited = true);
  for (let i = 0; i < 600 && !exited; i++) {
    try {
      const r = await fetch(url);
      await r.body?.cancel();
      if (r.status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no 200 from ${url}`);
}

async function stopAndRead(child: Deno.ChildProcess) {
  child.kill("SIGTERM");
  const [status, out, err] = await Promise.all([
    child.status,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  return { status, logs: out + err };
}

Deno.test({
  name: "main.ts runs on embedded defaults without ffmpeg, stops cleanly and restarts on its data",
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vf-start-" });
    try {
      const port = freePort();
      const env = {
        DATA_DIR: dir,
        PORT: String(port),
        HOST: "127.0.0.1",
        FFMPEG_PATH: "/nonexistent/ffmpeg",
      };
      const first = start(env);
      await waitForHealth(`http://127.0.0.1:${port}/healthz`, first);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(ready.status, 200);
      await ready.body?.cancel();
      const home = await fetch(`http://127.0.0.1:${port}/`);
      assert.match(await home.text(), /Nothing to watch yet/);
      const { status, logs } = await stopAndRead(first);
      assert.equal(status.code, 0, logs);
      assert.match(logs, /ffmpeg not found: install FFmpeg \(`sudo apt-get install ffmpeg`\)/);
      assert.match(logs, /"msg":"listening"/);
      for (const f of ["pg", "objects", "kv.sqlite3", "signing-secret"]) {
        await Deno.stat(`${dir}/${f}`);
      }

      const second = start(env);
      await waitForHealth(`http://127.0.0.1:${port}/healthz`, second);
      const again = await stopAndRead(second);
      assert.equal(again.status.code, 0, again.logs);
      assert.doesNotMatch(again.logs, /migrations applied/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("main.ts refuses invalid configuration with a message naming the variable", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN],
    env: { PORT: "not-a-port", DATA_DIR: "/nonexistent/never-created" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 1);
  const err = new TextDecoder().decode(out.stderr);
  assert.match(err, /^Invalid configuration: PORT: /);
  assert.equal(err.trim().split("\n").length, 1);
});
