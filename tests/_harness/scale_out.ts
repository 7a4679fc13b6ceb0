/**
 * The scale-out scenario (tests/scale_out_test.ts, `deno task bench scale`):
 * two web instances (main.ts) behind the shipped nginx config (least
 * connections), one local worker and one remote runner (no database or
 * storage credentials), a real PostgreSQL and the S3-protocol server, the web
 * instances sharing one KV file. Under viewer load and a stream of uploads,
 * one web instance and the local worker are killed (SIGKILL); afterwards a
 * replacement local worker drains the DB-only jobs, as a supervisor would.
 * Returns what happened; the test asserts on it, the benchmark prints it.
 */
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { signUp } from "../../bench/uploads.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../../lib/db/migrate.ts";
import { issueRunnerToken } from "../../lib/runners/tokens.ts";
import { makeClip } from "./clips.ts";
import { freshDatabase } from "./db.ts";
import { startNginx } from "./nginx.ts";
import { freePort } from "./postgres.ts";
import { spawnDeno, type WorkerProcess } from "./worker_process.ts";
import { type Fetcher, retryingFetch, uploadVideo, viewerLoop } from "./scale_clients.ts";

const entry = (p: string) => new URL(`../../${p}`, import.meta.url).pathname;

/** What the scenario did and saw. */
export interface ScaleOutReport {
  videos: { id: string; status: string; error: string | null; uploadToReadyS: number }[];
  jobs: { id: string; kind: string; state: string; attempts: number; workerId: string | null }[];
  /** "job done" log lines per transcode job id, over every worker and runner process. */
  doneLines: Record<string, number>;
  /** The transcode the local worker held when it was killed, and who finished it. */
  killedJob?: { id: string; finishedBy: string | null; attempts: number };
  viewers: { requests: number; retried: number; failed: number; failures: string[] };
  uploadRetries: number;
  /** Requests each web instance logged (the killed one: until it died). */
  served: { a: number; b: number };
}

/** Runs the scenario with `uploads` uploads and `viewers` concurrent viewers. */
export async function runScaleOut(
  options: { uploads: number; viewers: number; log?: (msg: string) => void },
): Promise<ScaleOutReport> {
  const log = options.log ?? (() => {});
  const dir = await Deno.makeTempDir({ prefix: "vf-scale-" });
  const db = await freshDatabase({ max: 4 });
  await migrate(db.sql, await readMigrations(MIGRATIONS_DIR));
  const endpoint = Deno.env.get("TEST_S3_ENDPOINT")!;
  const bucket = `vf-scale-${crypto.randomUUID().slice(0, 8)}`;
  const s3 = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
  const ports = [freePort(), freePort()];
  const nginx = await startNginx(ports.map((p) => `127.0.0.1:${p}`));
  const common: Record<string, string> = {
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: "4",
    S3_ENDPOINT: endpoint,
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: "true",
    SIGNING_SECRET: "scale-signing-secret-".padEnd(40, "s"),
    AUTH_SECRET: "scale-auth-secret-".padEnd(40, "a"),
    // One KV file for both instances (one host): rate limits and view counters are shared.
    KV_URL: `${dir}/kv.sqlite3`,
    PUBLIC_URL: nginx.url,
    TRUST_PROXY: "true",
    LOG_LEVEL: "info",
    JOB_LEASE_S: "3",
    FFMPEG_PRESET: "ultrafast",
    RATE_LIMIT_API_USER: "100000",
    RATE_LIMIT_API_IP: "100000",
    RATE_LIMIT_AUTH: "1000",
    MAX_OPEN_UPLOADS: "1000",
  };
  const procs: { name: string; p: WorkerProcess }[] = [];
  const spawn = (file: string, env: Record<string, string>, readyMsg: string, clearEnv = false) => {
    const p = spawnDeno(entry(file), { env, readyMsg, clearEnv });
    procs.push({ name: `${procs.length}-${file.replace(/\W+/g, "_")}`, p });
    return p;
  };
  try {
    // One after the other: each builds the islands into the same folder.
    const webs: WorkerProcess[] = [];
    for (const [i, port] of ports.entries()) {
      const env = { ...common, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: `${dir}/web${i}` };
      webs.push(spawn("main.ts", env, "listening"));
      await webs[i].ready;
    }
    const workerEnv = { ...common, DATA_DIR: `${dir}/worker`, WORKER_TMP_DIR: `${dir}/wtmp` };
    const worker = spawn("workers/mod.ts", workerEnv, "worker ready");
    const [admin] = await db.sql<{ id: string }[]>`
      insert into users (email, password_hash, display_name, role)
      values ('scale-admin@example.test', 'x', 'Admin', 'admin') returning id`;
    const { token } = await issueRunnerToken(db.sql, { name: "remote", kinds: ["transcode"] }, {
      actor: { id: admin.id, name: "Admin" },
    });
    const runner = spawn(
      "workers/runner.ts",
      {
        VIDEOFLOW_URL: nginx.url,
        RUNNER_TOKEN: token,
        RUNNER_NAME: "remote-1",
        WORKER_TMP_DIR: `${dir}/rtmp`,
        FFMPEG_PRESET: "ultrafast",
        LOG_LEVEL: "info",
      },
      "runner ready",
      true,
    );
    await Promise.all([worker.ready, runner.ready]);
    log("web ×2, worker, runner and nginx are up");

    const clip = await Deno.readFile(
      await makeClip(`${dir}/clip.mp4`, { width: 160, height: 90, durationS: 2 }),
    );
    const http: Fetcher = retryingFetch();
    const creator = await signUp(nginx.url);
    const readyAt = new Map<string, number>();
    const waitReady = async (ids: string[], timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const rows = await db.sql<{ id: string; status: string }[]>`
          select id, status from videos where id = any(${ids})`;
        for (const r of rows) {
          if (r.status === "ready" && !readyAt.has(r.id)) readyAt.set(r.id, Date.now());
        }
        if (rows.every((r) => ["ready", "failed"].includes(r.status))) return;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const seed = await uploadVideo(http, nginx.url, creator, clip, "seed");
    await waitReady([seed.videoId], 120_000);
    log("seed video ready; viewers start");

    const stopViewers = new AbortController();
    const viewerStats = { requests: 0, retried: 0, failed: 0, failures: [] as string[] };
    const viewers = Array.from(
      { length: options.viewers },
      () => viewerLoop(nginx.url, seed.videoId, { signal: stopViewers.signal, stats: viewerStats }),
    );

    const started = new Map<string, number>();
    const uploads = Array.from({ length: options.uploads }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 1500));
      const t0 = Date.now();
      const up = await uploadVideo(http, nginx.url, creator, clip, `upload ${i}`);
      started.set(up.videoId, t0);
      return up.videoId;
    });

    // Kill the local worker while it holds a transcode, and web instance A with it.
    let killedJob: string | undefined;
    const killBy = Date.now() + 60_000;
    while (Date.now() < killBy) {
      const [held] = await db.sql<{ id: string }[]>`
        select id from jobs where kind = 'transcode' and state = 'running'
          and worker_id not like 'runner:%'`;
      if (held) {
        killedJob = held.id;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    worker.kill("SIGKILL");
    webs[0].kill("SIGKILL");
    await Promise.all([worker.status, webs[0].status]);
    log(`killed the local worker (holding ${killedJob ?? "nothing"}) and web instance A`);

    const ids = await Promise.all(uploads);
    await waitReady(ids, 240_000);
    stopViewers.abort();
    await Promise.all(viewers);
    log("every upload settled; a replacement local worker drains the DB-only jobs");
    const second = spawn(
      "workers/mod.ts",
      { ...workerEnv, DATA_DIR: `${dir}/worker2` },
      "worker ready",
    );
    await second.ready;
    const drainBy = Date.now() + 60_000;
    while (Date.now() < drainBy) {
      const [left] = await db.sql`
        select count(*)::int as n from jobs where state in ('ready', 'running') and run_at <= now()`;
      if (left.n === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }

    const videos = await db.sql<{ id: string; status: string; error: string | null }[]>`
      select id, status, status_reason as error from videos where id = any(${ids})`;
    const jobs = await db.sql<ScaleOutReport["jobs"]>`
      select id, kind, state, attempts, worker_id as "workerId" from jobs
      where state <> 'ready' or run_at <= now() order by created_at`;
    const doneLines: Record<string, number> = {};
    for (const p of [worker, runner, second]) {
      for (const l of p.lines) {
        if (l.msg === "job done" && l.kind === "transcode") {
          doneLines[l.jobId as string] = (doneLines[l.jobId as string] ?? 0) + 1;
        }
      }
    }
    const killed = jobs.find((j) => j.id === killedJob);
    const servedBy = (p: WorkerProcess) => p.lines.filter((l) => l.msg === "request").length;
    return {
      videos: videos.map((v) => ({
        ...v,
        uploadToReadyS: ((readyAt.get(v.id) ?? NaN) - (started.get(v.id) ?? NaN)) / 1000,
      })),
      jobs,
      doneLines,
      killedJob: killed &&
        { id: killed.id, finishedBy: killed.workerId, attempts: killed.attempts },
      viewers: viewerStats,
      uploadRetries: http.retries(),
      served: { a: servedBy(webs[0]), b: servedBy(webs[1]) },
    };
  } finally {
    for (const { p } of procs) p.kill("SIGKILL");
    await Promise.all(procs.map(({ p }) => p.status));
    // Each process's log, for a look after a failure.
    const logs = new URL("../artifacts/scale_out/", import.meta.url).pathname;
    await Deno.mkdir(logs, { recursive: true });
    for (const { name, p } of procs) {
      await Deno.writeTextFile(
        `${logs}${name}.jsonl`,
        p.lines.map((l) => JSON.stringify(l)).join("\n"),
      );
    }
    await nginx.stop();
    await db.drop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
