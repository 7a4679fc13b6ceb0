/** The upload protocol end to end, in local mode and in S3 mode (s3rver), driven by UploadSession. */
import assert from "node:assert/strict";
import { UploadSession } from "../islands/_upload_client.ts";
import { MIB } from "../lib/uploads/plan.ts";
import {
  bearerAccount,
  paddedClip,
  serveUploads,
  sha256,
  type UploadServer,
} from "./_harness/uploads.ts";

type Headers = Record<string, string>;

async function api(
  server: UploadServer,
  headers: Headers,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return await fetch(`${server.origin}${path}`, {
    method,
    headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

function asFile(bytes: Uint8Array<ArrayBuffer>, name = "clip.mp4", type = "video/mp4") {
  return new File([bytes], name, { type });
}

async function stored(
  server: UploadServer,
  videoId: string,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const obj = await server.services.storage.get(`raw/${videoId}/source`);
  return obj ? new Uint8Array(await new Response(obj.body).arrayBuffer()) : undefined;
}

async function putPart(url: string, bytes: Uint8Array<ArrayBuffer>): Promise<Response> {
  const r = await fetch(url, { method: "PUT", body: bytes });
  await r.body?.cancel();
  return r;
}

for (const mode of ["local", "s3"] as const) {
  Deno.test(`${mode} uploads: UploadSession sends a clip in parts; it becomes uploaded and queued`, async () => {
    const server = await serveUploads({ mode });
    try {
      const { headers } = await bearerAccount(server);
      const bytes = await paddedClip(`${server.services.dir}/clip.mp4`, 17 * MIB + 123);
      const reports: number[] = [];
      const session = new UploadSession(asFile(bytes), {
        apiBase: server.origin,
        headers,
        metadata: { title: "My clip", visibility: "unlisted" },
        onProgress: (p) => reports.push(p.sent),
      });
      const result = await session.run();
      assert.equal(result.status, "uploaded");
      assert.equal(reports.at(-1), bytes.length);
      const sql = server.services.db.sql;
      const [video] = await sql`
        select title, visibility, status, source_size, duration_s from videos where id = ${result.videoId}`;
      assert.equal(video.title, "My clip");
      assert.equal(video.visibility, "unlisted");
      assert.equal(video.status, "uploaded");
      assert.equal(video.source_size, bytes.length);
      assert.ok(video.duration_s > 1.5, "the probe's duration is recorded");
      const parts = await sql`
        select p.part_number, p.size from upload_parts p join uploads u on u.id = p.upload_id
        where u.video_id = ${result.videoId} order by p.part_number`;
      assert.deepEqual(parts.map((p) => p.size), [8 * MIB, 8 * MIB, MIB + 123]);
      const [job] = await sql`select status from transcode_jobs where video_id = ${result.videoId}`;
      assert.equal(job.status, "queued");
      assert.equal(await sha256((await stored(server, result.videoId))!), await sha256(bytes));
      // Completing again (a retried request) answers the status instead of failing.
      const again = await api(
        server,
        headers,
        "POST",
        `/api/v1/uploads/${session.uploadId}/complete`,
        {
          parts: [{ partNumber: 1, etag: "x" }],
        },
      );
      assert.equal(again.status, 200);
      assert.equal((await again.json()).status, "uploaded");
    } finally {
      await server.close();
    }
  });

  Deno.test(`${mode} uploads: resume after a partial upload and after a pause skips stored parts`, async () => {
    const server = await serveUploads({ mode });
    try {
      const { headers } = await bearerAccount(server);
      const bytes = await paddedClip(`${server.services.dir}/clip.mp4`, 20 * MIB);
      // A first session that stored part 1 and then went away (a closed tab).
      const created = await (await api(server, headers, "POST", "/api/v1/uploads", {
        filename: "clip.mp4",
        size: bytes.length,
        mimeType: "video/mp4",
      })).json();
      assert.equal(created.parts.length, 3);
      const put = await putPart(created.parts[0].url, bytes.slice(0, 8 * MIB));
      assert.equal(put.status, 200);
      const report = await api(
        server,
        headers,
        "POST",
        `/api/v1/uploads/${created.uploadId}/parts`,
        {
          partNumber: 1,
          size: 8 * MIB,
          etag: put.headers.get("etag"),
        },
      );
      assert.equal(report.status, 204);

      const resumed =
        await (await api(server, headers, "GET", `/api/v1/uploads/${created.uploadId}`))
          .json();
      assert.deepEqual(resumed.received.map((p: { partNumber: number }) => p.partNumber), [1]);
      assert.deepEqual(resumed.parts.map((p: { partNumber: number }) => p.partNumber), [2, 3]);

      const reports: number[] = [];
      let paused = false;
      const session = new UploadSession(asFile(bytes), {
        apiBase: server.origin,
        headers,
        resumeId: created.uploadId,
        concurrency: 1,
        onProgress: (p) => {
          reports.push(p.sent);
          if (p.sent >= 16 * MIB && !paused) {
            paused = true;
            session.pause();
          }
        },
      });
      await assert.rejects(session.run(), /paused/);
      assert.equal(reports[0], 8 * MIB, "the stored part counts from the start");
      assert.equal(session.uploadId, created.uploadId);
      const result = await session.run();
      assert.equal(result.status, "uploaded");
      assert.equal(result.videoId, created.videoId);
      assert.equal(await sha256((await stored(server, created.videoId))!), await sha256(bytes));
    } finally {
      await server.close();
    }
  });

  Deno.test(`${mode} uploads: a part reported with the wrong size is refused`, async () => {
    const server = await serveUploads({ mode });
    try {
      const { headers } = await bearerAccount(server);
      const created = await (await api(server, headers, "POST", "/api/v1/uploads", {
        filename: "a.mp4",
        size: 12 * MIB,
        mimeType: "video/mp4",
      })).json();
      assert.deepEqual(created.parts.map((p: { size: number }) => p.size), [8 * MIB, 4 * MIB]);
      const r = await api(server, headers, "POST", `/api/v1/uploads/${created.uploadId}/parts`, {
        partNumber: 2,
        size: 5 * MIB,
        etag: '"abc"',
      });
      assert.equal(r.status, 400);
      assert.match((await r.json()).error.message, /must be 4194304 bytes/);
      const none = await api(server, headers, "POST", `/api/v1/uploads/${created.uploadId}/parts`, {
        partNumber: 3,
        size: 1,
        etag: '"abc"',
      });
      assert.equal(none.status, 400);
      if (mode === "local") {
        // Local mode also refuses the bytes themselves: the URL is bound to the part's size.
        const short = await putPart(created.parts[1].url, new Uint8Array(MIB));
        assert.equal(short.status, 400);
      }
    } finally {
      await server.close();
    }
  });

  Deno.test(`${mode} uploads: a lying size is refused at completion`, async () => {
    const server = await serveUploads({ mode });
    try {
      const { headers } = await bearerAccount(server);
      const bytes = await paddedClip(`${server.services.dir}/clip.mp4`, 10 * MIB);
      const created = await (await api(server, headers, "POST", "/api/v1/uploads", {
        filename: "clip.mp4",
        size: bytes.length,
        mimeType: "video/mp4",
      })).json();
      const first = await putPart(created.parts[0].url, bytes.slice(0, 8 * MIB));
      await api(server, headers, "POST", `/api/v1/uploads/${created.uploadId}/parts`, {
        partNumber: 1,
        size: 8 * MIB,
        etag: first.headers.get("etag"),
      });
      // Part 2 is claimed at its full size, but only a fraction was sent (or, locally, nothing).
      let etag = '"0123456789abcdef0123456789abcdef"';
      if (mode === "s3") {
        const short = await putPart(created.parts[1].url, bytes.slice(8 * MIB, 8 * MIB + 1000));
        assert.equal(short.status, 200, "s3rver does not check the signed length");
        etag = short.headers.get("etag")!;
      }
      await api(server, headers, "POST", `/api/v1/uploads/${created.uploadId}/parts`, {
        partNumber: 2,
        size: bytes.length - 8 * MIB,
        etag,
      });
      const done = await api(
        server,
        headers,
        "POST",
        `/api/v1/uploads/${created.uploadId}/complete`,
        {
          parts: [
            { partNumber: 1, etag: first.headers.get("etag") },
            { partNumber: 2, etag },
          ],
        },
      );
      assert.equal(done.status, 409);
      const sql = server.services.db.sql;
      const [video] =
        await sql`select status, status_reason from videos where id = ${created.videoId}`;
      if (mode === "s3") {
        assert.match((await done.json()).error.message, /stored file is 8389608 bytes/);
        assert.equal(video.status, "failed");
        assert.match(video.status_reason, /were declared/);
      } else {
        assert.match((await done.json()).error.message, /Part 2 is missing/);
        assert.equal(video.status, "uploading", "nothing was assembled");
      }
      assert.equal(await stored(server, created.videoId), undefined);
    } finally {
      await server.close();
    }
  });

  Deno.test(`${mode} uploads: non-video content ends failed with a readable reason, bytes deleted`, async () => {
    const server = await serveUploads({ mode });
    try {
      const { headers } = await bearerAccount(server);
      const text = new TextEncoder().encode("This is not a video at all.\n".repeat(500));
      const session = new UploadSession(asFile(text, "notes.mp4"), {
        apiBase: server.origin,
        headers,
      });
      const result = await session.run();
      assert.equal(result.status, "failed");
      assert.match(result.reason!, /not a video/);
      assert.equal(await stored(server, result.videoId), undefined);
      const r = await api(server, headers, "GET", `/api/v1/videos/${result.videoId}`);
      const { video } = await r.json();
      assert.equal(video.status, "failed");
      assert.equal(video.error, result.reason);
      const jobs = await server.services.db.sql`
        select 1 from transcode_jobs where video_id = ${result.videoId}`;
      assert.equal(jobs.length, 0, "nothing is queued");
    } finally {
      await server.close();
    }
  });

  Deno.test(`${mode} uploads: abort deletes the stored parts and the rows`, async () => {
    const server = await serveUploads({ mode });
    try {
      const { headers } = await bearerAccount(server);
      const bytes = await paddedClip(`${server.services.dir}/clip.mp4`, 9 * MIB);
      const created = await (await api(server, headers, "POST", "/api/v1/uploads", {
        filename: "clip.mp4",
        size: bytes.length,
        mimeType: "video/mp4",
      })).json();
      const put = await putPart(created.parts[0].url, bytes.slice(0, 8 * MIB));
      await api(server, headers, "POST", `/api/v1/uploads/${created.uploadId}/parts`, {
        partNumber: 1,
        size: 8 * MIB,
        etag: put.headers.get("etag"),
      });
      const del = await api(server, headers, "DELETE", `/api/v1/uploads/${created.uploadId}`);
      assert.equal(del.status, 204);
      assert.equal(
        (await api(server, headers, "GET", `/api/v1/uploads/${created.uploadId}`)).status,
        404,
      );
      const sql = server.services.db.sql;
      assert.equal((await sql`select 1 from videos where id = ${created.videoId}`).length, 0);
      assert.equal((await sql`select 1 from upload_parts`).length, 0);
      if (mode === "local") {
        const dir = `${server.services.dir}/objects/.multipart`;
        assert.deepEqual(await Array.fromAsync(Deno.readDir(dir)), []);
      }
    } finally {
      await server.close();
    }
  });
}
