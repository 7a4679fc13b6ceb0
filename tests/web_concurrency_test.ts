/**
 * WEB_CONCURRENCY: main.ts as deployed with two web-tier isolates on one port
 * (web_tier.ts). Requests on separate connections are answered by both (told
 * apart by the `web` field of the request log, which clients never see), the
 * media edge's token and privacy rules hold in each, the queue worker runs
 * once, and SIGTERM stops everything with status 0. The embedded database
 * serves one connection, so more than one isolate without DATABASE_URL is
 * refused.
 */
import assert from "node:assert/strict";
import { loadConfig } from "../lib/config.ts";
import { signPlaybackToken } from "../lib/media/tokens.ts";
import { openServices } from "../lib/services.ts";
import { freshDatabase } from "./_harness/db.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";
import { freePort } from "./_harness/postgres.ts";
import { parsePrometheusText } from "./_harness/prom_text.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const SECRET = "s".repeat(40);
const METRICS_TOKEN = "m".repeat(24);

/** One GET on a connection of its own, so that the kernel picks an isolate for each. */
async function getOnNewConnection(url: string, requestId: string) {
  const client = Deno.createHttpClient({});
  try {
    const r = await fetch(url, { client, headers: { "X-Request-Id": requestId } });
    const bytes = await r.bytes();
    const body = new TextDecoder().decode(bytes);
    return { status: r.status, cache: r.headers.get("cache-control"), body, bytes };
  } finally {
    client.close();
  }
}

/** A child's stdout as it arrives: every line so far, and a wait for a line that matches. */
function lineLog(stream: ReadableStream<Uint8Array>) {
  const lines: string[] = [];
  let notify = () => {};
  const done = (async () => {
    let rest = "";
    const decoder = new TextDecoder();
    for await (const bytes of stream) {
      const parts = (rest + decoder.decode(bytes, { stream: true })).split("\n");
      rest = parts.pop()!;
      lines.push(...parts);
      notify();
    }
    if (rest) lines.push(rest);
    notify();
  })();
  let ended = false;
  done.finally(() => ended = true);
  return {
    lines,
    done,
    async seen(re: RegExp): Promise<void> {
      while (!lines.some((l) => re.test(l))) {
        if (ended) throw new Error(`never logged ${re}:\n${lines.join("\n")}`);
        await new Promise<void>((r) => notify = r);
      }
    },
  };
}

Deno.test({
  name:
    "WEB_CONCURRENCY=2: two isolates answer on one port, media rules hold in each, SIGTERM exits 0",
  sanitizeResources: false,
  async fn() {
    const db = await freshDatabase({ max: 1 });
    const dir = await Deno.makeTempDir({ prefix: "vf-web2-" });
    const env = { DATA_DIR: dir, DATABASE_URL: db.url, SIGNING_SECRET: SECRET };
    let child: Deno.ChildProcess | undefined;
    let stdout: ReturnType<typeof lineLog> | undefined;
    let stderr: Promise<string> | undefined;
    try {
      // Migrate and seed through the same configuration main.ts will read.
      const services = await openServices(loadConfig(env));
      const open = await seedVideoWithMedia(services, { visibility: "public" });
      const unlisted = await seedVideoWithMedia(services, { visibility: "unlisted" });
      const priv = await seedVideoWithMedia(services, { visibility: "private" });
      await services.close();

      const port = freePort();
      child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", MAIN, "--with-worker"],
        env: {
          ...env,
          PORT: String(port),
          HOST: "127.0.0.1",
          LOG_LEVEL: "info",
          WEB_CONCURRENCY: "2",
          FFMPEG_PATH: "/nonexistent/ffmpeg",
          RTMP_PORT: "0",
          METRICS_TOKEN,
        },
        stdout: "piped",
        stderr: "piped",
        stdin: "null",
      }).spawn();
      stdout = lineLog(child.stdout);
      stderr = new Response(child.stderr).text();
      const base = `http://127.0.0.1:${port}`;
      await stdout.seen(/"msg":"web isolates listening"/);

      const token = (videoId: string) =>
        signPlaybackToken(SECRET, videoId, { expiresIn: 600 }).token;
      const cases = {
        "public segment": {
          url: `${base}/media/${open.videoId}/240p/seg_00000.m4s`,
          status: 200,
          cache: "public, max-age=31536000, immutable",
          // Held in memory after the first read: every answer carries all of it.
          bytes: open.segment,
        },
        "unlisted without token": {
          url: `${base}/media/${unlisted.videoId}/master.m3u8`,
          status: 403,
        },
        "unlisted with token": {
          url: `${base}/media/${unlisted.videoId}/240p/index.m3u8?token=${token(unlisted.videoId)}`,
          status: 200,
          cache: "private, max-age=86400",
          body: /seg_00000\.m4s\?token=/,
        },
        "private, anonymous token": {
          url: `${base}/media/${priv.videoId}/240p/seg_00000.m4s?token=${token(priv.videoId)}`,
          status: 403,
        },
      };
      const caseOf = new Map<string, string>();
      let n = 0;
      // Both isolates listen: the kernel spreads new connections over them.
      for (let round = 0; round < 20; round++) {
        for (const [name, c] of Object.entries(cases)) {
          const id = `web2-${String(n++).padStart(4, "0")}`;
          caseOf.set(id, name);
          const r = await getOnNewConnection(c.url, id);
          assert.equal(r.status, c.status, `${name}: ${r.body}`);
          if ("cache" in c) assert.equal(r.cache, c.cache, name);
          if ("body" in c) assert.match(r.body, c.body, name);
          if ("bytes" in c) assert.deepEqual(r.bytes, c.bytes, name);
        }
      }

      // A scrape, whichever isolate takes it, counts every isolate's requests.
      const scrapers = new Set<number>();
      for (let i = 0; scrapers.size < 2; i++) {
        assert.ok(i < 40, "every scrape went to one isolate");
        const client = Deno.createHttpClient({});
        const r = await fetch(`${base}/metrics`, {
          client,
          headers: { Authorization: `Bearer ${METRICS_TOKEN}`, "X-Request-Id": `scrape-${i}` },
        });
        const samples = parsePrometheusText(await r.text());
        client.close();
        const media = samples.filter((m) =>
          m.name === "videoflow_http_request_duration_seconds_count" &&
          m.labels.route.startsWith("/media/")
        );
        assert.equal(media.reduce((sum, m) => sum + m.value, 0), n, `scrape ${i}`);
        // main.ts's isolate's process figures, whichever isolate took the scrape.
        assert.ok(samples.some((m) => m.name === "process_cpu_user_seconds_total"), `scrape ${i}`);
        await stdout.seen(new RegExp(`"requestId":"scrape-${i}"`));
        const line = stdout.lines.find((l) => l.includes(`"requestId":"scrape-${i}"`))!;
        scrapers.add(JSON.parse(line).web);
      }

      child.kill("SIGTERM");
      const status = await child.status;
      await stdout.done;
      const out = stdout.lines.join("\n");
      const logs = out + (await stderr);
      assert.equal(status.code, 0, logs);
      const lines = stdout.lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
      // Which isolate answered each case: both, for every case.
      const answeredBy = new Map<string, Set<number>>();
      for (const l of lines) {
        if (l.msg !== "request" || !caseOf.has(l.requestId)) continue;
        const name = caseOf.get(l.requestId)!;
        answeredBy.set(name, (answeredBy.get(name) ?? new Set()).add(l.web));
      }
      for (const name of Object.keys(cases)) {
        assert.deepEqual([...answeredBy.get(name) ?? []].sort(), [1, 2], name);
      }
      // The queue worker ran once, in main.ts's isolate (it starts before the others exist).
      const ready = lines.filter((l) => l.msg === "worker ready");
      assert.equal(ready.length, 1);
      assert.notEqual(ready[0].web, 2);
      assert.match(out, /"msg":"web isolates listening".*"isolates":2/);
      assert.match(out, /"msg":"shutting down"/);
      assert.doesNotMatch(logs, /web isolate failed/);
      child = undefined;
    } finally {
      if (child) {
        try {
          child.kill("SIGKILL");
        } catch { /* it had exited already */ }
        await stdout?.done;
        console.error(stdout?.lines.slice(-40).join("\n"), (await stderr)?.slice(-3000));
      }
      await Deno.remove(dir, { recursive: true });
      await db.drop();
    }
  },
});

Deno.test("WEB_CONCURRENCY above 1 is refused on the embedded database, naming DATABASE_URL", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN],
    env: { WEB_CONCURRENCY: "2", DATA_DIR: "/nonexistent/never-created" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 1);
  const err = new TextDecoder().decode(out.stderr);
  assert.match(err, /^Invalid configuration: WEB_CONCURRENCY: .*DATABASE_URL/);
  assert.equal(err.trim().split("\n").length, 1);
});
