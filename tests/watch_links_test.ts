/** The watch page links its tags to /tags/:tag and its category to /c/:slug. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { openTestServices } from "./_harness/services.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";

Deno.test("watch page: tags and category are links to their pages", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const { videoId } = await seedVideoWithMedia(services, { visibility: "public" });
    await services.db.sql`update videos set tags = ${["sea", "cafe-music"]}, category = 'music'
      where id = ${videoId}`;
    const html = await (await app.request(`/v/${videoId}`)).text();
    assert.match(html, /<a class="tag" href="\/tags\/sea">#sea<\/a>/);
    assert.match(html, /<a class="tag" href="\/tags\/cafe-music">#cafe-music<\/a>/);
    assert.match(html, /<a class="category-link" href="\/c\/music">Music<\/a>/);
  } finally {
    await services.close();
  }
});
