import assert from "node:assert/strict";
import { openDatabase } from "../lib/db/mod.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../lib/db/migrate.ts";
import { relatedVideos } from "../lib/videos/related.ts";
import { logView, pruneViewLog, viewerHash } from "../lib/videos/view_log.ts";
import { issueViewToken, recordView } from "../lib/videos/views.ts";
import { addUser, addVideo } from "./_harness/search_catalog.ts";

// Any key does for the log itself; the counted-view test uses the services' secret.
const SECRET = "log-secret";
import { openTestServices } from "./_harness/services.ts";

Deno.test("related videos: shared tags and co-viewers rank above unrelated ones; hidden never appear", async () => {
  const services = await openTestServices();
  try {
    const sql = services.db.sql;
    const ana = await addUser(sql, "Ana");
    const bo = await addUser(sql, "Bo");
    const src = await addVideo(sql, ana, {
      title: "Sourdough bread at home",
      tags: ["baking", "bread"],
      category: "food",
    });
    const twoTags = await addVideo(sql, bo, {
      title: "Rye loaf",
      tags: ["baking", "bread"],
      category: "food",
    });
    const oneTag = await addVideo(sql, bo, { title: "Cookies", tags: ["baking"] });
    const coViewed = await addVideo(sql, bo, { title: "Knife sharpening", tags: ["tools"] });
    const sameCategory = await addVideo(sql, bo, { title: "Soup", category: "food" });
    const unrelated = await addVideo(sql, bo, {
      title: "Car engine repair",
      tags: ["cars"],
      viewCount: 1_000_000,
    });
    const privateTwin = await addVideo(sql, bo, {
      title: "Sourdough bread at home 2",
      tags: ["baking", "bread"],
      category: "food",
      visibility: "private",
    });
    const unlistedTwin = await addVideo(sql, bo, {
      title: "Sourdough bread at home 3",
      tags: ["baking", "bread"],
      visibility: "unlisted",
    });
    const unplayable = await addVideo(sql, bo, {
      title: "Sourdough bread again",
      tags: ["baking", "bread"],
      playable: false,
    });
    // Three viewers watched the source and the knife video; one also a private and the unrelated one.
    for (const viewer of ["u:1", "u:2", "a:3"]) {
      await logView(sql, { videoId: src, viewerKey: viewer, secret: SECRET });
      await logView(sql, { videoId: coViewed, viewerKey: viewer, secret: SECRET });
      await logView(sql, { videoId: privateTwin, viewerKey: viewer, secret: SECRET });
    }
    await logView(sql, { videoId: unrelated, viewerKey: "u:1", secret: SECRET });

    const ids = (await relatedVideos(sql, src, { limit: 20 })).map((v) => v.id);
    for (const hidden of [privateTwin, unlistedTwin, unplayable, src]) {
      assert.ok(!ids.includes(hidden), `hidden or self ${hidden} must not appear`);
    }
    const rank = (id: string) => {
      const i = ids.indexOf(id);
      assert.ok(i >= 0, `${id} expected among related`);
      return i;
    };
    assert.ok(rank(twoTags) < rank(oneTag), "two shared tags above one");
    assert.ok(rank(oneTag) < rank(unrelated), "a shared tag above an unrelated, popular video");
    assert.ok(rank(coViewed) < rank(unrelated), "watched by 3 co-viewers above 1");
    assert.ok(rank(sameCategory) < rank(unrelated), "same category above unrelated");
    assert.equal(ids[0], twoTags);

    // The limit is honoured.
    assert.equal((await relatedVideos(sql, src, { limit: 2 })).length, 2);
  } finally {
    await services.close();
  }
});

Deno.test("pruneViewLog() drops old rows and all but a viewer's newest", async () => {
  const services = await openTestServices();
  try {
    const sql = services.db.sql;
    const owner = await addUser(sql, "Cy");
    const vids = [];
    for (let i = 0; i < 4; i++) vids.push(await addVideo(sql, owner, { title: `V${i}` }));
    const now = new Date("2030-01-01T00:00:00Z");
    const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
    await logView(sql, { videoId: vids[0], viewerKey: "u:a", secret: SECRET, at: ago(100) });
    await logView(sql, { videoId: vids[1], viewerKey: "u:a", secret: SECRET, at: ago(3) });
    await logView(sql, { videoId: vids[2], viewerKey: "u:a", secret: SECRET, at: ago(2) });
    await logView(sql, { videoId: vids[3], viewerKey: "u:a", secret: SECRET, at: ago(1) });
    await logView(sql, { videoId: vids[1], viewerKey: "u:b", secret: SECRET, at: ago(5) });
    // A repeat view moves the row rather than adding one.
    await logView(sql, { videoId: vids[1], viewerKey: "u:b", secret: SECRET, at: ago(4) });
    const removed = await pruneViewLog(sql, { now, perViewer: 2 });
    assert.equal(removed, 2);
    const left = await sql<{ video_id: string }[]>`select video_id from view_log order by at`;
    assert.deepEqual(left.map((r) => r.video_id), [vids[1], vids[2], vids[3]]);
  } finally {
    await services.close();
  }
});

Deno.test("a counted view lands in the co-viewing log, hashed; a refused one does not", async () => {
  const services = await openTestServices();
  try {
    const sql = services.db.sql;
    const owner = await addUser(sql, "Di");
    const videoId = await addVideo(sql, owner, { title: "Logged" });
    const deps = { sql, kv: services.kv, secret: services.secret };
    const t0 = 1_800_000_000;
    const token = issueViewToken(services.secret, { videoId, viewerKey: "u:x", now: t0 });
    assert.equal(
      await recordView(deps, { videoId, viewerKey: "u:x", network: "n", token, now: t0 + 1 }),
      "too-early",
    );
    assert.equal((await sql`select 1 from view_log`).length, 0);
    assert.equal(
      await recordView(deps, { videoId, viewerKey: "u:x", network: "n", token, now: t0 + 6 }),
      "counted",
    );
    const rows = await sql<{ viewer_hash: Uint8Array; video_id: string }[]>`
      select viewer_hash, video_id from view_log`;
    assert.equal(rows.length, 1);
    assert.equal(rows[0].video_id, videoId);
    assert.deepEqual(
      new Uint8Array(rows[0].viewer_hash),
      viewerHash("u:x", { secret: services.secret }),
    );
  } finally {
    await services.close();
  }
});

Deno.test("related videos and the co-viewing log work on embedded PGlite too", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vf-pglite-related-" });
  const db = await openDatabase({ poolSize: 1, dataDir: dir });
  try {
    await migrate(db.sql, await readMigrations(MIGRATIONS_DIR));
    const u = await addUser(db.sql, "Eve");
    const src = await addVideo(db.sql, u, { title: "Latte art basics", tags: ["coffee"] });
    const near = await addVideo(db.sql, u, { title: "Latte art advanced", tags: ["coffee"] });
    const co = await addVideo(db.sql, u, { title: "Something else" });
    await logView(db.sql, { videoId: src, viewerKey: "u:1", secret: SECRET });
    await logView(db.sql, { videoId: co, viewerKey: "u:1", secret: SECRET });
    const ids = (await relatedVideos(db.sql, src, { limit: 5 })).map((v) => v.id);
    assert.deepEqual(ids, [near, co]);
    assert.equal(await pruneViewLog(db.sql, { perViewer: 1 }), 1);
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
