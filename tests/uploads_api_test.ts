/** Upload API guards, limits, local part URLs and the sweeper. */
import assert from "node:assert/strict";
import { MIB } from "../lib/uploads/plan.ts";
import { sweepExpiredUploads } from "../lib/uploads/abort.ts";
import { startWorker } from "../workers/mod.ts";
import { bearerAccount, serveUploads, type UploadServer } from "./_harness/uploads.ts";

async function api(
  server: UploadServer,
  headers: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return await server.app.request(`${server.origin}${path}`, {
    method,
    headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

async function start(server: UploadServer, headers: Record<string, string>, size = 9 * MIB) {
  const r = await api(server, headers, "POST", "/api/v1/uploads", {
    filename: "clip.mp4",
    size,
    mimeType: "video/mp4",
  });
  assert.equal(r.status, 201);
  return await r.json();
}

Deno.test("POST /api/v1/uploads checks size and type up front (413, 400)", async () => {
  const server = await serveUploads({ maxUploadBytes: 50 * MIB });
  try {
    const { headers } = await bearerAccount(server);
    const post = (body: unknown) => api(server, headers, "POST", "/api/v1/uploads", body);
    const big = await post({ filename: "a.mp4", size: 50 * MIB + 1, mimeType: "video/mp4" });
    assert.equal(big.status, 413);
    assert.match((await big.json()).error.message, /at most 50 MiB/);
    const type = await post({ filename: "a.avi", size: 1000, mimeType: "video/x-msvideo" });
    assert.equal(type.status, 400);
    assert.match((await type.json()).error.message, /MP4, WebM or MOV/);
    assert.equal((await post({ filename: "a.mp4", size: 0, mimeType: "video/mp4" })).status, 400);
    assert.equal((await post({ size: 10, mimeType: "video/mp4" })).status, 400);
    assert.equal(
      (await post({ filename: "a.mp4", size: 10, mimeType: "video/mp4", visibility: "secret" }))
        .status,
      400,
    );
    const ok = await post({
      filename: "holiday.mov",
      size: 50 * MIB,
      mimeType: "video/quicktime",
      tags: ["#sea", "sun", "sea"],
      description: "Waves",
    });
    assert.equal(ok.status, 201);
    const ticket = await ok.json();
    assert.equal(ticket.partSize, 8 * MIB);
    assert.equal(ticket.parts.length, 7);
    assert.equal(ticket.parts[6].size, 2 * MIB);
    const [video] = await server.services.db.sql`
      select title, tags, description, visibility, status from videos where id = ${ticket.videoId}`;
    assert.deepEqual(
      { ...video },
      {
        title: "holiday",
        tags: ["sea", "sun"],
        description: "Waves",
        visibility: "private",
        status: "uploading",
      },
    );
  } finally {
    await server.close();
  }
});

Deno.test("uploads: anonymous callers get 401, viewers 403, another creator's upload is 404", async () => {
  const server = await serveUploads();
  try {
    const owner = await bearerAccount(server);
    const other = await bearerAccount(server);
    const viewer = await bearerAccount(server, { role: "viewer" });
    const body = { filename: "a.mp4", size: 1000, mimeType: "video/mp4" };
    assert.equal((await api(server, {}, "POST", "/api/v1/uploads", body)).status, 401);
    const v = await api(server, viewer.headers, "POST", "/api/v1/uploads", body);
    assert.equal(v.status, 403);
    await v.body?.cancel();
    const ticket = await start(server, owner.headers);
    const id = ticket.uploadId;
    for (
      const [method, path, json] of [
        ["GET", `/api/v1/uploads/${id}`, undefined],
        ["POST", `/api/v1/uploads/${id}/parts`, { partNumber: 1, size: 8 * MIB, etag: '"x"' }],
        ["POST", `/api/v1/uploads/${id}/complete`, { parts: [{ partNumber: 1, etag: '"x"' }] }],
        ["DELETE", `/api/v1/uploads/${id}`, undefined],
      ] as const
    ) {
      const r = await api(server, other.headers, method, path, json);
      assert.equal(r.status, 404, `${method} ${path}`);
      await r.body?.cancel();
      assert.equal((await api(server, {}, method, path, json)).status, 401);
    }
    // The owner's upload is untouched.
    assert.equal((await api(server, owner.headers, "GET", `/api/v1/uploads/${id}`)).status, 200);
    assert.equal((await api(server, owner.headers, "GET", "/api/v1/uploads/nope")).status, 400);
  } finally {
    await server.close();
  }
});

Deno.test("local part URLs: a tampered, re-targeted or expired URL is refused", async () => {
  const server = await serveUploads();
  try {
    const { headers } = await bearerAccount(server);
    const ticket = await start(server, headers, 9 * MIB);
    const put = (url: string, size: number) =>
      server.app.request(url, { method: "PUT", body: new Uint8Array(size) });
    const url = new URL(ticket.parts[1].url);
    assert.equal(url.origin, server.origin, "local part URLs point at PUBLIC_URL");

    const tampered = new URL(url);
    tampered.searchParams.set(
      "sig",
      tampered.searchParams.get("sig")!.replace(/^./, (c) => c === "A" ? "B" : "A"),
    );
    const r1 = await put(tampered.href, MIB);
    assert.equal(r1.status, 403);
    assert.match((await r1.json()).error.message, /not valid/);

    const bigger = new URL(url);
    bigger.searchParams.set("size", String(2 * MIB));
    assert.equal((await put(bigger.href, 2 * MIB)).status, 403, "the size is signed");

    const otherPart = new URL(url.href.replace(/\/2\?/, "/1?"));
    assert.equal((await put(otherPart.href, MIB)).status, 403, "good for its part only");

    const second = await start(server, headers, 9 * MIB);
    // The storage upload id is in the path; another upload's id breaks the signature.
    const [row] = await server.services.db.sql`
      select storage_upload_id from uploads where id = ${second.uploadId}`;
    const moved = url.href.replace(
      /\/_storage\/parts\/[^/]+\//,
      `/_storage/parts/${row.storage_upload_id}/`,
    );
    assert.equal((await put(moved, MIB)).status, 403, "good for its upload only");

    const [own] = await server.services.db.sql`
      select storage_key, storage_upload_id from uploads where id = ${ticket.uploadId}`;
    const expired = await server.services.storage.presignPart(
      own.storage_key,
      own.storage_upload_id,
      { partNumber: 2, size: MIB, expiresIn: -5 },
    );
    const r2 = await put(expired, MIB);
    assert.equal(r2.status, 403);
    assert.match((await r2.json()).error.message, /expired/);

    assert.equal((await put(url.href, MIB)).status, 200, "the genuine URL still works");
  } finally {
    await server.close();
  }
});

Deno.test("sweepExpiredUploads() aborts uploads older than their expiry, parts and rows included", async () => {
  const server = await serveUploads();
  try {
    const { headers } = await bearerAccount(server);
    const old = await start(server, headers);
    const fresh = await start(server, headers);
    const part = await server.app.request(old.parts[0].url, {
      method: "PUT",
      body: new Uint8Array(8 * MIB),
    });
    assert.equal(part.status, 200);
    await api(server, headers, "POST", `/api/v1/uploads/${old.uploadId}/parts`, {
      partNumber: 1,
      size: 8 * MIB,
      etag: part.headers.get("etag"),
    });
    const sql = server.services.db.sql;
    await sql`update uploads set expires_at = now() - interval '1 minute' where id = ${old.uploadId}`;
    const multipart = `${server.services.dir}/objects/.multipart`;
    assert.equal((await Array.fromAsync(Deno.readDir(multipart))).length, 2);

    // A worker queues the sweep's first slot at start and runs it.
    const worker = await startWorker(server.services, { sweepEveryMs: 60_000 });
    try {
      for (let i = 0; i < 200; i++) {
        const [job] = await sql`select state from jobs where kind = 'sweep_uploads'`;
        if (job?.state === "succeeded") break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await worker.stop();
    }
    assert.equal((await sql`select 1 from uploads where id = ${old.uploadId}`).length, 0);
    assert.equal((await sql`select 1 from videos where id = ${old.videoId}`).length, 0);
    assert.equal((await sql`select 1 from upload_parts`).length, 0);
    assert.equal((await Array.fromAsync(Deno.readDir(multipart))).length, 1);
    assert.equal(
      (await api(server, headers, "GET", `/api/v1/uploads/${fresh.uploadId}`)).status,
      200,
    );
    // A day later the other one goes too.
    const later = new Date(Date.now() + 25 * 3600 * 1000);
    assert.equal(
      await sweepExpiredUploads({ sql, storage: server.services.storage }, { now: later }),
      1,
    );
    assert.equal((await sql`select 1 from uploads`).length, 0);
  } finally {
    await server.close();
  }
});
