/**
 * The instance settings admins change on /admin/settings: the moderation
 * policy and the registration mode. One row in `instance_settings`; the
 * MODERATION / REGISTRATION environment variables only give its first values
 * (ensureInstanceSettings() at start-up), so a restart never undoes an admin's
 * choice.
 */
import type { Queryable, Sql } from "../db/mod.ts";
import { type AuditActor, recordAudit } from "./audit.ts";

/** `off`: a processed video publishes itself; `pre`: it waits for a moderator. */
export const MODERATION_POLICIES = ["off", "pre"] as const;
/** Who may create an account: anyone, holders of an invitation link, nobody (admins create them). */
export const REGISTRATION_MODES = ["open", "invite", "closed"] as const;

/** The settings as stored. */
export interface InstanceSettings {
  moderation: typeof MODERATION_POLICIES[number];
  registration: typeof REGISTRATION_MODES[number];
}

/** What an instance without a settings row behaves like. */
export const DEFAULT_SETTINGS: InstanceSettings = { moderation: "off", registration: "open" };

/** Writes the settings row from the environment's values unless one exists already. */
export async function ensureInstanceSettings(
  sql: Queryable,
  initial: InstanceSettings,
): Promise<void> {
  await sql`insert into instance_settings (id, moderation, registration)
    values (true, ${initial.moderation}, ${initial.registration}) on conflict (id) do nothing`;
}

/** The settings in force (one primary-key read). */
export async function readInstanceSettings(sql: Queryable): Promise<InstanceSettings> {
  const [row] = await sql<InstanceSettings[]>`
    select moderation, registration from instance_settings where id`;
  return row ?? DEFAULT_SETTINGS;
}

/** Stores an admin's change and audits it (before and after); returns the new settings. */
export async function changeInstanceSettings(
  sql: Sql,
  change: Partial<InstanceSettings>,
  options: { actor: AuditActor },
): Promise<InstanceSettings> {
  const { actor } = options;
  return await sql.begin(async (tx) => {
    const before = await readInstanceSettings(tx);
    const after = { ...before, ...change };
    await tx`insert into instance_settings (id, moderation, registration, updated_by)
      values (true, ${after.moderation}, ${after.registration}, ${actor.id})
      on conflict (id) do update set moderation = excluded.moderation,
        registration = excluded.registration, updated_by = excluded.updated_by,
        updated_at = now()`;
    await recordAudit(tx, actor, {
      action: "settings.change",
      target: { kind: "settings", id: "instance" },
      details: { before, after },
    });
    return after;
  });
}
