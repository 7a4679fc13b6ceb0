import type { Services } from "../../lib/services.ts";

/** A `deno task worker` process sharing a test's database, storage directory and KV file. */
export interface WorkerProcess {
  child: Deno.ChildProcess;
  /** Log lines (parsed JSON) seen so far. */
  lines: Record<string, unknown>[];
  /** Resolves once the worker logged "worker ready". */
  ready: Promise<void>;
  kill(signal: Deno.Signal): void;
  status: Promise<Deno.CommandStatus>;
}

const ENTRY = new URL("../../workers/mod.ts", import.meta.url).pathname;

/** Starts workers/mod.ts as a separate process on the test's services. */
export function spawnWorker(
  s: Services & { dir: string },
  env: Record<string, string> = {},
): WorkerProcess {
  return spawnDeno(ENTRY, {
    env: {
      DATABASE_URL: s.config.database.url!,
      DATA_DIR: s.dir,
      KV_URL: `${s.dir}/kv.sqlite3`,
      SIGNING_SECRET: s.secret,
      PUBLIC_URL: s.config.publicUrl,
      LOG_LEVEL: "info",
      ...env,
    },
    readyMsg: "worker ready",
  });
}

/**
 * Runs a Deno entry file as a child of the real deno binary (Deno.execPath(),
 * so signals reach it), collecting its JSON log lines; `ready` resolves at the
 * first line whose msg is `readyMsg`. With `clearEnv` the child sees only
 * `env` (plus PATH, HOME and DENO_DIR to find its tools and cache).
 */
export function spawnDeno(
  entry: string,
  options: { env: Record<string, string>; readyMsg: string; clearEnv?: boolean },
): WorkerProcess {
  const keep = ["PATH", "HOME", "DENO_DIR", "TMPDIR"];
  const base = options.clearEnv
    ? Object.fromEntries(keep.flatMap((k) => Deno.env.get(k) ? [[k, Deno.env.get(k)!]] : []))
    : {};
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", entry],
    clearEnv: options.clearEnv,
    env: { ...base, ...options.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: Record<string, unknown>[] = [];
  let markReady: () => void;
  const ready = new Promise<void>((r) => markReady = r);
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    let buf = "";
    for await (const chunk of stream) {
      buf += decoder.decode(chunk, { stream: true });
      const parts = buf.split("\n");
      buf = parts.pop() ?? "";
      for (const p of parts) {
        try {
          const line = JSON.parse(p);
          lines.push(line);
          if (line.msg === options.readyMsg) markReady();
        } catch {
          lines.push({ raw: p });
        }
      }
    }
  };
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
  const status = child.status.then(async (st) => {
    await drained;
    return st;
  });
  const failed = status.then((st) => {
    throw new Error(`${entry} exited (${st.code}) before it was ready: ${JSON.stringify(lines)}`);
  });
  return {
    child,
    lines,
    ready: Promise.race([ready, failed]),
    kill: (sig) => {
      try {
        child.kill(sig);
      } catch { /* gone */ }
    },
    status,
  };
}
