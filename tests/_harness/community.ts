/** Signed-in clients and a video for the comments tests. */
import assert from "node:assert/strict";
import type { Hono } from "hono";
import { type AppOptions, createApp } from "../../app.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./client.ts";
import { addVideo } from "./search_catalog.ts";
import { openTestServices } from "./services.ts";

/** A signed-in test client and its user. */
export interface Member {
  client: TestClient;
  id: string;
  name: string;
}

/** Signs up a new account through the API. */
export async function signUp(app: Hono, name: string, email = testEmail(name)): Promise<Member> {
  const client = new TestClient(app);
  const r = await client.request("/api/v1/auth/signup", {
    json: { email, password: GOOD_PASSWORD, displayName: name },
  });
  assert.equal(r.status, 201, await r.clone().text());
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
  const admin = await signUp(app, "Admin", "boss@example.com");
  const creator = await signUp(app, "Creator");
  const author = await signUp(app, "Author");
  const other = await signUp(app, "Other");
  const anon = new TestClient(app);
  const videoId = await addVideo(services.db.sql, creator.id, { title: "Sea" });
  return { services, sql: services.db.sql, app, admin, creator, author, other, anon, videoId };
}
