/**
 * "A creator you follow posted a video": a job, queued where the video is
 * published, tells 1,001 followers in batches, honours each one's
 * preferences, never tells anyone twice, and stays silent for a video that is
 * not public. A moderator's decision reaches the creator.
 */
import assert from "node:assert/strict";
import { announceVideo } from "../lib/notifications/fanout.ts";
import { markReady } from "../lib/videos/processing.ts";
import { updateVideoMetadata } from "../lib/videos/metadata.ts";
import { approveVideo, rejectVideo } from "../lib/moderation/review.ts";
import { startWorker } from "../workers/mod.ts";
import { openTestServices } from "./_harness/services.ts";

type Services = Awaited<ReturnType<typeof openTestServices>>;

async function creatorWithFollowers(s: Services, followers: number) {
  const sql = s.db.sql;
  const [creator] = await sql<
    { id: string }[]
  >`insert into users (email, password_hash, display_name)
    values (${`c-${crypto.randomUUID()}@example.com`}, 'x', 'Cleo') returning id`;
  const fans = await sql<{ id: string }[]>`
    insert into users (email, password_hash, display_name)
    select 'f' || g || '-' || gen_random_uuid() || '@example.com', 'x', 'Fan ' || g
    from generate_series(1, ${followers}) g returning id`;
  await sql`insert into follows (follower_id, creator_id)
    select id, ${creator.id} from users where id = any(${fans.map((f) => f.id)}::uuid[])`;
  return { creatorId: creator.id, fans: fans.map((f) => f.id) };
}

async function processingVideo(s: Services, ownerId: string, visibility = "public") {
  const [v] = await s.db.sql<{ id: string }[]>`
    insert into videos (owner_id, title, status, visibility, playable_at)
    values (${ownerId}, 'Fresh clip', 'processing', ${visibility}, now()) returning id`;
  return v.id;
}

async function waitForJobs(s: Services, kind: string) {
  for (let i = 0; i < 300; i++) {
    const [r] = await s.db.sql<{ open: number; done: number }[]>`
      select count(*) filter (where state in ('ready', 'running'))::int as open,
             count(*) filter (where state = 'succeeded')::int as done
      from jobs where kind = ${kind}`;
    if (r.open === 0 && r.done > 0) return r.done;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`${kind} jobs did not finish`);
}

Deno.test("a published video reaches 1,001 followers through a job, as each one's preferences say, once", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  try {
    const { creatorId, fans } = await creatorWithFollowers(s, 1001);
    // One fan turned the kind off, one wants it by email only.
    await sql`insert into notification_prefs (user_id, kind, in_app, email) values
      (${fans[0]}, 'new_video', false, false), (${fans[1]}, 'new_video', false, true)`;
    const videoId = await processingVideo(s, creatorId);
    await markReady(sql, { videoId, jobId: crypto.randomUUID() }, {});
    const [queued] = await sql`select count(*)::int as n from jobs
      where kind = 'announce_video' and payload->>'videoId' = ${videoId}`;
    assert.equal(queued.n, 1, "publishing queues one announcement, nothing is sent in-line");
    assert.equal((await sql`select 1 from notifications where kind = 'new_video'`).length, 0);
    const worker = await startWorker(s, { concurrency: 1 });
    try {
      await waitForJobs(s, "announce_video");
    } finally {
      await worker.stop();
    }
    const [counts] = await sql`select count(*)::int as total,
        count(*) filter (where in_app)::int as in_app,
        count(*) filter (where email and not in_app)::int as email_only,
        count(distinct user_id)::int as people
      from notifications where kind = 'new_video' and video_id = ${videoId}`;
    assert.deepEqual(counts, { total: 1000, in_app: 999, email_only: 1, people: 1000 });
    const [off] = await sql`select count(*)::int as n from notifications where user_id = ${
      fans[0]
    }`;
    assert.equal(off.n, 0);
    // Run again (a retry, a re-publish): nobody is told twice.
    assert.equal(await announceVideo(sql, videoId), 0);
    const [again] =
      await sql`select count(*)::int as n from notifications where kind = 'new_video'`;
    assert.equal(again.n, 1000);
    const [row] = await sql`select data, actor_id from notifications where user_id = ${fans[2]}`;
    assert.deepEqual([row.data, row.actor_id], [{ title: "Fresh clip" }, creatorId]);
  } finally {
    await s.close();
  }
});

Deno.test("an unlisted or private video tells no follower; made public later, it does", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  try {
    const { creatorId } = await creatorWithFollowers(s, 3);
    const videoId = await processingVideo(s, creatorId, "unlisted");
    await markReady(sql, { videoId, jobId: crypto.randomUUID() }, {});
    assert.equal(await announceVideo(sql, videoId), 0);
    await updateVideoMetadata(sql, { videoId, patch: { visibility: "public" } });
    const [queued] = await sql`select count(*)::int as n from jobs
      where kind = 'announce_video' and payload->>'videoId' = ${videoId} and state = 'ready'`;
    assert.equal(queued.n, 1);
    assert.equal(await announceVideo(sql, videoId), 3);
  } finally {
    await s.close();
  }
});

Deno.test("a moderator's approval and rejection reach the creator", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  try {
    const { creatorId } = await creatorWithFollowers(s, 1);
    const [mod] = await sql<{ id: string }[]>`insert into users (email, password_hash,
      display_name, role) values ('mod@example.com', 'x', 'Mo', 'moderator') returning id`;
    const actor = { id: mod.id, name: "Mo", ip: "127.0.0.1", requestId: "r1" };
    const a = await processingVideo(s, creatorId);
    const b = await processingVideo(s, creatorId);
    await sql`update videos set status = 'in_review' where id in (${a}, ${b})`;
    await approveVideo(sql, a, actor);
    await rejectVideo({ sql, storage: s.storage }, b, {
      actor,
      reason: "Contains spam links",
      deleteFiles: false,
    });
    const rows = await sql`select video_id, data from notifications
      where user_id = ${creatorId} and kind = 'moderation_decision' order by id`;
    assert.deepEqual(rows.map((r) => [r.video_id, r.data.decision, r.data.reason]), [
      [a, "approve", undefined],
      [b, "reject", "Contains spam links"],
    ]);
    const [announced] = await sql`select count(*)::int as n from jobs
      where kind = 'announce_video' and payload->>'videoId' = ${a}`;
    assert.equal(announced.n, 1, "an approved video is announced to followers");
  } finally {
    await s.close();
  }
});
