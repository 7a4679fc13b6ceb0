import type { Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";

/** A category as admins manage it and viewers browse it (/c/:slug). */
export interface Category {
  slug: string;
  name: string;
  position: number;
}

/** The shape of a category slug: lower-case ASCII words joined by "-", at most 50. */
export const CATEGORY_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Longest slug and name. */
export const MAX_CATEGORY_LENGTH = 50;

/** Whether `slug` could be a category's slug (a URL or form value, so anyone's). */
export function isCategorySlug(slug: string): boolean {
  return slug.length <= MAX_CATEGORY_LENGTH && CATEGORY_SLUG.test(slug);
}

/** Every category in display order. The list is short: admins curate it. */
export async function listCategories(sql: Sql): Promise<Category[]> {
  return await sql<Category[]>`
    select slug, name, position from categories order by position, name`;
}

/** The category with this slug, or undefined (an unknown or malformed slug). */
export async function findCategory(sql: Sql, slug: string): Promise<Category | undefined> {
  if (!isCategorySlug(slug)) return undefined;
  const [row] = await sql<Category[]>`
    select slug, name, position from categories where slug = ${slug}`;
  return row;
}

/**
 * Refuses a category that is not on the list (the API and the studio form
 * both save through lib, so both are checked here). Null means "none".
 */
export async function assertKnownCategory(sql: Sql, slug: string | null | undefined) {
  if (slug === null || slug === undefined) return;
  if (!(await findCategory(sql, slug))) {
    const message = "Choose a category from the list.";
    throw new ValidationError(message, { details: { fields: [{ field: "category", message }] } });
  }
}

/** Adds a category; a taken slug or name is a ConflictError. */
export async function createCategory(sql: Sql, input: Category): Promise<Category> {
  const [row] = await sql<Category[]>`
    insert into categories (slug, name, position)
    values (${input.slug}, ${input.name}, ${input.position})
    on conflict do nothing
    returning slug, name, position`;
  if (!row) throw new ConflictError("A category with that slug or name already exists.");
  return row;
}

/**
 * Renames, re-slugs or moves a category. A new slug follows to its videos
 * (the foreign key cascades), so old /c/ links 404 but no video loses it.
 */
export async function updateCategory(
  sql: Sql,
  slug: string,
  patch: Partial<Category>,
): Promise<Category> {
  try {
    const [row] = await sql<Category[]>`
      update categories set
        slug = coalesce(${patch.slug ?? null}, slug),
        name = coalesce(${patch.name ?? null}, name),
        position = coalesce(${patch.position ?? null}::integer, position)
      where slug = ${slug}
      returning slug, name, position`;
    if (!row) throw new NotFoundError("No such category.");
    return row;
  } catch (err) {
    if ((err as { code?: string }).code === "23505") {
      throw new ConflictError("A category with that slug or name already exists.");
    }
    throw err;
  }
}

/** Removes a category; its videos become uncategorised (not deleted). */
export async function deleteCategory(sql: Sql, slug: string): Promise<void> {
  const rows = await sql`delete from categories where slug = ${slug} returning slug`;
  if (rows.length === 0) throw new NotFoundError("No such category.");
}
