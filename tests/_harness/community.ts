import assert from "node:assert/strict";
import type { Sql } from "../../lib/db/mod.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./client.ts";

/** Signs a client up through the API (optionally with a role); answers the user id. */
export async function signUp(client: TestClient, sql: Sql, role?: string): Promise<string> {
  const r = await client.request("/api/v1/auth/signup", {
    json: { email: testEmail("community"), password: GOOD_PASSWORD, displayName: "Member" },
  });
  assert.equal(r.status, 201);
  const { user } = await r.json();
  if (role) await sql`update users set role = ${role} where id = ${user.id}`;
  return user.id;
}

/** A listed, playable video (no media) of `ownerId`. */
export async function addPlayableVideo(
  sql: Sql,
  ownerId: string,
  fields: { visibility?: string; title?: string; durationS?: number } = {},
): Promise<string> {
  const [v] = await sql<{ id: string }[]>`
    insert into videos (owner_id, title, visibility, status, duration_s, playable_at, published_at)
    values (${ownerId}, ${fields.title ?? "A video"}, ${fields.visibility ?? "public"}, 'ready',
      ${fields.durationS ?? 60}, now(), now())
    returning id`;
  return v.id;
}
