/**
 * Which indexes a code path's statements use: records the statements a call
 * sends (postgres.js's debug hook), then runs each again under
 * EXPLAIN (ANALYZE, BUFFERS off) and summarises the plan's scans.
 */
import postgres from "postgres";
import type { Sql } from "../lib/db/mod.ts";

interface Statement {
  text: string;
  params: unknown[];
  types: number[];
}

/** A client that records what it sends, for `explainCalls`. */
export function recordingClient(url: string): { sql: Sql; take(): Statement[] } {
  let seen: Statement[] = [];
  const sql = postgres(url, {
    max: 1,
    onnotice: () => {},
    types: {
      bigint: { to: 20, from: [20], serialize: String, parse: Number },
    },
    transform: { undefined: null },
    debug: (_id: number, text: string, params: unknown[], types: number[]) => {
      // The application's statements, not the client's own type lookups.
      // …and the settings they run under (search plans with `set local`).
      if (
        (/^\s*(select|with|set local)\b/i.test(text)) && !/\bpg_catalog\.|\bpg_type\b/.test(text)
      ) {
        seen.push({ text, params, types: types ?? [] });
      }
    },
  }) as unknown as Sql;
  return {
    sql,
    take() {
      const out = seen;
      seen = [];
      return out;
    },
  };
}

/** One statement's plan in a line: its scans and execution time. */
export interface PlanSummary {
  scans: string[];
  ms: number;
}

/**
 * Explains each recorded statement (parameters inlined as typed literals), in one
 * transaction that applies the recorded `set local` settings as the code did.
 */
export async function explainAll(sql: Sql, statements: Statement[]): Promise<PlanSummary[]> {
  return await sql.begin(async (tx) =>
    await explainIn(tx as unknown as Sql, statements)
  ) as PlanSummary[];
}

async function explainIn(sql: Sql, statements: Statement[]): Promise<PlanSummary[]> {
  const out: PlanSummary[] = [];
  for (const s of statements) {
    if (/^\s*set local\b|^\s*select set_config\(/i.test(s.text)) {
      await sql.unsafe(s.text, s.params as never[]);
      continue;
    }
    const names = new Map<number, string>();
    for (const oid of new Set(s.types)) {
      const [{ t }] = await sql<{ t: string }[]>`select format_type(${oid}::oid, null) as t`;
      names.set(oid, t);
    }
    const text = s.text.replace(/\$(\d+)/g, (_m, n: string) => {
      const i = Number(n) - 1;
      const v = s.params[i];
      if (v === null || v === undefined) return "null";
      const type = names.get(s.types[i]);
      return `'${String(v).replaceAll("'", "''")}'${type && type !== "-" ? `::${type}` : ""}`;
    });
    const rows = await sql.unsafe(`explain (analyze, buffers off) ${text}`);
    const plan = rows.map((r) => String(r["QUERY PLAN"]));
    out.push({ scans: scansOf(plan), ms: executionMs(plan) });
  }
  return out;
}

/** "index (kind)" for each index scan, "seq scan on t" for each table read whole. */
export function scansOf(plan: string[]): string[] {
  const scans: string[] = [];
  for (const line of plan) {
    const m = line.match(
      /(Bitmap Index Scan|Index Only Scan|Index Scan)(?: Backward)? (?:using|on) (\S+)/,
    );
    if (m) scans.push(`${m[2]} (${m[1] === "Bitmap Index Scan" ? "bitmap" : m[1].toLowerCase()})`);
    const s = line.match(/Seq Scan on (\S+)/);
    if (s) scans.push(`seq scan on ${s[1]}`);
  }
  return [...new Set(scans)];
}

function executionMs(plan: string[]): number {
  const line = plan.find((l) => l.startsWith("Execution Time:"));
  return line ? Number(line.match(/([\d.]+) ms/)?.[1] ?? NaN) : NaN;
}
