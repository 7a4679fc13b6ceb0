/**
 * Text the database would refuse (NUL, lone surrogates) and control or
 * bidi-override characters, sent one field at a time with every other field
 * valid, so that each reaches as deep as it can: always a 400 envelope,
 * never a 500, never stored.
 */
import assert from "node:assert/strict";
import { toErrorResponse } from "../middleware/error_handler.ts";
import { MIB } from "../lib/uploads/plan.ts";
import { bearerAccount, serveUploads } from "./_harness/uploads.ts";

const BAD = ["a\u0000b", "a\ud800b", "\u202egpj.exe", "a\u0007b"];

Deno.test("NUL, lone surrogates and control characters in upload and video fields are 400s", async () => {
  const server = await serveUploads({
    quotas: { videoQuota: -1, videoQuotaDaily: -1, maxOpenUploads: 1000 },
  });
  try {
    const { headers } = await bearerAccount(server);
    const send = (method: string, path: string, body: unknown) =>
      server.app.request(`${server.origin}${path}`, {
        method,
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const upload = { filename: "clip.mp4", size: 6 * MIB, mimeType: "video/mp4" };
    const created = await send("POST", "/api/v1/uploads", upload);
    assert.equal(created.status, 201);
    const { uploadId, videoId } = await created.json();

    for (const bad of BAD) {
      for (const field of ["filename", "title", "category", "description"]) {
        const r = await send("POST", "/api/v1/uploads", { ...upload, [field]: bad });
        assert.equal(r.status, 400, `create ${field} ${JSON.stringify(bad)}`);
        assert.equal((await r.json()).error.code, "invalid_input");
      }
      for (const field of ["title", "category", "description"]) {
        const r = await send("PATCH", `/api/v1/videos/${videoId}`, { [field]: bad });
        assert.equal(r.status, 400, `patch ${field} ${JSON.stringify(bad)}`);
        await r.body?.cancel();
      }
      const tags = await send("PATCH", `/api/v1/videos/${videoId}`, { tags: ["ok", bad] });
      assert.equal(tags.status, 400, `tags ${JSON.stringify(bad)}`);
      await tags.body?.cancel();
      const part = await send("POST", `/api/v1/uploads/${uploadId}/parts`, {
        partNumber: 1,
        size: 5 * MIB,
        etag: `"${bad}"`,
      });
      assert.equal(part.status, 400, `etag ${JSON.stringify(bad)}`);
      await part.body?.cancel();
    }
    const [{ count }] = await server.services.db.sql<{ count: number }[]>`
      select count(*)::int from videos where title <> 'clip'`;
    assert.equal(count, 0);
  } finally {
    await server.close();
  }
});

Deno.test("a value the database refuses is a 400 envelope even where no schema caught it", async () => {
  const server = await serveUploads();
  try {
    const err = await server.services.db.sql`select ${"a\u0000b"}::text`.catch((e) => e);
    const { status, body } = toErrorResponse(err);
    assert.equal(status, 400);
    assert.equal(body.error.code, "invalid_input");
  } finally {
    await server.close();
  }
});
