import assert from "node:assert/strict";
import { NotFoundError } from "../errors.ts";
import { openTestServices } from "../../tests/_harness/services.ts";
import { listedVideo, tokenUser } from "../../tests/_harness/social_users.ts";
import { follow } from "./follows.ts";
import { react } from "./reactions.ts";

Deno.test("a like or follow from an account deleted a moment before is a NotFound, not a database error", async () => {
  const services = await openTestServices();
  try {
    const sql = services.db.sql;
    const deps = { sql, authSecret: services.authSecret };
    const owner = await tokenUser(deps);
    const gone = await tokenUser(deps);
    const video = await listedVideo(sql, owner.id);
    // Signed in when the request began; the account is deleted before the write.
    await sql`delete from users where id = ${gone.id}`;
    const viewer = { id: gone.id, role: "creator" as const };
    await assert.rejects(react(sql, { videoId: video, viewer, reaction: "like" }), NotFoundError);
    await assert.rejects(follow(sql, { creatorId: owner.id, viewer }), NotFoundError);
    const [{ likes }] = await sql<{ likes: number }[]>`
      select like_count as likes from videos where id = ${video}`;
    assert.equal(likes, 0);
  } finally {
    await services.close();
  }
});
