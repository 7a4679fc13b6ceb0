/**
 * Session-check benchmark: what the per-request access-token lookup costs now
 * that it also asks whether the token's session was signed out
 * (findSessionUser: user by primary key + a probe into the partial index of
 * revoked refresh families), against the plain user lookup it replaced.
 * Runs on the embedded database (PGlite) in a temporary directory.
 */
import { migrate, MIGRATIONS_DIR, readMigrations } from "../lib/db/migrate.ts";
import { openDatabase, type Sql } from "../lib/db/mod.ts";
import { findSessionUser, findUserById } from "../lib/auth/users.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timePerCall(fn: () => Promise<unknown>, calls: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return (performance.now() - t0) / calls * 1000;
}

async function seed(sql: Sql, sessions: number): Promise<{ userId: string; familyId: string }> {
  const [user] = await sql<{ id: string }[]>`insert into users (email, password_hash, display_name)
    values ('bench@example.com', 'x', 'Bench') returning id`;
  // Every session rotated 10 times; one in ten signed out.
  await sql`insert into refresh_tokens
      (family_id, user_id, token_hash, token_version, expires_at, revoked_at)
    select f.id, ${user.id}, md5(f.n || '-' || g), 0, now() + interval '7 days',
      case when f.n % 10 = 0 then now() end
    from (select gen_random_uuid() as id, n from generate_series(1, ${sessions}) n) f,
      generate_series(1, 10) g`;
  const [live] = await sql<{ familyId: string }[]>`select family_id as "familyId"
    from refresh_tokens where revoked_at is null limit 1`;
  await sql`analyze refresh_tokens`;
  return { userId: user.id, familyId: live.familyId };
}

/** Runs the benchmark; `quick` seeds fewer sessions and makes fewer calls. */
export default async function run(options: BenchOptions): Promise<BenchResult> {
  const dir = await Deno.makeTempDir({ prefix: "vf-bench-session-" });
  const db = await openDatabase({ poolSize: 1, dataDir: dir });
  try {
    await migrate(db.sql, await readMigrations(MIGRATIONS_DIR));
    const sessions = options.quick ? 1000 : 5000;
    const calls = options.quick ? 500 : 2000;
    const { userId, familyId } = await seed(db.sql, sessions);
    const claims = { userId, tokenVersion: 0, sessionId: familyId };
    const before = () => findUserById(db.sql, userId);
    const after = () => findSessionUser(db.sql, claims);
    // Warm up both (JIT, plan caches, PGlite's buffers) before measuring.
    await timePerCall(before, calls);
    await timePerCall(after, calls);
    const a: number[] = [];
    const b: number[] = [];
    // Interleaved rounds, so that drift on a shared machine hits both alike.
    for (let round = 0; round < 9; round++) {
      a.push(await timePerCall(before, calls));
      b.push(await timePerCall(after, calls));
    }
    const ratio = median(b) / median(a);
    return {
      tables: [{
        title: `Access-token lookup per request (${sessions} sessions × 10 rotations, ` +
          `10 % signed out; median of 9 rounds × ${calls} calls, embedded PGlite)`,
        columns: ["lookup", "µs per call", "rounds (µs)", "comparison"],
        rows: [
          ["user by id (before)", median(a), a.map(Math.round).join(", "), "baseline"],
          [
            "user + revoked-session probe (now)",
            median(b),
            b.map(Math.round).join(", "),
            `${ratio.toFixed(2)}× (goal ≤ 1.2×)`,
          ],
        ],
      }],
      data: { before: a, after: b, ratio },
    };
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
}
