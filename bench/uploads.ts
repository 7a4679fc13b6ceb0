/**
 * Upload memory benchmark: the web tier's resident memory while it receives
 * local-mode uploads (one 1 GiB file; 20 concurrent 200 MB files), each sent
 * as the browser does (8 MiB parts, 4 in flight per file, part reports, then
 * completion, which assembles the parts on disk and probes the result). The
 * server runs as its own process (`main.ts`), so /proc/PID/status VmRSS is
 * the server's alone. Goal: peak growth under 100 MB.
 */
import { MIB } from "../lib/uploads/plan.ts";
import { freshDatabase } from "../tests/_harness/db.ts";
import { freePort, startPostgres } from "../tests/_harness/postgres.ts";
import type { BenchOptions } from "./_types.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** One scenario's outcome. */
export interface UploadMemoryRow {
  scenario: string;
  files: number;
  bytes: number;
  seconds: number;
  baselineMb: number;
  peakGrowthMb: number;
  /** Part reports refused with 429 and retried. */
  retriedReports: number;
  /** Part PUTs refused with 503 (or dropped) and retried. */
  retriedParts: number;
  /** Megabytes received per second, parts and completion included. */
  mbPerSecond: number;
}

/** Files sent at once, each `size` bytes, to a server started with `env` added. */
export interface UploadScenario {
  name: string;
  files: number;
  size: number;
  env?: Record<string, string>;
}

/** Runs both scenarios (smaller with `quick`) against a server process and returns the rows. */
export async function benchUploads(
  options: BenchOptions & { scenarios?: UploadScenario[] },
): Promise<UploadMemoryRow[]> {
  // The last scenario runs back to back with the one before it, without the receive cap and
  // the collections (lib/storage/receive_slots.ts), as the reference for their share (issue 18, P6).
  const noCap = { UPLOAD_RECEIVE_CONCURRENCY: "0", UPLOAD_RECEIVE_GC_MIB: "0" };
  const scenarios = options.scenarios ??
    (options.quick
      ? [
        { name: "one 256 MiB file", files: 1, size: 256 * MIB },
        { name: "5 concurrent 50 MB files", files: 5, size: 50_000_000 },
        { name: "5 × 50 MB, no receive cap or GC", files: 5, size: 50_000_000, env: noCap },
      ]
      : [
        { name: "one 1 GiB file", files: 1, size: 1024 * MIB },
        { name: "20 concurrent 200 MB files", files: 20, size: 200_000_000 },
        { name: "20 × 200 MB, no receive cap or GC", files: 20, size: 200_000_000, env: noCap },
      ]);
  const pg = await startPostgres();
  Deno.env.set("TEST_DATABASE_URL", pg.url);
  const rows: UploadMemoryRow[] = [];
  try {
    for (const s of scenarios) {
      const server = await startServer(s.env);
      try {
        // One creator per file, as when that many people upload at once.
        const tokens = await Promise.all(
          Array.from({ length: s.files }, () => signUp(server.origin)),
        );
        // Warm up: one small upload, so that lazy code paths are loaded before the baseline.
        await uploadOne(server.origin, tokens[0], 9 * MIB);
        retries = 0;
        busyRetries = 0;
        await new Promise((r) => setTimeout(r, 500));
        const baseline = rssMb(server.pid);
        let peak = baseline;
        const sampler = setInterval(() => peak = Math.max(peak, rssMb(server.pid)), 20);
        const t0 = performance.now();
        try {
          await Promise.all(
            tokens.map((token) => uploadOne(server.origin, token, s.size)),
          );
        } finally {
          clearInterval(sampler);
        }
        const seconds = (performance.now() - t0) / 1000;
        peak = Math.max(peak, rssMb(server.pid));
        rows.push({
          scenario: s.name,
          files: s.files,
          bytes: s.files * s.size,
          seconds,
          baselineMb: baseline,
          peakGrowthMb: peak - baseline,
          retriedReports: retries,
          retriedParts: busyRetries,
          mbPerSecond: s.files * s.size / 1e6 / seconds,
        });
        console.log(
          `${s.name}: baseline ${baseline.toFixed(1)} MB, peak growth ${
            (peak - baseline).toFixed(1)
          } MB, ${seconds.toFixed(1)} s, ${(s.files * s.size / 1e6 / seconds).toFixed(0)} MB/s`,
        );
      } finally {
        await server.stop();
      }
    }
  } finally {
    await pg.stop();
  }
  return rows;
}

/** The web tier (main.ts) running as its own process. */
export interface ServerProcess {
  pid: number;
  origin: string;
  stop(): Promise<void>;
}

/**
 * Starts main.ts in its own process on a fresh database (TEST_DATABASE_URL)
 * and waits for /healthz; `env` adds to its environment.
 */
export async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const db = await freshDatabase({ max: 1 });
  const dir = await Deno.makeTempDir({ prefix: "vf-bench-up-" });
  const port = freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      ...(Deno.env.get("BENCH_V8_FLAGS") ? [`--v8-flags=${Deno.env.get("BENCH_V8_FLAGS")}`] : []),
      MAIN,
    ],
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: origin,
      DATA_DIR: dir,
      DATABASE_URL: db.url,
      LOG_LEVEL: "error",
      RATE_LIMIT_AUTH: "1000",
      RATE_LIMIT_MAIL: "1000",
      RATE_LIMIT_API_USER: "100000",
      RATE_LIMIT_API_IP: "100000",
      // Benchmarks measure the server, not the per-user quotas: one user sends every upload.
      MAX_OPEN_UPLOADS: "1000",
      VIDEO_QUOTA_BYTES: "-1",
      VIDEO_QUOTA_DAILY_BYTES: "-1",
      RATE_LIMIT_STORAGE_PARTS: "1000000",
      ...env,
    },
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${origin}/healthz`).then((r) => {
      r.body?.cancel();
      return r.ok;
    }).catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error("the server did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid,
    origin,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await db.drop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

/** Resident memory of one process, in MB (0 once it has gone). */
export function rssMb(pid: number): number {
  let status = "";
  try {
    status = Deno.readTextFileSync(`/proc/${pid}/status`);
  } catch {
    return 0; // the process has gone; the caller's error says why
  }
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Signs a creator up through the API and returns a Bearer access token. */
export async function signUp(origin: string): Promise<string> {
  // Sign-up answers alike for new and taken addresses and signs nobody in: then sign in.
  const init = {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({
      email: `bench-${crypto.randomUUID().slice(0, 8)}@example.com`,
      password: "correct horse battery staple",
      displayName: "Bench",
      session: "token",
    }),
  };
  const asked = await fetch(`${origin}/api/v1/auth/signup`, init);
  if (asked.status !== 202) throw new Error(`signup: ${asked.status} ${await asked.text()}`);
  const r = await fetch(`${origin}/api/v1/auth/login`, init);
  if (!r.ok) throw new Error(`login: ${r.status} ${await r.text()}`);
  return (await r.json()).accessToken;
}

/** Part reports that were refused (429) and retried, across the run. */
let retries = 0;

/** Pseudo-random bytes (not a video): the completion probes them and refuses the file. */
const CHUNK = crypto.getRandomValues(new Uint8Array(64 * 1024));

/** Sends `size` bytes the way the Uploader does, generating each part's bytes as it streams. */
async function uploadOne(origin: string, token: string, size: number): Promise<void> {
  const sent = await sendParts(origin, token, { size, body: (part) => generated(part.size) });
  const done = await completeUpload(origin, token, sent);
  await done.body?.cancel();
  if (!done.ok) throw new Error(`complete: ${done.status}`);
}

/** An upload whose parts are stored and reported, ready to complete. */
export interface SentUpload {
  uploadId: string;
  parts: { partNumber: number; etag: string }[];
}

/**
 * Creates an upload of `size` bytes and sends its parts as the Uploader does
 * (4 in flight, each reported, 429s retried with backoff); `body` gives each
 * part's bytes. Does not complete it.
 */
export async function sendParts(
  origin: string,
  token: string,
  options: {
    size: number;
    filename?: string;
    mimeType?: string;
    body(part: { partNumber: number; size: number; offset: number }): BodyInit;
  },
): Promise<SentUpload> {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const created = await fetch(`${origin}/api/v1/uploads`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      filename: options.filename ?? "bench.mp4",
      size: options.size,
      mimeType: options.mimeType ?? "video/mp4",
    }),
  });
  if (!created.ok) throw new Error(`create: ${created.status} ${await created.text()}`);
  const ticket = await created.json();
  const queue = [...ticket.parts] as { partNumber: number; size: number; url: string }[];
  const offsets = new Map<number, number>();
  queue.reduce((at, p) => (offsets.set(p.partNumber, at), at + p.size), 0);
  const etags: { partNumber: number; etag: string }[] = [];
  const worker = async () => {
    for (let part = queue.shift(); part; part = queue.shift()) {
      const etag = await putPart(
        part,
        () => options.body({ ...part, offset: offsets.get(part.partNumber)! }),
      );
      // Like the Uploader, retry with backoff: the KV rate-limit counters refuse (429) under
      // heavy contention, which 80 requests in flight from one address produce.
      for (let attempt = 0;; attempt++) {
        const rep = await fetch(`${origin}/api/v1/uploads/${ticket.uploadId}/parts`, {
          method: "POST",
          headers,
          body: JSON.stringify({ partNumber: part.partNumber, size: part.size, etag }),
        });
        await rep.body?.cancel();
        if (rep.ok) break;
        if (rep.status !== 429 || attempt >= 8) {
          throw new Error(`report ${part.partNumber}: ${rep.status}`);
        }
        retries++;
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt * (0.5 + Math.random())));
      }
      etags.push({ partNumber: part.partNumber, etag });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  etags.sort((a, b) => a.partNumber - b.partNumber);
  return { uploadId: ticket.uploadId, parts: etags };
}

/** Part PUTs answered 503 (every receive slot taken for too long) or dropped, and retried. */
let busyRetries = 0;

/** PUTs one part, retrying like the Uploader when the server is busy (503) or drops it. */
async function putPart(
  part: { partNumber: number; size: number; url: string },
  body: () => BodyInit,
): Promise<string> {
  for (let attempt = 0;; attempt++) {
    const put = await fetch(part.url, {
      method: "PUT",
      headers: { "content-length": String(part.size) },
      body: body(),
    }).catch((err) => err as Error);
    if (put instanceof Response) await put.body?.cancel();
    if (put instanceof Response && put.ok) return put.headers.get("etag")!;
    const busy = !(put instanceof Response) || put.status === 503;
    if (!busy || attempt >= 8) {
      throw new Error(`part ${part.partNumber}: ${put instanceof Response ? put.status : put}`);
    }
    busyRetries++;
    await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
  }
}

/** Completes a sent upload; the caller reads (or cancels) the response. */
export async function completeUpload(
  origin: string,
  token: string,
  sent: SentUpload,
): Promise<Response> {
  return await fetch(`${origin}/api/v1/uploads/${sent.uploadId}/complete`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ parts: sent.parts }),
  });
}

/** `size` bytes generated as they are read, so the sender holds none of them. */
export function generated(size: number): ReadableStream<Uint8Array> {
  let left = size;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close();
      const n = Math.min(left, CHUNK.length);
      controller.enqueue(CHUNK.slice(0, n));
      left -= n;
    },
  });
}
