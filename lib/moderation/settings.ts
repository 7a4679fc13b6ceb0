/**
 * The instance settings admins change on /admin/settings: the moderation
 * policy and the registration mode. One row in `instance_settings`; the
 * MODERATION / REGISTRATION environment variables only give its first values
 * (ensureInstanceSettings() at start-up), so a restart never undoes an admin's
 * choice.
 */
import type { Queryable } from "../db/mod.ts";

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

/** Stores a change; returns the settings before it (for the audit log). */
export async function writeInstanceSettings(
  sql: Queryable,
  change: Partial<InstanceSettings>,
  options: { by: string },
): Promise<{ before: InstanceSettings; after: InstanceSettings }> {
  const before = await readInstanceSettings(sql);
  const after = { ...before, ...change };
  await sql`insert into instance_settings (id, moderation, registration, updated_by)
    values (true, ${after.moderation}, ${after.registration}, ${options.by})
    on conflict (id) do update set moderation = excluded.moderation,
      registration = excluded.registration, updated_by = excluded.updated_by, updated_at = now()`;
  return { before, after };
}
