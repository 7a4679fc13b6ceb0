/** Helpers for moderation tests: accounts of each role, uploads through the real API. */
import assert from "node:assert/strict";
import type { Hono } from "hono";
import type { Sql } from "../../lib/db/mod.ts";
import { getProcessingStatus } from "../../lib/videos/processing.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./client.ts";
import { signUpAndIn } from "./accounts.ts";

/** A signed-in client with `role` (set in the database; sign-up gives creators). */
export async function account(
  app: Hono,
  sql: Sql,
  role: "viewer" | "creator" | "moderator" | "admin",
): Promise<{ client: TestClient; id: string }> {
  const client = new TestClient(app);
  const r = await signUpAndIn(client, {
    json: { email: testEmail(role), password: GOOD_PASSWORD, displayName: `The ${role}` },
  });
  assert.equal(r.status, 200, await r.clone().text());
  const { user } = await r.json();
  if (role !== "creator") {
    await sql`update users set role = ${role} where id = ${user.id}`;
    // The role is read from the user row on each request; sessions stay valid.
  }
  return { client, id: user.id };
}

/** One client per kind of caller, for role matrices: nobody signed in, then each role. */
export async function roleCallers(app: Hono, sql: Sql): Promise<Record<string, TestClient>> {
  return {
    anonymous: new TestClient(app),
    viewer: (await account(app, sql, "viewer")).client,
    creator: (await account(app, sql, "creator")).client,
    moderator: (await account(app, sql, "moderator")).client,
    admin: (await account(app, sql, "admin")).client,
  };
}

/**
 * Uploads `bytes` through the upload API as `client` (create, PUT the parts to
 * the local store, report them, complete); returns the video id.
 */
export async function uploadThroughApi(
  client: TestClient,
  bytes: Uint8Array,
  meta: { title: string; visibility?: "public" | "unlisted" | "private" },
): Promise<string> {
  const sent = await partsThroughApi(client, bytes, meta);
  const done = await client.request(`/api/v1/uploads/${sent.uploadId}/complete`, {
    json: { parts: sent.parts },
  });
  assert.equal(done.status, 200, await done.clone().text());
  return sent.videoId;
}

/** Creates an upload and stores and reports its parts, without completing it. */
export async function partsThroughApi(
  client: TestClient,
  bytes: Uint8Array,
  meta: { title: string; visibility?: "public" | "unlisted" | "private" },
): Promise<{ uploadId: string; videoId: string; parts: { partNumber: number; etag: string }[] }> {
  const created = await client.request("/api/v1/uploads", {
    json: {
      filename: "clip.mp4",
      size: bytes.length,
      mimeType: "video/mp4",
      title: meta.title,
      visibility: meta.visibility ?? "public",
    },
  });
  assert.equal(created.status, 201, await created.clone().text());
  const ticket = await created.json();
  const parts: { partNumber: number; etag: string }[] = [];
  for (const p of ticket.parts) {
    const url = new URL(p.url);
    const chunk = bytes.slice(
      (p.partNumber - 1) * ticket.partSize,
      (p.partNumber - 1) * ticket.partSize + p.size,
    );
    const put = await client.request(url.pathname + url.search, {
      method: "PUT",
      body: chunk,
      csrf: false,
    });
    assert.equal(put.status, 200, await put.clone().text());
    const etag = put.headers.get("etag")!;
    const report = await client.request(`/api/v1/uploads/${ticket.uploadId}/parts`, {
      json: { partNumber: p.partNumber, size: p.size, etag },
    });
    assert.ok(report.ok, await report.clone().text());
    parts.push({ partNumber: p.partNumber, etag });
  }
  return { uploadId: ticket.uploadId, videoId: ticket.videoId, parts };
}

/** Waits until the video reaches `state` (or fails the test after 90 s). */
export async function waitForState(sql: Sql, videoId: string, state: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const s = await getProcessingStatus(sql, videoId);
    if (s?.status === state) return;
    if (s?.status === "failed") assert.fail(`processing failed: ${s.error}`);
    if (Date.now() > deadline) assert.fail(`still ${s?.status}, not ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
