/** Followers are reminded before a scheduled stream starts (notification kind live_soon). */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { createStream, findStream, updateStream } from "../lib/live/streams.ts";
import { remindFollowers } from "../lib/live/reminders.ts";
import { startWorker } from "../workers/mod.ts";
import { TestClient } from "./_harness/client.ts";
import { signUp } from "./_harness/community.ts";
import { eventually } from "./_harness/live.ts";
import { openTestServices } from "./_harness/services.ts";

Deno.test("followers of a creator are reminded once before a public stream's scheduled start", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  const worker = await startWorker(s);
  try {
    const app = createApp(s);
    const creator = await signUp(new TestClient(app), sql, "creator");
    const fan = await signUp(new TestClient(app), sql);
    const stranger = await signUp(new TestClient(app), sql);
    await sql`insert into follows (follower_id, creator_id) values (${fan}, ${creator})`;
    const notes = () =>
      sql<{ userId: string; kind: string; title: string }[]>`
        select user_id as "userId", kind, data->>'title' as title from notifications
        where kind = 'live_soon'`;
    // Five minutes ahead: inside the reminder window, so the job runs at once.
    const at = new Date(Date.now() + 5 * 60_000);
    const { stream } = await createStream(sql, creator, { title: "Launch", scheduledAt: at });
    const told = await eventually("the reminder", async () => {
      const rows = await notes();
      return rows.length ? rows : undefined;
    });
    assert.deepEqual([...told], [{ userId: fan, kind: "live_soon", title: "Launch" }]);
    assert.ok(!told.some((n) => n.userId === stranger));
    // The job again, or a moved time's old reminder: nobody is told twice or wrongly.
    assert.equal(await remindFollowers(sql, stream.videoId, at), 0);
    const moved = new Date(at.getTime() + 60_000);
    await updateStream(sql, (await findStream(sql, stream.videoId))!, { scheduledAt: moved });
    assert.equal(await remindFollowers(sql, stream.videoId, at), 0, "the old time is not due");
    // A private stream reminds nobody.
    const hidden = await createStream(sql, creator, { title: "Secret", visibility: "private" });
    const when = new Date(Date.now() + 60_000);
    await updateStream(sql, hidden.stream, { scheduledAt: when });
    assert.equal(await remindFollowers(sql, hidden.stream.videoId, when), 0);
    assert.equal((await notes()).length, 1);
  } finally {
    await worker.stop();
    await s.close();
  }
});
