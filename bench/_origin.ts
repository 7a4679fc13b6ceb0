/**
 * VideoFlow's origin as it is deployed, for the media benchmarks: the real
 * main.ts in a process of its own on PostgreSQL and local storage, with
 * WEB_CONCURRENCY web-tier isolates; and a public video to serve (a master,
 * a variant playlist and ~800 KB segments) written straight into the catalog
 * and the store.
 */
import { connect } from "../lib/db/mod.ts";
import { LocalStorage } from "../lib/storage/local.ts";
import { freePort } from "../tests/_harness/postgres.ts";

/** Segments of the seeded video: `720p/seg_{0..SEGMENTS-1}.m4s`, ~800 KB each (4 s at 1.6 Mbit/s). */
export const SEGMENTS = 6;

/** A running origin: its base URL and how to stop it (SIGTERM, as a supervisor does). */
export interface Origin {
  url: string;
  /** main.ts's process id (every isolate is a thread of it). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts main.ts on `databaseUrl` with its data in `dataDir`. Several origins
 * may share both (as web instances share a host): the secrets are fixed, so
 * none races another to generate them.
 */
export async function startOrigin(
  databaseUrl: string,
  options: { dataDir: string; webConcurrency: number },
): Promise<Origin> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../main.ts", import.meta.url).pathname],
    env: {
      DATA_DIR: options.dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "error",
      SIGNING_SECRET: "bench-signing-secret-".padEnd(40, "x"),
      AUTH_SECRET: "bench-auth-secret-".padEnd(40, "x"),
      WEB_CONCURRENCY: String(options.webConcurrency),
    },
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* exited already */ }
    await child.status;
  };
  try {
    await waitFor(`${url}/healthz`);
    // main.ts answers from its first isolate before the others listen: wait for every one's
    // socket on the port (SO_REUSEPORT: one listening socket each).
    await waitForListeners(port, options.webConcurrency);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid, stop };
}

/** A public, ready video with a master, a 720p variant and SEGMENTS ~800 KB segments. */
export async function seedPublicVideo(databaseUrl: string, dataDir: string): Promise<string> {
  const sql = connect(databaseUrl, { max: 1 });
  try {
    const [u] = await sql`insert into users (email, password_hash, display_name)
      values ('bench@example.test', 'x', 'Bench') returning id`;
    const [v] = await sql`insert into videos (owner_id, title, visibility, status, playable_at)
      values (${u.id}, 'Bench', 'public', 'ready', now()) returning id`;
    const storage = await new LocalStorage(`${dataDir}/objects`, {
      secret: "x".repeat(40),
      publicUrl: "http://x",
    }).init();
    const prefix = `media/${v.id}`;
    await sql`update videos set master_key = ${`${prefix}/master.m3u8`} where id = ${v.id}`;
    await storage.put(
      `${prefix}/master.m3u8`,
      "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1600000\n720p/index.m3u8\n",
    );
    const lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:4", "#EXT-X-PLAYLIST-TYPE:VOD"];
    const seg = crypto.getRandomValues(new Uint8Array(65536));
    const body = new Uint8Array(800 * 1024).map((_, i) => seg[i % seg.length]);
    for (let i = 0; i < SEGMENTS; i++) {
      lines.push("#EXTINF:4.000,", `seg_${i}.m4s`);
      await storage.put(`${prefix}/720p/seg_${i}.m4s`, body);
    }
    await storage.put(`${prefix}/720p/index.m3u8`, [...lines, "#EXT-X-ENDLIST", ""].join("\n"));
    return v.id;
  } finally {
    await sql.end();
  }
}

async function waitForListeners(port: number, count: number) {
  for (let i = 0; i < 600; i++) {
    const out = await new Deno.Command("ss", { args: ["-Hltn", `sport = :${port}`] }).output();
    const lines = new TextDecoder().decode(out.stdout).split("\n").filter(Boolean);
    if (lines.length >= count) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} never had ${count} listeners`);
}

async function waitFor(url: string) {
  for (let i = 0; i < 600; i++) {
    try {
      const r = await fetch(url);
      await r.body?.cancel();
      if (r.ok) return;
    } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered`);
}
