import type { Context } from "hono";
import { z } from "zod";
import { NotFoundError } from "../lib/errors.ts";

/** The `:id` path parameter as a uuid; NotFound (`what`) for anything else. */
export function uuidParam(c: Context, what: string): string {
  const id = z.uuid().safeParse(c.req.param("id"));
  if (!id.success) throw new NotFoundError(`No such ${what}.`);
  return id.data;
}

/**
 * An admin list's page cursor, `<ISO time>_<uuid>` of the previous page's last
 * row; a time that parses as no date is refused (a 400, not a Postgres error).
 */
export const afterCursor = z.string().regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z_[0-9a-f-]{36}$/)
  .refine((a) => !Number.isNaN(Date.parse(a.split("_")[0])), "Not a page cursor.")
  .optional();

/** The cursor's keyset, or undefined on the first page. */
export function keysetOf(after: string | undefined): { at: Date; id: string } | undefined {
  if (!after) return undefined;
  const [at, id] = after.split("_");
  return { at: new Date(at), id };
}

/** The link to the page after `rows` (full pages only), keeping the list's filters. */
export function nextPage(
  path: string,
  rows: { createdAt: Date; id: string }[],
  options: { limit: number; filters: Record<string, string | undefined> },
): string | undefined {
  const last = rows.length === options.limit ? rows.at(-1) : undefined;
  if (!last) return undefined;
  const kept = Object.entries(options.filters).filter((e): e is [string, string] => !!e[1]);
  const query = new URLSearchParams([...kept, [
    "after",
    `${last.createdAt.toISOString()}_${last.id}`,
  ]]);
  return `${path}?${query}`;
}
