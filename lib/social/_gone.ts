import { NotFoundError } from "../errors.ts";

/**
 * For a write that references a user and a video (or two users) checked a
 * moment before: if one was deleted in between, PostgreSQL refuses the row
 * with a foreign key violation (SQLSTATE 23503). That is "no such thing"
 * (404), not a server fault (500).
 */
export function goneAsNotFound(message: string): (err: unknown) => never {
  return (err) => {
    const e = err as { name?: unknown; code?: unknown } | null;
    if (e && e.name === "PostgresError" && e.code === "23503") throw new NotFoundError(message);
    throw err;
  };
}
