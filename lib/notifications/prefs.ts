/**
 * Each user's choice, per kind, of in-app and email delivery; a kind without a
 * stored choice gets its default (lib/shared/notification_kinds.ts). Locked
 * kinds (security notices) always get both.
 */
import type { Queryable } from "../db/mod.ts";
import {
  isNotificationKind,
  KIND_INFO,
  NOTIFICATION_KINDS,
  type NotificationKind,
} from "../shared/notification_kinds.ts";

/** How one kind reaches a user. */
export interface Delivery {
  inApp: boolean;
  email: boolean;
}

/** A user's delivery for every kind. */
export type Preferences = Record<NotificationKind, Delivery>;

/** The defaults, for a user who chose nothing. */
export function defaultPreferences(): Preferences {
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((k) => [k, { inApp: KIND_INFO[k].inApp, email: KIND_INFO[k].email }]),
  ) as Preferences;
}

/** A user's preferences: their stored choices over the defaults. */
export async function getPreferences(sql: Queryable, userId: string): Promise<Preferences> {
  const prefs = defaultPreferences();
  const rows = await sql<{ kind: string; inApp: boolean; email: boolean }[]>`
    select kind, in_app as "inApp", email from notification_prefs where user_id = ${userId}`;
  for (const r of rows) {
    if (isNotificationKind(r.kind) && !KIND_INFO[r.kind].locked) {
      prefs[r.kind] = { inApp: r.inApp, email: r.email };
    }
  }
  return prefs;
}

/** Stores the choices given (locked kinds are ignored); other kinds keep theirs. */
export async function setPreferences(
  sql: Queryable,
  userId: string,
  choices: Partial<Preferences>,
): Promise<Preferences> {
  for (const kind of NOTIFICATION_KINDS) {
    const c = choices[kind];
    if (!c || KIND_INFO[kind].locked) continue;
    await sql`
      insert into notification_prefs (user_id, kind, in_app, email)
      values (${userId}, ${kind}, ${c.inApp}, ${c.email})
      on conflict (user_id, kind) do update set in_app = excluded.in_app, email = excluded.email`;
  }
  return await getPreferences(sql, userId);
}
