import assert from "node:assert/strict";
import parser from "fast-xml-parser";
import { createApp } from "../app.ts";
import type { Sql } from "../lib/db/mod.ts";
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

type Entry = {
  id: string;
  title: string | { "#text": string };
  link: { "@_href": string; "@_rel": string };
  author: { name: string; uri: string };
  summary: string | { "#text": string };
};

/** The feed's entries after checking that it is well-formed XML and an Atom 1.0 feed. */
function parseAtom(xml: string): { feed: Record<string, unknown>; entries: Entry[] } {
  const valid = parser.validate(xml);
  assert.equal(valid, true, JSON.stringify(valid));
  // fast-xml-parser 3 leaves entities as written; XML's five predefined ones are all we write.
  const decode = (v: string) =>
    v.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"')
      .replaceAll("&apos;", "'").replaceAll("&amp;", "&");
  const doc = parser.parse(xml, { ignoreAttributes: false, tagValueProcessor: decode });
  const feed = doc.feed;
  assert.equal(feed["@_xmlns"], "http://www.w3.org/2005/Atom");
  // RFC 4287's required elements of a feed and of each entry.
  for (const k of ["id", "title", "updated"]) assert.ok(feed[k] !== undefined, k);
  const entries: Entry[] = feed.entry === undefined ? [] : [feed.entry].flat();
  for (const e of entries) {
    for (const k of ["id", "title", "updated", "author", "link"]) {
      assert.ok((e as Record<string, unknown>)[k] !== undefined, k);
    }
    assert.ok(!Number.isNaN(Date.parse((e as unknown as { updated: string }).updated)));
  }
  return { feed, entries };
}

/** Two creators' videos: two public listed, three that no feed may carry. */
async function catalogue(sql: Sql) {
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
  return { ana, bo, tricky, plain, hidden };
}

Deno.test("feeds: site, channel and tag list public listed videos only, escaped, as RSS 2.0", async () => {
  const services = await openTestServices({ publicUrl: "https://tube.example" });
  try {
    const sql = services.db.sql;
    const app = createApp(services);
    const { ana, tricky, plain, hidden } = await catalogue(sql);

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

Deno.test("feeds: site, channel and tag also as Atom 1.0, with the same videos, advertised on every page", async () => {
  const services = await openTestServices({ publicUrl: "https://tube.example" });
  try {
    const sql = services.db.sql;
    const app = createApp(services);
    const { ana, bo, tricky, plain, hidden } = await catalogue(sql);
    const get = async (path: string) => {
      const res = await app.request(`https://tube.example${path}`);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get("content-type")!, /^application\/atom\+xml; charset=utf-8$/);
      assert.equal(res.headers.get("cache-control"), "public, max-age=300");
      return await res.text();
    };
    const text = (t: string | { "#text": string }) => typeof t === "string" ? t : t["#text"];

    const siteXml = await get("/feed.atom");
    const site = parseAtom(siteXml);
    assert.equal(site.feed.id, "https://tube.example/feed.atom");
    const links = [site.feed.link].flat() as { "@_rel": string; "@_href": string }[];
    assert.deepEqual(
      links.map((l) => [l["@_rel"], l["@_href"]]),
      [["self", "https://tube.example/feed.atom"], ["alternate", "https://tube.example/"]],
    );
    const byId = new Map(site.entries.map((e) => [e.id, e]));
    assert.deepEqual(
      [...byId.keys()].sort(),
      [`https://tube.example/v/${plain}`, `https://tube.example/v/${tricky}`].sort(),
    );
    for (const id of hidden) assert.ok(!siteXml.includes(id));
    const fish = byId.get(`https://tube.example/v/${tricky}`)!;
    // The text comes back as typed (less what XML cannot hold; the parser trims): escaped
    // on the way in, not mangled.
    assert.equal(text(fish.title), `Fish & chips <script>alert("x")</script> ]]>`);
    assert.equal(text(fish.summary), "Crispy & <b>hot</b>");
    assert.equal(fish.link["@_href"], `https://tube.example/v/${tricky}`);
    assert.deepEqual(fish.author, {
      name: `Ana & "Co" <3`,
      uri: `https://tube.example/u/${ana}`,
    });
    assert.ok(!siteXml.includes("<script>"), "titles are escaped");
    assert.ok(!siteXml.includes("\u0001"));

    const ch = parseAtom(await get(`/u/${bo}/feed.atom`));
    assert.equal(ch.feed.id, `https://tube.example/u/${bo}/feed.atom`);
    assert.deepEqual(ch.entries.map((e) => e.id), [`https://tube.example/v/${plain}`]);
    const tag = parseAtom(await get("/tags/food/feed.atom"));
    assert.deepEqual(
      tag.entries.map((e) => e.id).sort(),
      [`https://tube.example/v/${plain}`, `https://tube.example/v/${tricky}`].sort(),
    );
    assert.deepEqual(parseAtom(await get("/tags/nothing/feed.atom")).entries, []);

    // Pages advertise it beside the RSS feed.
    const home = await (await app.request("https://tube.example/")).text();
    assert.ok(
      home.includes(
        `<link rel="alternate" type="application/atom+xml" title="VideoFlow (Atom)" href="/feed.atom"/>`,
      ),
    );
    for (
      const path of [
        `/u/${crypto.randomUUID()}/feed.atom`,
        "/u/not-a-uuid/feed.atom",
        "/tags/Bread/feed.atom",
        "/tags/a%01b/feed.atom",
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
