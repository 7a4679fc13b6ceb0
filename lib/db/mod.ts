import postgres from "postgres";
import { startEmbeddedPostgres } from "./embedded.ts";

/** The postgres.js tagged-template client used across lib/. */
export type Sql = postgres.Sql;

/** A client or an open transaction: what a function that may run inside one takes. */
export type Queryable = Sql | postgres.TransactionSql;

/** A connected catalog database. */
export interface Database {
  sql: Sql;
  /** "embedded" when PGlite runs in this process. */
  kind: "embedded" | "external";
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PGlite in `dataDir/pg`
 * when no URL is configured.
 */
export async function openDatabase(
  options: { url?: string; poolSize: number; dataDir: string },
): Promise<Database> {
  if (options.url) {
    const sql = connect(options.url, { max: options.poolSize });
    return { sql, kind: "external", close: () => sql.end({ timeout: 5 }) };
  }
  const embedded = await startEmbeddedPostgres(`${options.dataDir}/pg`);
  const sql = connect(embedded.url, { max: 1 });
  return {
    sql,
    kind: "embedded",
    async close() {
      await sql.end({ timeout: 5 });
      await embedded.close();
    },
  };
}

/** Creates a postgres.js client with VideoFlow's settings. */
export function connect(url: string, options: { max: number }): Sql {
  return postgres(url, {
    max: options.max,
    onnotice: () => {},
    // bigint columns (counts, sizes) arrive as JS numbers; values stay below 2^53.
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (v: number) => String(v),
        parse: (v: string) => Number(v),
      },
    },
    transform: { undefined: null },
    connection: { application_name: "videoflow" },
  });
}
