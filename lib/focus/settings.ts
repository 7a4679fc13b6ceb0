import type { Sql } from "../db/mod.ts";

/** Whether the watch page starts in focus mode for `userId`. */
export async function focusAutoStart(sql: Sql, userId: string): Promise<boolean> {
  const [row] = await sql<{ on: boolean }[]>`
    select focus_autostart as on from users where id = ${userId}`;
  return row?.on ?? false;
}

/** Turns starting in focus mode on or off. */
export async function setFocusAutoStart(sql: Sql, userId: string, on: boolean): Promise<void> {
  await sql`update users set focus_autostart = ${on} where id = ${userId}`;
}
