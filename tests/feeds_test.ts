import assert from "node:assert/strict";
import parser from "fast-xml-parser";
import { createApp } from "../app.ts";
import { xmlEscape } from "../lib/feeds/rss.ts";
import { addUser, addVideo } from "./_harness/search_catalog.ts";
import { openTestServices } from "./_harness/services.ts";

type Item = { title: string; link: string; guid: unknown; description: string };

/** The feed's items after checking that it is well-formed XML and RSS 2.0. */
function parseRss(xml: string): { channel: Record<string, unknown>; items: Item[] } {
  const valid = parser.validate(xml);
  assert.equal(valid, true, JSON.stringify(valid));
  const doc = parser.parse(xml, { ignoreAttributes: false });
  assert.equal(doc.rss["@_version"], "2.0");
  const channel = doc.rss.channel;
  const items = channel.item === undefined ? [] : [channel.item].flat();
  return { channel, items };
}

Deno.test("feeds: site, channel and tag list public listed videos only, escaped, as RSS 2.0", async () => {
  const services = await openTestServices({ publicUrl: "https://tube.example" });
  try {
    const sql = services.db.sql;
    const app = createApp(services);
    const ana = await addUser(sql, `Ana & "Co" <3`);
    const bo = await addUser(sql, "Bo");
    const tricky = await addVideo(sql, ana, {
      title: `Fish & chips <script>alert("x")</script> ]]> \u0001`,
      description: "Crispy & <b>hot</b>",
      tags: ["food"],
    });
    const plain = await addVideo(sql, bo, { title: "Bo's bread", tags: ["food", "bread"] });
    const hidden = [
      await addVideo(sql, ana, { title: "Private one", tags: ["food"], visibility: "private" }),
      await addVideo(sql, ana, { title: "Unlisted one", tags: ["food"], visibility: "unlisted" }),
      await addVideo(sql, ana, { title: "Not yet", tags: ["food"], playable: false }),
    ];

    const site = await app.request("https://tube.example/feed.xml");
    assert.equal(site.status, 200);
    assert.match(site.headers.get("content-type")!, /^application\/rss\+xml/);
    const siteXml = await site.text();
    const { channel, items } = parseRss(siteXml);
    assert.equal(channel.link, "https://tube.example/");
    assert.deepEqual(
      items.map((i) => i.link).sort(),
      [
        `https://tube.example/v/${plain}`,
        `https://tube.example/v/${tricky}`,
      ].sort(),
    );
    for (const id of hidden) assert.ok(!siteXml.includes(id));
    assert.ok(!siteXml.includes("<script>"), "titles are escaped");
    assert.ok(siteXml.includes("Fish &amp; chips &lt;script&gt;"));
    assert.ok(siteXml.includes("&lt;b&gt;hot&lt;/b&gt;"));
    assert.ok(!siteXml.includes("\u0001"), "characters XML cannot carry are dropped");
    assert.ok(siteXml.includes("Ana &amp; &quot;Co&quot; &lt;3"));

    // Every page points feed readers at the site's feed.
    const home = await (await app.request("https://tube.example/")).text();
    assert.ok(
      home.includes(
        `<link rel="alternate" type="application/rss+xml" title="VideoFlow" href="/feed.xml"/>`,
      ),
    );

    const ch = parseRss(await (await app.request(`https://tube.example/u/${ana}/feed.xml`)).text());
    assert.deepEqual(ch.items.map((i) => i.link), [`https://tube.example/v/${tricky}`]);

    const tag = parseRss(
      await (await app.request("https://tube.example/tags/bread/feed.xml")).text(),
    );
    assert.deepEqual(tag.items.map((i) => i.link), [`https://tube.example/v/${plain}`]);
    const none = parseRss(
      await (await app.request("https://tube.example/tags/nothing/feed.xml")).text(),
    );
    assert.deepEqual(none.items, []);

    // Unknown or malformed channels and tags are 404s, never 500s.
    for (
      const path of [
        `/u/${crypto.randomUUID()}/feed.xml`,
        "/u/not-a-uuid/feed.xml",
        `/tags/${"x".repeat(65)}/feed.xml`,
        "/tags/a%01b/feed.xml",
        // Not the canonical form (lib/shared/tags.ts): no such tag.
        "/tags/Bread/feed.xml",
      ]
    ) {
      const res = await app.request(`https://tube.example${path}`);
      assert.equal(res.status, 404, path);
      await res.body?.cancel();
    }
  } finally {
    await services.close();
  }
});

Deno.test("xmlEscape() escapes markup and drops what XML 1.0 cannot hold", () => {
  assert.equal(
    xmlEscape(`<a href="x">'&'</a>`),
    "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;",
  );
  assert.equal(xmlEscape("a\u0000b\u001fc\td\uD800e"), "abc\td\uFFFDe");
  assert.equal(xmlEscape("😀"), "😀");
});
