/** Comments: threads and "n replies", sort, pagination, pinning and counts. */
import assert from "node:assert/strict";
import { communityApp, type Member } from "./_harness/community.ts";
import type { TestClient } from "./_harness/client.ts";

type C = { id: string; body: string; parentId: string | null; replyCount: number; status: string };

async function comment(m: Member, videoId: string, body: string, parentId?: string): Promise<C> {
  const r = await m.client.request(`/api/v1/videos/${videoId}/comments`, {
    json: parentId ? { body, parentId } : { body },
  });
  assert.equal(r.status, 201, await r.clone().text());
  return (await r.json()).comment;
}

async function list(client: TestClient, path: string) {
  const r = await client.request(path);
  assert.equal(r.status, 200, await r.clone().text());
  return await r.json();
}

Deno.test("comments: replies attach to the thread, show as n replies, oldest first", async () => {
  const t = await communityApp();
  try {
    const { videoId, author, other, creator, anon } = t;
    const top = await comment(author, videoId, "Top");
    const r1 = await comment(other, videoId, "Reply one", top.id);
    assert.equal(r1.parentId, top.id);
    // A reply to a reply joins the same thread, one level deep.
    const r2 = await comment(creator, videoId, "Reply two", r1.id);
    assert.equal(r2.parentId, top.id);
    const page = await list(anon, `/api/v1/videos/${videoId}/comments`);
    assert.deepEqual(page.comments.map((c: C) => c.id), [top.id], "replies are not threads");
    assert.equal(page.comments[0].replyCount, 2);
    assert.equal(page.count, 3);
    const replies = await list(anon, `/api/v1/comments/${top.id}/replies`);
    assert.deepEqual(replies.replies.map((c: C) => c.body), ["Reply one", "Reply two"]);
    // The watch page renders the thread and its "2 replies" without JavaScript.
    const html = await (await anon.request(`/v/${videoId}`)).text();
    assert.match(html, /3 comments/);
    assert.match(html, /2 replies/);
    assert.match(html, /href="\/signin\?next=/, "anonymous is invited to sign in");
    // Another video's comment is not a parent here.
    const [{ id: v2 }] = await t.sql<{ id: string }[]>`
      insert into videos (owner_id, title, visibility, status, playable_at)
      values (${creator.id}, 'Two', 'public', 'ready', now()) returning id`;
    const wrong = await author.client.request(`/api/v1/videos/${v2}/comments`, {
      json: { body: "x", parentId: top.id },
    });
    assert.equal(wrong.status, 409);
  } finally {
    await t.services.close();
  }
});

Deno.test("comments: newest and top sorts, cursor pages without gaps or repeats, pinned first", async () => {
  const t = await communityApp({ rateLimits: { comments: 1000 } });
  try {
    const { videoId, author, other, creator, anon, sql } = t;
    const made: C[] = [];
    for (let i = 0; i < 45; i++) made.push(await comment(author, videoId, `c${i}`));
    // Distinct times so that "newest" has one right answer.
    await sql`update comments set created_at = created_at + (substr(body, 2)::int * interval '1 s')
      where parent_id is null`;
    for (let i = 0; i < 3; i++) await comment(other, videoId, `r${i}`, made[10].id);
    await comment(other, videoId, "r", made[20].id);

    const walk = async (sort: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const page = await list(anon, `/api/v1/videos/${videoId}/comments?sort=${sort}${q}`);
        assert.ok(page.comments.length <= 20);
        seen.push(...page.comments.map((c: C) => c.body));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const newest = await walk("newest");
    assert.equal(newest.length, 45);
    assert.deepEqual(newest, Array.from({ length: 45 }, (_, i) => `c${44 - i}`));
    const top = await walk("top");
    assert.equal(new Set(top).size, 45);
    assert.deepEqual(top.slice(0, 3), ["c10", "c20", "c44"]);

    // Pinned: first, on the first page only, and not repeated in the list.
    const pin = await creator.client.request(`/api/v1/comments/${made[3].id}/pin`, { json: {} });
    assert.equal(pin.status, 200);
    const first = await list(anon, `/api/v1/videos/${videoId}/comments`);
    assert.equal(first.pinned.body, "c3");
    const all = await walk("newest");
    assert.ok(!all.includes("c3"));
    const second = await list(
      anon,
      `/api/v1/videos/${videoId}/comments?cursor=${encodeURIComponent(first.nextCursor)}`,
    );
    assert.equal(second.pinned, null);
    // Pinning another moves the pin; a reply cannot be pinned.
    await creator.client.request(`/api/v1/comments/${made[4].id}/pin`, { json: {} });
    assert.equal((await list(anon, `/api/v1/videos/${videoId}/comments`)).pinned.body, "c4");
    const [reply] = await sql<{ id: string }[]>`select id from comments where body = 'r'`;
    const rp = await creator.client.request(`/api/v1/comments/${reply.id}/pin`, { json: {} });
    assert.equal(rp.status, 409);

    // Hostile cursors and sorts are a 400, not a 500.
    for (const q of ["cursor=%27;drop", "cursor=" + btoa("top|1|x|y"), "sort=oldest"]) {
      const r = await anon.request(`/api/v1/videos/${videoId}/comments?${q}`);
      assert.equal(r.status, 400, q);
    }
    const wrongSort = encodeURIComponent(first.nextCursor);
    const r = await anon.request(`/api/v1/videos/${videoId}/comments?sort=top&cursor=${wrongSort}`);
    assert.equal(r.status, 400);
  } finally {
    await t.services.close();
  }
});

Deno.test("comments: counts stay right through delete, hold, approve, edit, and user or video deletion", async () => {
  const t = await communityApp({ rateLimits: { comments: 1000 } });
  try {
    const { videoId, author, other, creator, admin, anon, sql } = t;
    const count = async () => {
      const [v] = await sql<
        { n: number }[]
      >`select comment_count as n from videos where id = ${videoId}`;
      const page = await list(anon, `/api/v1/videos/${videoId}/comments`);
      assert.equal(page.count, v.n);
      return v.n;
    };
    const a = await comment(author, videoId, "A");
    const b = await comment(other, videoId, "B");
    await comment(other, videoId, "A1", a.id);
    await comment(author, videoId, "B1", b.id);
    await comment(creator, videoId, "B2", b.id);
    assert.equal(await count(), 5);

    // Deleting a thread removes its replies from the count.
    await author.client.request(`/api/v1/comments/${a.id}`, { method: "DELETE" });
    assert.equal(await count(), 3);

    // Held comments do not count until approved.
    await creator.client.request(`/api/v1/videos/${videoId}/comment-settings`, {
      method: "PUT",
      json: { holdForReview: true },
    });
    const h = await comment(author, videoId, "H");
    const hr = await comment(other, videoId, "B3", b.id);
    assert.equal(h.status, "held");
    assert.equal(hr.status, "held");
    assert.equal(await count(), 3);
    const replyToHeld = (m: Member) =>
      m.client.request(`/api/v1/videos/${videoId}/comments`, {
        json: { body: "x", parentId: h.id },
      });
    assert.equal((await replyToHeld(other)).status, 404, "others do not see it");
    assert.equal((await replyToHeld(creator)).status, 409, "a held thread takes no replies yet");
    await creator.client.request(`/api/v1/comments/${h.id}/approve`, { method: "POST" });
    await creator.client.request(`/api/v1/comments/${hr.id}/approve`, { method: "POST" });
    assert.equal(await count(), 5);
    const bNow = (await list(anon, `/api/v1/videos/${videoId}/comments`)).comments
      .find((c: C) => c.id === b.id);
    assert.equal(bNow.replyCount, 3);

    // An edit that brings in a blocked word sends the thread back to review, replies and all.
    await admin.client.request("/api/v1/admin/blocked-words", {
      method: "PUT",
      json: { words: ["spamword"] },
    });
    await other.client.request(`/api/v1/comments/${b.id}`, {
      method: "PATCH",
      json: { body: "now with SPAMWORD" },
    });
    assert.equal(await count(), 1, "only H is left visible");
    await creator.client.request(`/api/v1/comments/${b.id}/approve`, { method: "POST" });
    assert.equal(await count(), 5);

    // Deleting a user removes their comments and replies under their threads.
    await sql`delete from users where id = ${other.id}`;
    // Left: H (author), and nothing of B's thread.
    assert.equal(await count(), 1);
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from comments where video_id = ${videoId}`;
    assert.equal(n, 1);
    // Deleting the video removes its comments.
    await sql`delete from videos where id = ${videoId}`;
    const [{ left }] = await sql<{ left: number }[]>`select count(*)::int as left from comments`;
    assert.equal(left, 0);
  } finally {
    await t.services.close();
  }
});
