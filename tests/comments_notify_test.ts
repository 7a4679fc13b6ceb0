/**
 * Who hears of a comment: the video's creator, the thread's author on a reply
 * (once, not twice when they are the creator), never the writer; a held
 * comment only once approved, and not the creator who approved it.
 */
import assert from "node:assert/strict";
import { communityApp, type Member } from "./_harness/community.ts";

async function comment(m: Member, videoId: string, body: string, parentId?: string) {
  const r = await m.client.request(`/api/v1/videos/${videoId}/comments`, {
    json: parentId ? { body, parentId } : { body },
  });
  assert.equal(r.status, 201, await r.clone().text());
  return (await r.json()).comment as { id: string; status: string };
}

Deno.test("comment notifications: creator and thread author, once each, never the writer", async () => {
  const t = await communityApp();
  try {
    const { videoId, author, other, creator, sql } = t;
    const told = async (m: Member) =>
      (await sql`select kind, subject_id, data->>'excerpt' as excerpt from notifications
        where user_id = ${m.id} order by id`).map((r) => [r.kind, r.subject_id, r.excerpt]);
    const top = await comment(author, videoId, "Lovely\n  light here");
    const reply = await comment(other, videoId, "Agreed!", top.id);
    const own = await comment(creator, videoId, "Thanks both", top.id);
    assert.deepEqual(await told(creator), [
      ["video_comment", top.id, "Lovely light here"],
      ["video_comment", reply.id, "Agreed!"],
    ]);
    assert.deepEqual(await told(author), [
      ["comment_reply", reply.id, "Agreed!"],
      ["comment_reply", own.id, "Thanks both"],
    ]);
    assert.deepEqual(await told(other), []);
    // The creator's own thread: a reply tells them once, as a reply.
    const mine = await comment(creator, videoId, "Questions welcome");
    const q = await comment(other, videoId, "What lens?", mine.id);
    const creatorKinds = (await told(creator)).filter((r) => r[1] === q.id).map((r) => r[0]);
    assert.deepEqual(creatorKinds, ["comment_reply"]);

    // Held for review: nobody hears until it is approved, then not the approver.
    const put = await creator.client.request(`/api/v1/videos/${videoId}/comment-settings`, {
      method: "PUT",
      json: { holdForReview: true },
    });
    assert.equal(put.status, 200, await put.clone().text());
    const before = (await told(author)).length;
    const held = await comment(other, videoId, "Buy cheap pills", top.id);
    assert.equal(held.status, "held");
    assert.equal((await told(author)).length, before, "not while held");
    const ok = await creator.client.request(`/api/v1/comments/${held.id}/approve`, { json: {} });
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.deepEqual((await told(author)).at(-1), ["comment_reply", held.id, "Buy cheap pills"]);
    assert.equal((await told(creator)).filter((r) => r[1] === held.id).length, 0);
  } finally {
    await t.services.close();
  }
});
