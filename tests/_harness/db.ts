import { connect, type Sql } from "../../lib/db/mod.ts";

/** A database of its own for one test, on the harness's PostgreSQL server. */
export interface TestDatabase {
  url: string;
  sql: Sql;
  drop(): Promise<void>;
}

/** The harness server's admin URL; `deno task test` starts the server. */
export function harnessDatabaseUrl(): string {
  const url = Deno.env.get("TEST_DATABASE_URL");
  if (!url) throw new Error("TEST_DATABASE_URL is not set: run the tests with `deno task test`.");
  return url;
}

/** Creates a fresh, empty database and connects to it. */
export async function freshDatabase(options: { max?: number } = {}): Promise<TestDatabase> {
  const admin = connect(harnessDatabaseUrl(), { max: 1 });
  const name = `t_${crypto.randomUUID().replaceAll("-", "")}`;
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = harnessDatabaseUrl().replace(/\/[^/]*$/, `/${name}`);
  const sql = connect(url, { max: options.max ?? 4 });
  return {
    url,
    sql,
    async drop() {
      await sql.end({ timeout: 1 });
      const a = connect(harnessDatabaseUrl(), { max: 1 });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
