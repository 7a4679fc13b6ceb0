import assert from "node:assert/strict";
import { issueViewToken, recordView } from "../lib/videos/views.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";
import { openTestServices } from "./_harness/services.ts";

Deno.test("recordView() counts one view per viewer after a few seconds of playback", async () => {
  const services = await openTestServices();
  try {
    const { videoId } = await seedVideoWithMedia(services, { visibility: "public" });
    const deps = { sql: services.db.sql, kv: services.kv, secret: services.secret };
    const t0 = 1_800_000_000;
    const token = issueViewToken(services.secret, { videoId, viewerKey: "u1", now: t0 });
    assert.equal(
      await recordView(deps, { videoId, viewerKey: "u1", token, now: t0 + 1 }),
      "too-early",
    );
    assert.equal(
      await recordView(deps, { videoId, viewerKey: "u1", token, now: t0 + 6 }),
      "counted",
    );
    assert.equal(
      await recordView(deps, { videoId, viewerKey: "u1", token, now: t0 + 60 }),
      "duplicate",
    );
    const other = issueViewToken(services.secret, { videoId, viewerKey: "u2", now: t0 });
    assert.equal(
      await recordView(deps, { videoId, viewerKey: "u2", token: other, now: t0 + 10 }),
      "counted",
    );
    // A token is bound to its viewer and video, and forged ones count nothing.
    assert.equal(
      await recordView(deps, { videoId, viewerKey: "u3", token: other, now: t0 + 10 }),
      "invalid",
    );
    assert.equal(
      await recordView(deps, { videoId, viewerKey: "u3", token: "123.abc", now: t0 + 10 }),
      "invalid",
    );
    const [{ n }] = await services.db.sql<
      { n: number }[]
    >`select view_count as n from videos where id = ${videoId}`;
    assert.equal(n, 2);
  } finally {
    await services.close();
  }
});
