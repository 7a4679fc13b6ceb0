/**
 * The CPU time one PostgreSQL backend has used (user + system, from
 * /proc/<pid>/stat): a figure other processes' load hardly changes, unlike
 * wall time on these shared 2 cores. Works when the server runs on this
 * machine and /proc is readable (the harness's throwaway server; as root).
 */
import type { Sql } from "../lib/db/mod.ts";

// Linux reports /proc times in clock ticks; USER_HZ is 100 on every common build.
const TICK_MS = 10;

/** A reader of the CPU ms used so far by `sql`'s (single) connection, or undefined. */
export async function backendCpu(sql: Sql): Promise<(() => number) | undefined> {
  const [{ pid }] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
  const read = () => processCpuMs(pid);
  try {
    read();
    return read;
  } catch {
    return undefined;
  }
}

/** CPU ms (user + system, every thread) that process `pid` has used so far. */
export function processCpuMs(pid: number): number {
  // Fields after "(comm) ": state is [0], utime [11], stime [12].
  const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** CPU ms used so far by process `pid` and its children (nginx's master and its workers). */
export function processTreeCpuMs(pid: number): number {
  let ms = processCpuMs(pid);
  for (const task of Deno.readDirSync(`/proc/${pid}/task`)) {
    const children = Deno.readTextFileSync(`/proc/${pid}/task/${task.name}/children`);
    for (const child of children.split(" ").filter(Boolean)) ms += processTreeCpuMs(Number(child));
  }
  return ms;
}
