/**
 * The list of access groups (the "category roles": DEALER, EMPLOYEE,
 * …) that admins keep on /admin/settings: add, rename, remove, each audited.
 * Groups are referred to by id everywhere (users, videos), so a rename is one
 * row. A group still held by a user cannot be removed: reassign them first
 * (the foreign key refuses it too); its videos keep only their owner and
 * admins. Who sees what is decided in lib/videos/access.ts, not here.
 */
import { z } from "zod";
import type { Queryable, Sql } from "../db/mod.ts";
import { ConflictError, LimitError, NotFoundError } from "../errors.ts";
import { type AuditActor, recordAudit } from "../moderation/audit.ts";

/** At most this many groups (every list of them is shown whole). */
export const MAX_ACCESS_GROUPS = 100;

/** A group's name: letters, digits, space, `_` and `-`, 1–40 characters (as the table checks). */
export const accessGroupName = z.string().trim().min(1).max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _-]*$/, "Use letters, digits, spaces, _ and -.");

/** A group chosen in a form or a filter: "none" (null) or its id. */
export const accessGroupChoice = z.union([
  z.literal("none").transform(() => null),
  z.string().regex(/^\d{1,9}$/).transform(Number),
]);

/** One access group and how many users hold it. */
export interface AccessGroup {
  id: number;
  name: string;
  members: number;
}

/** Every group, by name, with its member count. */
export async function listAccessGroups(sql: Sql): Promise<AccessGroup[]> {
  return await sql<AccessGroup[]>`
    select g.id, g.name,
      (select count(*)::int from users u where u.access_group_id = g.id) as members
    from access_groups g order by lower(g.name) limit ${MAX_ACCESS_GROUPS}`;
}

/** Adds a group; ConflictError when the name is taken (any case). */
export async function createAccessGroup(
  sql: Sql,
  name: string,
  options: { actor: AuditActor },
): Promise<AccessGroup> {
  return await sql.begin(async (tx) => {
    // One creation at a time, so the count below cannot be raced past.
    await tx`lock table access_groups in share row exclusive mode`;
    const [{ n }] = await tx<{ n: number }[]>`select count(*)::int as n from access_groups`;
    if (n >= MAX_ACCESS_GROUPS) {
      throw new LimitError(`At most ${MAX_ACCESS_GROUPS} access groups.`);
    }
    const [group] = await uniqueName(() =>
      tx<AccessGroup[]>`insert into access_groups (name) values (${name})
        returning id, name, 0 as members`
    );
    await recordAudit(tx, options.actor, {
      action: "access_group.create",
      target: { kind: "access_group", id: String(group.id) },
      details: { name },
    });
    return group;
  }) as AccessGroup;
}

/** Renames a group (its users and videos follow: they refer to its id). */
export async function renameAccessGroup(
  sql: Sql,
  id: number,
  options: { name: string; actor: AuditActor },
): Promise<AccessGroup> {
  return await sql.begin(async (tx) => {
    const before = await lockGroup(tx, id);
    const [group] = await uniqueName(() =>
      tx<AccessGroup[]>`update access_groups set name = ${options.name} where id = ${id}
        returning id, name,
          (select count(*)::int from users u where u.access_group_id = ${id}) as members`
    );
    await recordAudit(tx, options.actor, {
      action: "access_group.rename",
      target: { kind: "access_group", id: String(id) },
      details: { from: before.name, to: options.name },
    });
    return group;
  }) as AccessGroup;
}

/** Removes a group nobody holds; ConflictError (with the count) otherwise. */
export async function removeAccessGroup(
  sql: Sql,
  id: number,
  options: { actor: AuditActor },
): Promise<void> {
  await sql.begin(async (tx) => {
    const before = await lockGroup(tx, id);
    const [{ members }] = await tx<{ members: number }[]>`
      select count(*)::int as members from users where access_group_id = ${id}`;
    if (members > 0) {
      throw new ConflictError(
        `${members} user(s) still hold ${before.name}: give them another group first.`,
        { details: { members } },
      );
    }
    await tx`delete from access_groups where id = ${id}`;
    await recordAudit(tx, options.actor, {
      action: "access_group.remove",
      target: { kind: "access_group", id: String(id) },
      details: { name: before.name },
    });
  });
}

/** The group's row, locked for the rest of the transaction; NotFound when there is none. */
export async function lockGroup(tx: Queryable, id: number): Promise<{ id: number; name: string }> {
  const [row] = await tx<{ id: number; name: string }[]>`
    select id, name from access_groups where id = ${id} for update`;
  if (!row) throw new NotFoundError("No such access group.");
  return row;
}

async function uniqueName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if ((err as { code?: string }).code === "23505") {
      throw new ConflictError("An access group with this name exists already.");
    }
    throw err;
  }
}
