/**
 * P6 in isolation (`deno task bench upload_receive`): a bare server
 * (bench/_receive_server.ts, its own process) receives 80 concurrent 8 MiB PUT
 * bodies, 2 GB in all, one way per run; the table is its peak RSS growth per
 * way. The app's own figure is bench/uploads_bench.ts; this one shows what
 * reading and writing a body costs in the runtime itself.
 */
import { freePort } from "../tests/_harness/postgres.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";
import { generated, rssMb } from "./uploads.ts";

const SERVER = new URL("./_receive_server.ts", import.meta.url).pathname;
const PART = 8 * 1024 * 1024;
const IN_FLIGHT = 80;

/** Each way, and the environment it runs with. */
const WAYS: { name: string; mode: string; env?: Record<string, string>; flags?: string[] }[] = [
  { name: "for await + file.write (before issue 18 P6)", mode: "stream-write" },
  { name: "BYOB into one 64 KiB buffer + file.write", mode: "byob-write" },
  { name: "BYOB + writeSync", mode: "byob-write-sync" },
  { name: "pipeTo(file.writable)", mode: "pipe-to" },
  { name: "node:http + fs.createWriteStream", mode: "node-http" },
  {
    name: "BYOB + file.write, MALLOC_ARENA_MAX=2",
    mode: "byob-write",
    env: { MALLOC_ARENA_MAX: "2" },
  },
  {
    name: "BYOB + file.write, --max-semi-space-size=1",
    mode: "byob-write",
    flags: ["--v8-flags=--max-semi-space-size=1"],
  },
  { name: "BYOB 16 KiB + file.write", mode: "byob-write", env: { RECEIVE_BUFFER: "16384" } },
  {
    name: "BYOB 16 KiB, Connection: close",
    mode: "byob-write",
    env: { RECEIVE_BUFFER: "16384", RECEIVE_CLOSE: "1" },
  },
  {
    name: "BYOB 16 KiB, Connection: close, 8 at once (now)",
    mode: "byob-write",
    env: { RECEIVE_BUFFER: "16384", RECEIVE_CLOSE: "1", RECEIVE_CAP: "8" },
  },
  { name: "BYOB 64 KiB, 8 at once, keep-alive", mode: "byob-write", env: { RECEIVE_CAP: "8" } },
  { name: "discard, for await (floor)", mode: "stream-discard" },
  { name: "discard, BYOB (floor)", mode: "byob-discard" },
];

async function put(origin: string): Promise<void> {
  const r = await fetch(origin, {
    method: "PUT",
    body: generated(PART),
    headers: { "content-length": String(PART) },
  });
  await r.body?.cancel();
  if (!r.ok) throw new Error(`PUT: ${r.status}`);
}

async function measure(
  way: (typeof WAYS)[number],
  total: number,
): Promise<{ growth: number; mbPerSecond: number }> {
  const dir = await Deno.makeTempDir({ prefix: "vf-bench-receive-" });
  const port = freePort();
  const origin = `http://127.0.0.1:${port}/`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...(way.flags ?? []), SERVER],
    env: { RECEIVE_MODE: way.mode, RECEIVE_DIR: dir, RECEIVE_PORT: String(port), ...way.env },
    stdout: "null",
  }).spawn();
  try {
    for (let i = 0;; i++) {
      if (await fetch(origin, { method: "PUT", body: "x" }).then((r) => r.text(), () => null)) {
        break;
      }
      if (i > 300) throw new Error("the receive server did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.all(Array.from({ length: 4 }, () => put(origin))); // warm up
    await new Promise((r) => setTimeout(r, 500));
    const baseline = rssMb(child.pid);
    let peak = baseline;
    const sampler = setInterval(() => peak = Math.max(peak, rssMb(child.pid)), 20);
    const t0 = performance.now();
    let left = Math.floor(total / PART);
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (left-- > 0) await put(origin);
    }));
    clearInterval(sampler);
    return {
      growth: peak - baseline,
      mbPerSecond: total / 1e6 / ((performance.now() - t0) / 1000),
    };
  } finally {
    child.kill("SIGKILL");
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
}

export default async function run(options: BenchOptions): Promise<BenchResult> {
  const total = options.quick ? 500_000_000 : 2_000_000_000;
  const reps = options.quick ? 1 : 2;
  const rows: (string | number)[][] = [];
  for (const way of WAYS) {
    const runs: { growth: number; mbPerSecond: number }[] = [];
    for (let i = 0; i < reps; i++) runs.push(await measure(way, total));
    const growth = runs.map((r) => r.growth);
    const speed = runs.map((r) => r.mbPerSecond);
    console.log(`${way.name}: ${growth.map((g) => g.toFixed(0)).join(", ")} MB`);
    rows.push([way.name, Math.min(...growth), Math.max(...growth), Math.min(...speed)]);
  }
  return {
    tables: [{
      title: `Peak RSS growth of a bare server receiving ${total / 1e9} GB as ${IN_FLIGHT} ` +
        "concurrent 8 MiB PUTs",
      columns: ["way", "min MB", "max MB", "min MB/s"],
      rows,
      note: "Goal (the app, bench uploads): growth < 100 MB for 20 × 200 MB. Baseline: the " +
        "first row (how main received parts before issue 18's P6). Noisy on a shared machine: " +
        "compare rows of one run.",
    }],
    data: rows,
  };
}
