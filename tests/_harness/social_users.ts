import { accessKey } from "../../lib/auth/mod.ts";
import { signAccessToken } from "../../lib/auth/access_token.ts";
import type { Sql } from "../../lib/db/mod.ts";

/** A user inserted straight into the database, with a Bearer header to act as them. */
export interface TokenUser {
  id: string;
  auth: { authorization: string };
}

/** Inserts a user with `role` and signs an access token for them (no password round trip). */
export async function tokenUser(
  deps: { sql: Sql; authSecret: string },
  options: { role?: "viewer" | "creator" | "admin"; name?: string } = {},
): Promise<TokenUser> {
  const [u] = await deps.sql<{ id: string }[]>`
    insert into users (email, password_hash, display_name, role)
    values (${`s${crypto.randomUUID()}@example.test`}, 'x', ${options.name ?? "Someone"},
      ${options.role ?? "creator"})
    returning id`;
  const { token } = await signAccessToken(accessKey(deps.authSecret), {
    userId: u.id,
    tokenVersion: 0,
  });
  return { id: u.id, auth: { authorization: `Bearer ${token}` } };
}

/** Inserts a playable, listed video; returns its id. */
export async function listedVideo(
  sql: Sql,
  ownerId: string,
  options: { title?: string; visibility?: string; minutesAgo?: number } = {},
): Promise<string> {
  const [v] = await sql<{ id: string }[]>`
    insert into videos (owner_id, title, visibility, status, playable_at, published_at)
    values (${ownerId}, ${options.title ?? "A video"}, ${options.visibility ?? "public"}, 'ready',
      now(), now() - ${`${options.minutesAgo ?? 0} minutes`}::interval)
    returning id`;
  return v.id;
}
