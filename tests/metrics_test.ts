/**
 * /metrics (Prometheus text format): refused without the token (404 with none
 * configured, 401 with a wrong one), strictly well formed, and its figures
 * move: request durations by route pattern, upload outcomes, the queue and
 * transcode gauges read from the jobs table, open event streams.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { enqueueTranscode } from "../lib/videos/transcode_job.ts";
import { metricsListener } from "../routes/metrics.ts";
import { createMetrics } from "../lib/metrics/mod.ts";
import { TestClient } from "./_harness/client.ts";
import { addPlayableVideo, signUp } from "./_harness/community.ts";
import { makeClip } from "./_harness/clips.ts";
import { parsePrometheusText, type Sample, sampleValue } from "./_harness/prom_text.ts";
import { openTestServices } from "./_harness/services.ts";

const TOKEN = "metrics-token-0123456789";
const LIMITS = { rateLimits: { auth: 1000, apiUser: 10_000, apiIp: 10_000 } };

async function scrape(
  app: { request: (p: string, i?: RequestInit) => Response | Promise<Response> },
) {
  const r = await app.request("/metrics", { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await r.text());
}

const requests = (samples: Sample[], labels: Record<string, string>) =>
  sampleValue(samples, "videoflow_http_request_duration_seconds_count", labels) ?? 0;

Deno.test("the strict reader refuses what a scraper would refuse", () => {
  const good = '# HELP a_total A.\n# TYPE a_total counter\na_total{x="q\\"\\\\\\n"} 1\n';
  assert.deepEqual(parsePrometheusText(good)[0].labels, { x: 'q"\\\n' });
  const bad = [
    "a 1", // no final newline
    'a{x="\\t"} 1\n', // an escape the format does not have
    'a{x="1",x="2"} 1\n',
    "a 1\na 2\n", // the same series twice
    "a 1\n# TYPE a gauge\n", // TYPE after the samples
    "# TYPE a widget\n",
    "a one\n",
    "1a 1\n",
    'a 1\nb 1\na{x="y"} 1\n', // a family split in two
    '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n', // no +Inf
    '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n',
  ];
  for (const text of bad) assert.throws(() => parsePrometheusText(text), Error, text);
});

Deno.test("/metrics: a 404 without METRICS_TOKEN, a 401 without the right Bearer token, well formed with it", async () => {
  const plain = await openTestServices();
  const guarded = await openTestServices({ env: { METRICS_TOKEN: TOKEN } });
  try {
    assert.equal((await createApp(plain).request("/metrics")).status, 404);
    const app = createApp(guarded);
    assert.equal((await app.request("/metrics")).status, 401);
    const wrong = await app.request("/metrics", { headers: { authorization: "Bearer nope" } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get("www-authenticate"), 'Bearer realm="metrics"');
    const basic = await app.request("/metrics", { headers: { authorization: `Basic ${TOKEN}` } });
    assert.equal(basic.status, 401);
    const samples = await scrape(app);
    const text = await (await app.request("/metrics", {
      headers: { authorization: `Bearer ${TOKEN}` },
    })).text();
    assert.match(text, /# TYPE videoflow_http_request_duration_seconds histogram/);
    assert.match(text, /# TYPE videoflow_upload_completions_total counter/);
    for (const gauge of ["videoflow_sse_streams_active", "videoflow_transcode_speed_ratio"]) {
      assert.equal(sampleValue(samples, gauge), 0, gauge);
    }
    assert.equal(sampleValue(samples, "videoflow_queue_length", { kind: "transcode" }), 0);

    // The METRICS_PORT listener: open without a token, guarded with one.
    const metrics = createMetrics(plain.db.sql, { transcodeKind: "transcode", process: true });
    const open = metricsListener({ metrics });
    assert.equal((await open.request("/metrics")).status, 200);
    assert.equal((await open.request("/")).status, 404);
    assert.equal(
      (await metricsListener({ metrics, token: TOKEN }).request("/metrics")).status,
      401,
    );
    const processFigures = await scrape(metricsListener({ metrics, token: TOKEN }));
    assert.ok(sampleValue(processFigures, "process_resident_memory_bytes")! > 0);
  } finally {
    await plain.close();
    await guarded.close();
  }
});

Deno.test("the sample Grafana dashboard asks only for series /metrics exposes", async () => {
  const s = await openTestServices({ env: { METRICS_TOKEN: TOKEN } });
  try {
    const app = createApp(s);
    await app.request("/healthz");
    const families = new Set((await scrape(app)).map((x) => x.name));
    const dashboard = await Deno.readTextFile(
      new URL("../deploy/grafana/videoflow_dashboard.json", import.meta.url),
    );
    const asked = new Set(dashboard.match(/videoflow_[a-z_]+/g));
    assert.ok(asked.size >= 8);
    for (const name of asked) assert.ok(families.has(name), `${name} is not exposed`);
  } finally {
    await s.close();
  }
});

Deno.test("/metrics: requests by route pattern, upload outcomes, queue and transcode figures, event streams", async () => {
  const s = await openTestServices({ env: { METRICS_TOKEN: TOKEN } });
  try {
    const app = createApp(s, LIMITS);
    const sql = s.db.sql;
    const before = await scrape(app);
    const missing = crypto.randomUUID();
    await app.request(`/v/${missing}`);
    await app.request(`/v/${missing}`);
    await app.request("/healthz");
    await app.request("/no/such/page");
    let after = await scrape(app);
    const watch404 = { method: "GET", route: "/v/:id", status: "404" };
    assert.equal(requests(after, watch404) - requests(before, watch404), 2);
    assert.equal(requests(after, { route: "/healthz", status: "200" }), 1);
    assert.equal(requests(after, { route: "unmatched", status: "404" }), 1);
    assert.ok(after.every((x) => !Object.values(x.labels).some((v) => v.includes(missing))));

    // Uploads: one video accepted, one file refused; completing again counts nothing.
    const me = new TestClient(app);
    const myId = await signUp(me, sql);
    const clip = await Deno.readFile(
      await makeClip(`${s.dir}/clip.mp4`, { width: 160, height: 90, durationS: 1 }),
    );
    const upload = async (bytes: Uint8Array<ArrayBuffer>) => {
      const ticket = await (await me.request("/api/v1/uploads", {
        json: { filename: "clip.mp4", size: bytes.length, mimeType: "video/mp4" },
      })).json();
      const put = await app.request(ticket.parts[0].url, { method: "PUT", body: bytes });
      const etag = put.headers.get("etag")!;
      await me.request(`/api/v1/uploads/${ticket.uploadId}/parts`, {
        json: { partNumber: 1, size: bytes.length, etag },
      });
      const complete = () =>
        me.request(`/api/v1/uploads/${ticket.uploadId}/complete`, {
          json: { parts: [{ partNumber: 1, etag }] },
        });
      const done = await (await complete()).json();
      await complete();
      return done.status;
    };
    assert.equal(await upload(clip), "uploaded");
    assert.equal(await upload(new TextEncoder().encode("not a video at all".repeat(20))), "failed");
    after = await scrape(app);
    const completions = (result: string) =>
      sampleValue(after, "videoflow_upload_completions_total", { result });
    assert.deepEqual([completions("accepted"), completions("refused")], [1, 1]);
    assert.equal(sampleValue(after, "videoflow_queue_length", { kind: "transcode" }), 1);

    // Jobs: one more queued, one done (30 s of video in 10 s: 3× real time), one dead.
    const done = await addPlayableVideo(sql, myId, { durationS: 30 });
    const dead = await addPlayableVideo(sql, myId);
    const queued = await addPlayableVideo(sql, myId);
    for (const v of [done, dead, queued]) await enqueueTranscode(sql, v);
    await sql`update jobs set state = 'succeeded', started_at = now() - interval '10 seconds',
      created_at = now() - interval '15 seconds', finished_at = now()
      where payload->>'videoId' = ${done}`;
    await sql`update jobs set state = 'dead', error = 'x', finished_at = now()
      where payload->>'videoId' = ${dead}`;
    after = await scrape(app);
    const gauge = (name: string) => sampleValue(after, name, { kind: "transcode" });
    assert.equal(gauge("videoflow_queue_length"), 2);
    assert.equal(gauge("videoflow_jobs_dead"), 1);
    assert.equal(gauge("videoflow_jobs_failed_last_day"), 1);
    assert.equal(gauge("videoflow_jobs_succeeded_last_day"), 1);
    assert.ok(Math.abs(gauge("videoflow_job_run_seconds_avg")! - 10) < 0.5);
    const speed = sampleValue(after, "videoflow_transcode_speed_ratio")!;
    assert.ok(Math.abs(speed - 3) < 0.2, `speed ${speed}`);
    const processing = sampleValue(after, "videoflow_video_processing_seconds_avg")!;
    assert.ok(Math.abs(processing - 15) < 0.5, `processing ${processing}`);

    // An open event stream counts while it is open.
    const stream = await me.request("/api/v1/users/me/events");
    assert.equal(stream.status, 200);
    const reader = stream.body!.getReader();
    await reader.read();
    assert.equal(sampleValue(await scrape(app), "videoflow_sse_streams_active"), 1);
    await reader.cancel();
    let open = 1;
    for (let i = 0; i < 50 && open !== 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      open = sampleValue(await scrape(app), "videoflow_sse_streams_active")!;
    }
    assert.equal(open, 0);
  } finally {
    await s.close();
  }
});

Deno.test("/metrics: the QoE gauges come from the analytics rollups of today and yesterday", async () => {
  const s = await openTestServices({ env: { METRICS_TOKEN: TOKEN } });
  try {
    const app = createApp(s, LIMITS);
    // No rollups yet: no startup quantiles, zero ratios.
    let samples = await scrape(app);
    assert.equal(
      sampleValue(samples, "videoflow_qoe_startup_seconds", { quantile: "0.95" }),
      undefined,
    );
    assert.equal(sampleValue(samples, "videoflow_qoe_rebuffering_ratio", {}), 0);
    // Startup histogram in 100 ms buckets: 90 sessions at 200–300 ms, 10 at 2,400–2,500 ms;
    // the day before yesterday (all slow, all failing) is outside the window.
    const hist = (n: Record<number, number>) => Array.from({ length: 30 }, (_, i) => n[i] ?? 0);
    await s.db.sql`insert into analytics_platform_daily (day, events, sessions, views, viewers,
        watch_s, errors, rebuffer_s, startup_hist, uploads, processed, failed)
      values (current_date, 0, 50, 50, 50, 1000, 1, 5, ${hist({ 2: 45, 24: 5 })}, 0, 0, 0),
        (current_date - 1, 0, 50, 50, 50, 1000, 1, 15, ${hist({ 2: 45, 24: 5 })}, 0, 0, 0),
        (current_date - 2, 0, 1000, 1000, 1000, 1, 1000, 1000, ${hist({ 29: 1000 })}, 0, 0, 0)`;
    samples = await scrape(app);
    assert.equal(sampleValue(samples, "videoflow_qoe_startup_seconds", { quantile: "0.5" }), 0.3);
    assert.equal(sampleValue(samples, "videoflow_qoe_startup_seconds", { quantile: "0.95" }), 2.5);
    assert.equal(sampleValue(samples, "videoflow_qoe_rebuffering_ratio", {}), 0.01);
    assert.equal(sampleValue(samples, "videoflow_qoe_error_rate", {}), 0.02);
    assert.equal(sampleValue(samples, "videoflow_qoe_sessions", {}), 100);
  } finally {
    await s.close();
  }
});
