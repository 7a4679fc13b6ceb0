/** Comments on embedded PGlite (the default database): migration 0014's count trigger works there too. */
import assert from "node:assert/strict";
import { openDatabase } from "../lib/db/mod.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../lib/db/migrate.ts";
import { addUser, addVideo } from "./_harness/search_catalog.ts";

Deno.test("comments on PGlite: the trigger keeps comment_count and reply_count", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vf-pglite-comments-" });
  const db = await openDatabase({ poolSize: 5, dataDir: dir });
  try {
    const sql = db.sql;
    await migrate(sql, await readMigrations(MIGRATIONS_DIR));
    const owner = await addUser(sql, "Owner");
    const videoId = await addVideo(sql, owner, { title: "V" });
    const count = async () =>
      (await sql<{ n: number }[]>`select comment_count as n from videos where id = ${videoId}`)[0]
        .n;
    const [t] = await sql<{ id: string }[]>`
      insert into comments (video_id, author_id, body) values (${videoId}, ${owner}, 'T')
      returning id`;
    await sql`insert into comments (video_id, author_id, parent_id, body)
      values (${videoId}, ${owner}, ${t.id}, 'R1'), (${videoId}, ${owner}, ${t.id}, 'R2')`;
    assert.equal(await count(), 3);
    const [{ replies }] = await sql<{ replies: number }[]>`
      select reply_count as replies from comments where id = ${t.id}`;
    assert.equal(replies, 2);
    await sql`update comments set status = 'held' where id = ${t.id}`;
    assert.equal(await count(), 0);
    await sql`update comments set status = 'visible' where id = ${t.id}`;
    assert.equal(await count(), 3);
    await sql`delete from comments where id = ${t.id}`;
    assert.equal(await count(), 0);
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});
