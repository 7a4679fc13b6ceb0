import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { listPublicVideos } from "../lib/videos/browse.ts";
import { isListed, LISTED_STATES, STATE, VIDEO_STATES } from "../lib/videos/lifecycle.ts";
import { openTestServices } from "./_harness/services.ts";

Deno.test("listPublicVideos() pages newest first with a cursor, per creator too", async () => {
  const services = await openTestServices();
  try {
    const sql = services.db.sql;
    const [a] =
      await sql`insert into users (email, password_hash, display_name) values ('a@x.test', 'x', 'A') returning id`;
    const [b] =
      await sql`insert into users (email, password_hash, display_name) values ('b@x.test', 'x', 'B') returning id`;
    for (let i = 0; i < 5; i++) {
      await sql`insert into videos (owner_id, title, visibility, status, playable_at, published_at, poster_key)
        values (${i % 2 ? b.id : a.id}, ${`v${i}`}, 'public', 'ready', now(),
                now() - ${`${i} minutes`}::interval, null)`;
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listPublicVideos(sql, { limit: 2, cursor });
      assert.ok(page.videos.length <= 2);
      seen.push(...page.videos.map((v) => v.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual(seen, ["v0", "v1", "v2", "v3", "v4"]);
    const ofB = await listPublicVideos(sql, { limit: 10, ownerId: b.id });
    assert.deepEqual(ofB.videos.map((v) => v.title), ["v1", "v3"]);
    assert.equal(ofB.nextCursor, null);

    const app = createApp(services);
    const bad = await app.request("/?cursor=garbage");
    assert.equal(bad.status, 400);
    const profile = await (await app.request(`/u/${b.id}`)).text();
    // As whole titles: "v0" alone also turns up in random tokens (the page's CSRF meta).
    assert.match(profile, />v1</);
    assert.doesNotMatch(profile, />v0</);
  } finally {
    await services.close();
  }
});

Deno.test("the catalogue lists what the lifecycle lists: not a video in review, scheduled, failed or rejected", async () => {
  const services = await openTestServices();
  try {
    const sql = services.db.sql;
    const [a] =
      await sql`insert into users (email, password_hash, display_name) values ('a@x.test', 'x', 'A') returning id`;
    for (const state of VIDEO_STATES) {
      await sql`insert into videos (owner_id, title, visibility, status, playable_at)
        values (${a.id}, ${state}, 'public', ${state}, now())`;
    }
    const page = await listPublicVideos(sql, { limit: 50 });
    assert.deepEqual(
      page.videos.map((v) => v.title).sort(),
      VIDEO_STATES.filter((s) => isListed(s)).sort(),
    );
    assert.deepEqual([...LISTED_STATES].sort(), [STATE.processing, STATE.published, STATE.ready]);
  } finally {
    await services.close();
  }
});
