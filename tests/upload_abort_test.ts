/** Aborting an upload claims it first, so it cannot race a completion. */
import assert from "node:assert/strict";
import { ConflictError } from "../lib/errors.ts";
import { abortUpload } from "../lib/uploads/abort.ts";
import { createUpload } from "../lib/uploads/create.ts";
import { loadUpload } from "../lib/uploads/parts.ts";
import { openTestServices } from "./_harness/services.ts";

Deno.test("abortUpload() refuses an upload that a completion has already claimed, and a second abort", async () => {
  const s = await openTestServices();
  try {
    const sql = s.db.sql;
    const [u] = await sql`insert into users (email, password_hash, display_name)
      values ('c@x.test', 'x', 'C') returning id`;
    const deps = { sql, storage: s.storage };
    const start = (name: string) =>
      createUpload(deps, {
        ownerId: u.id,
        filename: `${name}.mp4`,
        size: 1000,
        mimeType: "video/mp4",
        maxBytes: 10_000,
        urlTtl: 60,
        quotas: s.config.quotas,
      });
    const a = await start("a");
    const stale = await loadUpload(sql, { uploadId: a.uploadId, ownerId: u.id });
    // A completion claims it (pending → completed) after the abort read the row.
    await sql`update uploads set status = 'completed' where id = ${a.uploadId}`;
    await assert.rejects(() => abortUpload(deps, stale), ConflictError);
    const [video] = await sql`select id from videos where id = ${a.videoId}`;
    assert.ok(video, "the video of a completing upload is kept");

    const b = await start("b");
    const row = await loadUpload(sql, { uploadId: b.uploadId, ownerId: u.id });
    await abortUpload(deps, row);
    await assert.rejects(() => abortUpload(deps, row), ConflictError);
    assert.equal((await sql`select id from uploads where id = ${b.uploadId}`).length, 0);
    assert.equal((await sql`select id from videos where id = ${b.videoId}`).length, 0);
  } finally {
    await s.close();
  }
});
