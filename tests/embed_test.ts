import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";
import { openTestServices } from "./_harness/services.ts";

const SITE = "https://tube.example";

function frameAncestors(res: Response): string | undefined {
  const csp = res.headers.get("content-security-policy") ?? "";
  return /frame-ancestors ([^;]+)/.exec(csp)?.[1];
}

Deno.test("/embed/:id is frameable (only it); private, unknown and unplayable ids are 404 pages", async () => {
  const services = await openTestServices({ publicUrl: SITE });
  try {
    const app = createApp(services);
    const pub = await seedVideoWithMedia(services, { visibility: "public" });
    const unlisted = await seedVideoWithMedia(services, { visibility: "unlisted" });
    const priv = await seedVideoWithMedia(services, { visibility: "private" });
    for (const id of [pub.videoId, unlisted.videoId]) {
      const res = await app.request(`${SITE}/embed/${id}`);
      assert.equal(res.status, 200);
      const fa = frameAncestors(res);
      assert.ok(fa === undefined || fa === "*", `frame-ancestors ${fa}`);
      assert.equal(res.headers.get("x-frame-options"), null);
      const html = await res.text();
      assert.ok(html.includes(`${SITE}/v/${id}`), "links back to the watch page on PUBLIC_URL");
    }
    // Other pages, and the watch page of the same video, stay unframeable.
    for (const path of ["/", `/v/${pub.videoId}`, "/feed.xml", "/signin"]) {
      const res = await app.request(`${SITE}${path}`);
      assert.equal(frameAncestors(res), "'none'", path);
      assert.equal(res.headers.get("x-frame-options"), "DENY", path);
      await res.body?.cancel();
    }
    const { sql } = services.db;
    const [inReview] = [await seedVideoWithMedia(services, { visibility: "public" })];
    await sql`update videos set status = 'in_review' where id = ${inReview.videoId}`;
    for (
      const path of [
        `/embed/${priv.videoId}`,
        `/embed/${crypto.randomUUID()}`,
        "/embed/not-a-uuid",
        `/embed/${inReview.videoId}`,
      ]
    ) {
      const res = await app.request(`${SITE}${path}`);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get("content-type")!, /text\/html/);
      await res.body?.cancel();
    }
  } finally {
    await services.close();
  }
});

Deno.test("/oembed answers JSON for this site's watch URLs; others 404, xml 501", async () => {
  const services = await openTestServices({ publicUrl: SITE });
  try {
    const app = createApp(services);
    const pub = await seedVideoWithMedia(services, { visibility: "public" });
    const priv = await seedVideoWithMedia(services, { visibility: "private" });
    const q = (url: string, extra = "") =>
      app.request(`${SITE}/oembed?url=${encodeURIComponent(url)}${extra}`);
    const res = await q(`${SITE}/v/${pub.videoId}?t=90`, "&format=json&maxwidth=480");
    assert.equal(res.status, 200);
    const o = await res.json();
    assert.equal(o.version, "1.0");
    assert.equal(o.type, "video");
    assert.equal(o.title, "Clip");
    assert.equal(o.author_name, "Owner");
    assert.equal(o.author_url, `${SITE}/u/${pub.ownerId}`);
    assert.equal(o.width, 480);
    assert.equal(o.height, 270);
    assert.equal(o.thumbnail_url, `${SITE}/media/${pub.videoId}/poster.jpg`);
    assert.match(
      o.html,
      new RegExp(`^<iframe src="${SITE}/embed/${pub.videoId}" width="480" height="270"`),
    );

    for (
      const url of [
        `${SITE}/v/${priv.videoId}`,
        `${SITE}/v/${crypto.randomUUID()}`,
        `https://evil.example/v/${pub.videoId}`,
        `${SITE}/embed/${pub.videoId}`,
        `${SITE}/v/${pub.videoId}/../x`,
        "not a url",
      ]
    ) {
      const r = await q(url);
      assert.equal(r.status, 404, url);
      await r.body?.cancel();
    }
    // A size that is not a number is ignored rather than refused.
    const lenient = await q(`${SITE}/v/${pub.videoId}`, "&maxwidth=abc&maxheight=0");
    assert.equal(lenient.status, 200);
    assert.equal((await lenient.json()).width, 640);
    const missing = await app.request(`${SITE}/oembed`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
    const xml = await q(`${SITE}/v/${pub.videoId}`, "&format=xml");
    assert.equal(xml.status, 501);
    await xml.body?.cancel();

    // The watch page advertises it, and carries Open Graph video tags pointing at the embed.
    const page = await (await app.request(`${SITE}/v/${pub.videoId}`)).text();
    assert.ok(
      page.includes(
        `<link rel="alternate" type="application/json+oembed" href="${SITE}/oembed?url=${
          encodeURIComponent(`${SITE}/v/${pub.videoId}`)
        }&amp;format=json"`,
      ),
    );
    assert.ok(page.includes(`<meta property="og:video" content="${SITE}/embed/${pub.videoId}"`));
    assert.ok(
      page.includes(`<meta property="og:image" content="${SITE}/media/${pub.videoId}/poster.jpg"`),
    );
    assert.ok(page.includes(`<meta name="twitter:card" content="player"`));
  } finally {
    await services.close();
  }
});
