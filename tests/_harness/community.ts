/** Signed-in clients and videos for the community tests (comments, playlists, history). */
import assert from "node:assert/strict";
import type { Hono } from "hono";
import type { Sql } from "../../lib/db/mod.ts";
import { type AppOptions, createApp } from "../../app.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./client.ts";
import { signUpAndIn } from "./accounts.ts";
import { addVideo } from "./search_catalog.ts";
import { openTestServices } from "./services.ts";

/** Signs a client up through the API (optionally with a role); answers the user id. */
export async function signUp(client: TestClient, sql: Sql, role?: string): Promise<string> {
  const r = await signUpAndIn(client, {
    json: { email: testEmail("community"), password: GOOD_PASSWORD, displayName: "Member" },
  });
  assert.equal(r.status, 200);
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

/** A signed-in test client and its user. */
export interface Member {
  client: TestClient;
  id: string;
  name: string;
}

/** Signs up a new account through the API, as a member with a client of its own. */
export async function signUpMember(
  app: Hono,
  name: string,
  email = testEmail(name),
): Promise<Member> {
  const client = new TestClient(app);
  const r = await signUpAndIn(client, {
    json: { email, password: GOOD_PASSWORD, displayName: name },
  });
  assert.equal(r.status, 200, await r.clone().text());
  return { client, id: (await r.json()).user.id, name };
}

/**
 * An app with an admin, the video's creator, a commenter, another user and an
 * anonymous client, and one public video owned by the creator.
 */
export async function communityApp(options: AppOptions = {}) {
  const services = await openTestServices();
  services.config.auth.adminEmail = "boss@example.com";
  const app = createApp(services, options);
  const admin = await signUpMember(app, "Admin", "boss@example.com");
  const creator = await signUpMember(app, "Creator");
  const author = await signUpMember(app, "Author");
  const other = await signUpMember(app, "Other");
  const anon = new TestClient(app);
  const videoId = await addVideo(services.db.sql, creator.id, { title: "Sea" });
  return { services, sql: services.db.sql, app, admin, creator, author, other, anon, videoId };
}
