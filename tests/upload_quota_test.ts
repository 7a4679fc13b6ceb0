/** Upload quotas: storage (reserved space counted), daily, open uploads; admin overrides. */
import assert from "node:assert/strict";
import { MIB } from "../lib/uploads/plan.ts";
import { bearerAccount, serveUploads, type UploadServer } from "./_harness/uploads.ts";

function create(server: UploadServer, headers: Record<string, string>, size: number) {
  return server.app.request(`${server.origin}/api/v1/uploads`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ filename: "clip.mp4", size, mimeType: "video/mp4" }),
  });
}

function call(
  server: UploadServer,
  headers: Record<string, string>,
  path: string,
  init: { method?: string; json?: unknown } = {},
) {
  return server.app.request(`${server.origin}${path}`, {
    method: init.method ?? "GET",
    headers: { ...headers, ...(init.json ? { "content-type": "application/json" } : {}) },
    body: init.json ? JSON.stringify(init.json) : undefined,
  });
}

Deno.test("30 concurrent upload starts never reserve more than the storage quota", async () => {
  const server = await serveUploads({
    quotas: { videoQuota: 100 * MIB, videoQuotaDaily: -1, maxOpenUploads: 1000 },
  });
  try {
    const { id, headers } = await bearerAccount(server);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => create(server, headers, 9 * MIB)),
    );
    const admitted = answers.filter((r) => r.status === 201).length;
    const refused = answers.filter((r) => r.status === 413);
    assert.equal(admitted + refused.length, 30, "every answer is 201 or 413");
    assert.equal(admitted, 11, "11 × 9 MiB fit in 100 MiB, the 12th does not");
    const body = await refused[0].json();
    assert.equal(body.error.code, "too_large");
    assert.deepEqual(body.error.details, {
      quota: "videoQuota",
      limit: 100 * MIB,
      used: 99 * MIB,
      requested: 9 * MIB,
    });
    assert.match(body.error.message, /storage quota of 100 MiB/);
    await Promise.all(refused.slice(1).map((r) => r.body?.cancel()));
    const [{ reserved }] = await server.services.db.sql<{ reserved: number }[]>`
      select sum(source_size)::float8 as reserved from videos where owner_id = ${id}`;
    assert.ok(reserved <= 100 * MIB, `reserved ${reserved}`);
    // Aborting an upload gives its reservation back.
    const [{ uploadId }] = await server.services.db.sql<{ uploadId: string }[]>`
      select id as "uploadId" from uploads where owner_id = ${id} limit 1`;
    const del = await call(server, headers, `/api/v1/uploads/${uploadId}`, { method: "DELETE" });
    assert.equal(del.status, 204);
    assert.equal((await create(server, headers, 9 * MIB)).status, 201);
  } finally {
    await server.close();
  }
});

Deno.test("open uploads are capped per user: 429 with the limit, free again after an abort", async () => {
  const server = await serveUploads({ quotas: { maxOpenUploads: 3 } });
  try {
    const { headers } = await bearerAccount(server);
    const tickets = [];
    for (let i = 0; i < 3; i++) {
      const r = await create(server, headers, MIB);
      assert.equal(r.status, 201);
      tickets.push(await r.json());
    }
    const over = await create(server, headers, MIB);
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers.get("retry-after")) >= 1);
    const body = await over.json();
    assert.equal(body.error.code, "rate_limited");
    assert.deepEqual(
      { ...body.error.details, retryAfter: undefined },
      { quota: "maxOpenUploads", limit: 3, used: 3, requested: 1, retryAfter: undefined },
    );
    const del = await call(server, headers, `/api/v1/uploads/${tickets[0].uploadId}`, {
      method: "DELETE",
    });
    assert.equal(del.status, 204);
    assert.equal((await create(server, headers, MIB)).status, 201);
    // Another user has their own allowance.
    const other = await bearerAccount(server);
    assert.equal((await create(server, other.headers, MIB)).status, 201);
  } finally {
    await server.close();
  }
});

Deno.test("the daily quota counts uploads started in 24 h, aborted ones too (429)", async () => {
  const server = await serveUploads({
    quotas: { videoQuota: -1, videoQuotaDaily: 20 * MIB, maxOpenUploads: 100 },
  });
  try {
    const { headers } = await bearerAccount(server);
    const first = await (await create(server, headers, 9 * MIB)).json();
    assert.equal((await create(server, headers, 9 * MIB)).status, 201);
    // Aborting does not hand the bytes back: otherwise start/abort could churn the disk forever.
    const del = await call(server, headers, `/api/v1/uploads/${first.uploadId}`, {
      method: "DELETE",
    });
    assert.equal(del.status, 204);
    const over = await create(server, headers, 9 * MIB);
    assert.equal(over.status, 429);
    const retryAfter = Number(over.headers.get("retry-after"));
    assert.ok(retryAfter > 23 * 3600 && retryAfter <= 24 * 3600, `Retry-After ${retryAfter}`);
    const { error } = await over.json();
    assert.equal(error.details.quota, "videoQuotaDaily");
    assert.equal(error.details.limit, 20 * MIB);
    assert.equal(error.details.used, 18 * MIB);
    assert.equal(error.details.requested, 9 * MIB);
    assert.equal((await create(server, headers, 2 * MIB)).status, 201, "what is left still fits");
  } finally {
    await server.close();
  }
});

Deno.test("admins override a user's quotas (-1 unlimited, null default); users read theirs", async () => {
  const server = await serveUploads({
    quotas: { videoQuota: 10 * MIB, videoQuotaDaily: -1, maxOpenUploads: 100 },
  });
  try {
    const admin = await bearerAccount(server, { role: "admin" });
    const user = await bearerAccount(server);
    assert.equal((await create(server, user.headers, 11 * MIB)).status, 413);
    const path = `/api/v1/users/${user.id}/quota`;
    assert.equal(
      (await call(server, user.headers, path, { method: "PATCH", json: { videoQuota: -1 } }))
        .status,
      403,
      "not for non-admins",
    );
    for (const bad of [{ videoQuota: -2 }, { videoQuota: 1.5 }, {}, { other: 1 }]) {
      const r = await call(server, admin.headers, path, { method: "PATCH", json: bad });
      assert.equal(r.status, 400, JSON.stringify(bad));
    }
    const set = await call(server, admin.headers, path, {
      method: "PATCH",
      json: { videoQuota: -1 },
    });
    assert.equal(set.status, 200);
    assert.equal((await set.json()).quota.videoQuota, -1);
    assert.equal((await create(server, user.headers, 11 * MIB)).status, 201);
    const mine = await (await call(server, user.headers, "/api/v1/users/me/quota")).json();
    assert.deepEqual(mine.quota, {
      videoQuota: -1,
      videoQuotaDaily: -1,
      maxOpenUploads: 100,
      used: 11 * MIB,
      usedDaily: 11 * MIB,
      openUploads: 1,
    });
    const reset = await call(server, admin.headers, path, {
      method: "PATCH",
      json: { videoQuota: null },
    });
    assert.equal((await reset.json()).quota.videoQuota, 10 * MIB);
    assert.equal((await create(server, user.headers, MIB)).status, 413);
  } finally {
    await server.close();
  }
});

Deno.test("local part PUTs are rate-limited per address (429 with Retry-After)", async () => {
  const server = await serveUploads({ rateLimits: { storageParts: 3 } });
  try {
    const { headers } = await bearerAccount(server);
    const ticket = await (await create(server, headers, 20 * MIB)).json();
    const url = ticket.parts[2].url; // the 4 MiB last part
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const r = await fetch(url, { method: "PUT", body: new Uint8Array(4 * MIB) });
      await r.body?.cancel();
      statuses.push(r.status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
  } finally {
    await server.close();
  }
});

Deno.test("a failed video whose source is still stored keeps counting against the quota", async () => {
  const server = await serveUploads({
    quotas: { videoQuota: 100 * MIB, videoQuotaDaily: -1, maxOpenUploads: 1000 },
  });
  try {
    const { id, headers } = await bearerAccount(server);
    const sql = server.services.db.sql;
    // As a dead transcode leaves it: failed, source kept (an admin may re-run it).
    await sql`insert into videos (owner_id, title, status, source_key, source_size)
      values (${id}, 'kept', 'failed', 'raw/kept/source', ${60 * MIB})`;
    // As a refused upload leaves it: failed, source deleted.
    await sql`insert into videos (owner_id, title, status, source_key, source_size)
      values (${id}, 'gone', 'failed', null, ${30 * MIB})`;
    const quota = await (await call(server, headers, "/api/v1/users/me/quota")).json();
    assert.equal(quota.quota.used, 60 * MIB);
    const refused = await create(server, headers, 50 * MIB);
    assert.equal(refused.status, 413);
    await refused.body?.cancel();
  } finally {
    await server.close();
  }
});
