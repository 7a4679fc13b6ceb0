import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config.ts";

Deno.test("loadConfig() fills the embedded defaults from an empty environment", () => {
  const c = loadConfig({});
  assert.equal(c.port, 8000);
  assert.equal(c.publicUrl, "http://localhost:8000");
  assert.equal(c.database.url, undefined);
  assert.deepEqual(c.storage, {
    kind: "local",
    root: "./data/objects",
    receive: { concurrency: 8, waitS: 60, gcMib: 1024 },
  });
  assert.equal(c.kvPath, "./data/kv.sqlite3");
});

Deno.test("loadConfig() names the variable that is invalid", () => {
  assert.throws(() => loadConfig({ PORT: "eighty" }), (e) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /PORT/);
    return true;
  });
  assert.throws(() => loadConfig({ DATABASE_URL: "mysql://x" }), /DATABASE_URL/);
  assert.throws(() => loadConfig({ LOG_LEVEL: "loud" }), /LOG_LEVEL/);
  assert.throws(() => loadConfig({ SIGNING_SECRET: "short" }), /SIGNING_SECRET/);
  assert.throws(() => loadConfig({ S3_ENDPOINT: "http://127.0.0.1:9000" }), /S3_BUCKET/);
  assert.throws(() => loadConfig({ S3_BUCKET: "bkt", S3_ACCESS_KEY_ID: "k" }), /S3_SECRET/);
});

Deno.test("loadConfig() selects S3 storage when a bucket is configured", () => {
  const c = loadConfig({
    S3_BUCKET: "videos",
    S3_ENDPOINT: "http://127.0.0.1:9000",
    S3_ACCESS_KEY_ID: "k",
    S3_SECRET_ACCESS_KEY: "s",
    DATA_DIR: "/var/vf/",
    PORT: "9001",
  });
  assert.equal(c.storage.kind, "s3");
  assert.equal(c.storage.kind === "s3" && c.storage.forcePathStyle, true);
  assert.equal(c.kvPath, "/var/vf/kv.sqlite3");
  assert.equal(c.publicUrl, "http://localhost:9001");
});

Deno.test("loadConfig() treats empty variables as unset", () => {
  assert.equal(loadConfig({ PORT: "", DATABASE_URL: "" }).port, 8000);
});

Deno.test("loadConfig() reads worker and media limits, naming a bad variable", () => {
  const c = loadConfig({ WORKER_CONCURRENCY: "3", JOB_LEASE_S: "2.5", MEDIA_MAX_DURATION_S: "60" });
  assert.equal(c.worker.concurrency, 3);
  assert.equal(c.worker.leaseMs, 2500);
  assert.equal(c.worker.maxAttempts, 3);
  assert.equal(c.media.maxDurationS, 60);
  assert.equal(c.media.preset, "veryfast");
  assert.throws(() => loadConfig({ WORKER_CONCURRENCY: "0" }), /WORKER_CONCURRENCY/);
  assert.throws(() => loadConfig({ FFMPEG_PRESET: "warp" }), /FFMPEG_PRESET/);
});

Deno.test("loadConfig() reads the worker's ffmpeg memory cap (MiB of address space)", () => {
  assert.equal(loadConfig({}).media.ffmpegMaxMemoryBytes, 8192 * 1024 ** 2);
  const c = loadConfig({ MEDIA_FFMPEG_MAX_MEMORY_MB: "3072" });
  assert.equal(c.media.ffmpegMaxMemoryBytes, 3072 * 1024 ** 2);
  assert.throws(
    () => loadConfig({ MEDIA_FFMPEG_MAX_MEMORY_MB: "16" }),
    /MEDIA_FFMPEG_MAX_MEMORY_MB/,
  );
});

Deno.test("loadConfig() reads the job fairness and budget settings", () => {
  const d = loadConfig({});
  assert.deepEqual(d.jobs, {
    ownerConcurrency: 2,
    shortLanePixels: 7.5e9,
    maxPixels: 5e11,
    retentionMs: 30 * 86_400_000,
  });
  const c = loadConfig({
    JOB_OWNER_CONCURRENCY: "1",
    JOB_SHORT_LANE_PIXELS: "1e9",
    MEDIA_MAX_PIXELS: "2e12",
    JOB_RETENTION_DAYS: "7",
  });
  assert.deepEqual(c.jobs, {
    ownerConcurrency: 1,
    shortLanePixels: 1e9,
    maxPixels: 2e12,
    retentionMs: 7 * 86_400_000,
  });
  assert.throws(() => loadConfig({ JOB_OWNER_CONCURRENCY: "0" }), /JOB_OWNER_CONCURRENCY/);
  assert.throws(() => loadConfig({ MEDIA_MAX_PIXELS: "lots" }), /MEDIA_MAX_PIXELS/);
});

Deno.test("loadConfig() reads WEB_CONCURRENCY, and above 1 only with DATABASE_URL", () => {
  assert.equal(loadConfig({}).webConcurrency, 1);
  const url = "postgres://u@localhost/db";
  assert.equal(loadConfig({ WEB_CONCURRENCY: "2", DATABASE_URL: url }).webConcurrency, 2);
  assert.throws(
    () => loadConfig({ WEB_CONCURRENCY: "2" }),
    /^ConfigError: Invalid configuration: WEB_CONCURRENCY: above 1 needs DATABASE_URL/,
  );
  assert.throws(() => loadConfig({ WEB_CONCURRENCY: "0", DATABASE_URL: url }), /WEB_CONCURRENCY/);
});
