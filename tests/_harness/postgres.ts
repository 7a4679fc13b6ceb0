/**
 * A real PostgreSQL server for tests: a throwaway cluster in a temporary
 * directory on a loopback port, run as an unprivileged user when we are root
 * (initdb and postgres refuse to run as root).
 */

const PG_USER = "vfpg";

/** A running throwaway cluster. */
export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

/** Finds the newest PostgreSQL (15+) bin directory on this machine, if any. */
export async function findPostgresBin(): Promise<string | undefined> {
  const versions: number[] = [];
  try {
    for await (const e of Deno.readDir("/usr/lib/postgresql")) {
      const v = Number(e.name);
      if (v >= 15) versions.push(v);
    }
  } catch {
    return undefined;
  }
  versions.sort((a, b) => b - a);
  for (const v of versions) {
    const bin = `/usr/lib/postgresql/${v}/bin`;
    if (await exists(`${bin}/initdb`)) return bin;
  }
  return undefined;
}

/** Starts a new cluster; the caller stops it. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = await findPostgresBin();
  if (!bin) throw new Error("PostgreSQL 15+ is not installed: run `apt-get install postgresql`.");
  const root = Deno.uid() === 0;
  if (root) await ensureUser(PG_USER);
  const dir = await Deno.makeTempDir({ prefix: "vf-pg-" });
  if (root) await run(["chown", `${PG_USER}:`, dir]);
  const port = freePort();
  const as = (cmd: string[]) => root ? ["runuser", "-u", PG_USER, "--", ...cmd] : cmd;
  await run(
    as([`${bin}/initdb`, "-A", "trust", "-U", "postgres", "-D", `${dir}/data`, "-E", "UTF8"]),
  );
  const opts = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=200",
  ].join(" ");
  await run(
    as([`${bin}/pg_ctl`, "-D", `${dir}/data`, "-o", opts, "-l", `${dir}/log`, "-w", "start"]),
  );
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await run(as([`${bin}/pg_ctl`, "-D", `${dir}/data`, "-m", "immediate", "-w", "stop"]))
        .catch(() => {});
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

async function ensureUser(name: string): Promise<void> {
  const id = await new Deno.Command("id", { args: ["-u", name], stdout: "null", stderr: "null" })
    .output();
  if (!id.success) await run(["useradd", "--system", "--no-create-home", name]);
}

/** Returns a port that was free a moment ago on 127.0.0.1. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function run(cmd: string[]): Promise<void> {
  const out = await new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr) || new TextDecoder().decode(out.stdout);
    throw new Error(`${cmd.join(" ")} failed: ${err.trim()}`);
  }
}

/** Whether a path exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
