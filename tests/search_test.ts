/** Search (lib/search/, /search, GET /api/v1/search and /suggest) on a real PostgreSQL. */
import assert from "node:assert/strict";
import type { Hono } from "hono";
import { createApp } from "../app.ts";
import type { Sql } from "../lib/db/mod.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { addUser, addVideo } from "./_harness/search_catalog.ts";
import { withTimeout } from "../lib/search/_pg.ts";
import { UnavailableError } from "../lib/errors.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

type Hit = { id: string; title: string; snippet: { text: string; match: boolean }[] };

async function withApp(fn: (app: Hono, sql: Sql) => Promise<void>) {
  const s = await openTestServices();
  try {
    await fn(
      createApp(s, { rateLimits: { auth: 1000, apiIp: 10_000, apiUser: 10_000 } }),
      s.db.sql,
    );
  } finally {
    await s.close();
  }
}

async function search(
  app: Hono | TestClient,
  params: Record<string, string>,
): Promise<{ results: Hit[]; nextCursor: string | null; fuzzy: boolean }> {
  const path = `/api/v1/search?${new URLSearchParams(params)}`;
  const res = app instanceof TestClient ? await app.request(path) : await app.request(path);
  assert.equal(res.status, 200, await res.clone().text());
  return await res.json();
}

const titles = async (app: Hono | TestClient, params: Record<string, string>) =>
  (await search(app, params)).results.map((r) => r.title);

Deno.test("search ranks a match in the title above tags, tags above creator, creator above description", async () => {
  await withApp(async (app, sql) => {
    const plain = await addUser(sql, "Plain Person");
    const zebraName = await addUser(sql, "Zebra Keeper");
    await addVideo(sql, plain, { title: "D", description: "a zebra crossing the road" });
    await addVideo(sql, zebraName, { title: "C" });
    await addVideo(sql, plain, { title: "B", tags: ["zebra", "safari"] });
    await addVideo(sql, plain, { title: "A zebra in the wild" });
    await addVideo(sql, plain, { title: "Unrelated", description: "lions" });
    assert.deepEqual(await titles(app, { q: "zebra" }), ["A zebra in the wild", "B", "C", "D"]);
    // The creator's name follows a rename.
    await sql`update users set display_name = 'Lion Keeper' where id = ${zebraName}`;
    assert.deepEqual(await titles(app, { q: "zebra" }), ["A zebra in the wild", "B", "D"]);
    assert.deepEqual(await titles(app, { q: "lion keeper" }), ["C"]);
    // Highlighting keeps every word, one-letter ones at the edges too ("A zebra…" lost its "A").
    const [top] = (await search(app, { q: "zebra" })).results as (Hit & {
      titleHighlight: Hit["snippet"];
    })[];
    assert.equal(top.titleHighlight.map((p) => p.text).join(""), "A zebra in the wild");
    assert.deepEqual(top.titleHighlight.filter((p) => p.match).map((p) => p.text), ["zebra"]);
    const described = (await search(app, { q: "crossing" })).results[0];
    assert.equal(described.snippet.map((p) => p.text).join(""), "a zebra crossing the road");
  });
});

Deno.test("search understands phrases, exclusions, OR, the last word as a prefix, and ignores accents", async () => {
  await withApp(async (app, sql) => {
    const u = await addUser(sql, "Someone");
    await addVideo(sql, u, { title: "The red fox jumps" });
    await addVideo(sql, u, { title: "A fox that is red" });
    await addVideo(sql, u, { title: "Arctic fox in snow" });
    await addVideo(sql, u, { title: "Cats being cats" });
    await addVideo(sql, u, { title: "Dogs at play" });
    await addVideo(sql, u, { title: "Guitar lessons for beginners" });
    await addVideo(sql, u, { title: "Café culture in Paris" });
    await addVideo(sql, u, { title: "Cafe racer motorbikes" });
    const sorted = async (q: string) => (await titles(app, { q })).sort();
    assert.deepEqual(await sorted('"red fox"'), ["The red fox jumps"]);
    assert.deepEqual(await sorted("red fox"), ["A fox that is red", "The red fox jumps"]);
    assert.deepEqual(await sorted('fox -arctic -"red fox"'), ["A fox that is red"]);
    assert.deepEqual(await sorted("cats OR dogs"), ["Cats being cats", "Dogs at play"]);
    assert.deepEqual(await sorted("guitar less"), ["Guitar lessons for beginners"]);
    assert.deepEqual(await sorted("beginners guit"), ["Guitar lessons for beginners"]);
    // Only the last word is a prefix: elsewhere "guit" matches nothing exactly, so the
    // search falls back to near spellings, while three exact matches need no fallback.
    await addVideo(sql, u, { title: "Guitar lessons 2" });
    await addVideo(sql, u, { title: "Guitar lessons 3" });
    assert.equal((await search(app, { q: "lessons guit" })).fuzzy, false);
    assert.equal((await search(app, { q: "guit lessons" })).fuzzy, true);
    assert.deepEqual(await sorted("cafe"), ["Cafe racer motorbikes", "Café culture in Paris"]);
    assert.deepEqual(await sorted("CAFÉ paris"), ["Café culture in Paris"]);
    // Highlights mark the word as written, accent and all.
    const [hit] = (await search(app, { q: "cafe paris" })).results as unknown as {
      titleHighlight: { text: string; match: boolean }[];
    }[];
    assert.deepEqual(hit.titleHighlight.filter((s) => s.match).map((s) => s.text), [
      "Café",
      "Paris",
    ]);
  });
});

Deno.test("search tolerates typos when exact matches are few, and not when there are enough", async () => {
  await withApp(async (app, sql) => {
    const u = await addUser(sql, "Teacher");
    await addVideo(sql, u, { title: "Knitting tutorial for everyone" });
    await addVideo(sql, u, { title: "Cooking basics" });
    const typo = await search(app, { q: "tutoral knitting" });
    assert.deepEqual(typo.results.map((r) => r.title), ["Knitting tutorial for everyone"]);
    assert.equal(typo.fuzzy, true);
    assert.deepEqual(typo.results.map((r) => (r as unknown as { exact: boolean }).exact), [false]);
    assert.deepEqual(await titles(app, { q: "tutoral" }), ["Knitting tutorial for everyone"]);
    // The page says so only when a result is a near spelling.
    const page = async (q: string) => await (await app.request(`/search?q=${q}`)).text();
    assert.match(await page("tutoral"), /similar spellings are included/);
    assert.doesNotMatch(await page("tutorial"), /similar spellings/);

    await addVideo(sql, u, { title: "Pianno lessons (sic)" });
    await addVideo(sql, u, { title: "Piano for kids" });
    // One exact "piano": near spellings are added after it.
    assert.deepEqual(await titles(app, { q: "piano" }), ["Piano for kids", "Pianno lessons (sic)"]);
    // Not for a phrase or an OR: those were typed deliberately.
    assert.deepEqual(await titles(app, { q: '"piano for"' }), ["Piano for kids"]);
    assert.deepEqual(await titles(app, { q: "piano OR zither" }), ["Piano for kids"]);
    await addVideo(sql, u, { title: "Piano lessons 1" });
    await addVideo(sql, u, { title: "Piano lessons 2" });
    // Three exact ones: enough, no guessing.
    const exact = await search(app, { q: "piano" });
    assert.equal(exact.fuzzy, false);
    assert.deepEqual(exact.results.map((r) => r.title).sort(), [
      "Piano for kids",
      "Piano lessons 1",
      "Piano lessons 2",
    ]);
  });
});

async function signUp(client: TestClient): Promise<string> {
  const r = await signUpAndIn(client, {
    json: { email: testEmail("search"), password: GOOD_PASSWORD, displayName: "Searcher" },
  });
  assert.equal(r.status, 200);
  return (await r.json()).user.id;
}

Deno.test("search never returns what the viewer may not see, in results, suggestions or pages", async () => {
  await withApp(async (app, sql) => {
    const owner = new TestClient(app);
    const other = new TestClient(app);
    const ownerId = await signUp(owner);
    await signUp(other);
    await addVideo(sql, ownerId, { title: "Secret plans public" });
    await addVideo(sql, ownerId, { title: "Secret plans private", visibility: "private" });
    await addVideo(sql, ownerId, { title: "Secret plans unlisted", visibility: "unlisted" });
    await addVideo(sql, ownerId, { title: "Secret plans failed", status: "failed" });
    // Listed while its ladder encodes, once the first rendition plays (lib/videos/lifecycle.ts).
    await addVideo(sql, ownerId, { title: "Secret plans processing", status: "processing" });
    await addVideo(sql, ownerId, {
      title: "Secret plans encoding",
      status: "processing",
      playable: false,
    });
    await addVideo(sql, ownerId, { title: "Secret plans uploaded", status: "uploaded" });
    await addVideo(sql, ownerId, { title: "Secret plans published", status: "published" });
    await addVideo(sql, ownerId, {
      title: "Secret plans private failed",
      visibility: "private",
      status: "failed",
    });
    const everyone = ["Secret plans processing", "Secret plans public", "Secret plans published"];
    for (const viewer of [app, other]) {
      for (const q of ["secret plans", "secret", "plans private", "privat", "secrte plans"]) {
        const got = await titles(viewer, { q });
        assert.ok(got.every((t) => everyone.includes(t)), `${q}: ${got}`);
      }
      assert.deepEqual((await titles(viewer, { q: "secret plans" })).sort(), everyone);
      // The typo fallback is decided on visible matches only, and still shows only those.
      const typo = await search(viewer, { q: "unlsted" });
      assert.deepEqual(typo.results, []);
      const res = await (viewer instanceof TestClient ? viewer : owner).request(
        "/api/v1/search/suggest?q=secret",
      );
      const { suggestions } = await res.json();
      if (viewer !== app) {
        assert.deepEqual(suggestions.map((s: { text: string }) => s.text).sort(), everyone);
      }
      const anonSuggest = await (await app.request("/api/v1/search/suggest?q=secret")).json();
      assert.deepEqual(
        anonSuggest.suggestions.map((s: { text: string }) => s.text).sort(),
        everyone,
      );
      const page = viewer instanceof TestClient
        ? await viewer.request("/search?q=secret")
        : await app.request("/search?q=secret");
      const html = await page.text();
      assert.doesNotMatch(html, /plans (private|unlisted|failed|encoding|uploaded)/i);
    }
    // The owner finds their own unlisted and private videos, not their unfinished ones.
    assert.deepEqual((await titles(owner, { q: "secret plans" })).sort(), [
      "Secret plans private",
      "Secret plans processing",
      "Secret plans public",
      "Secret plans published",
      "Secret plans unlisted",
    ]);
  });
});

Deno.test("search filters by upload date, duration, category and tag, and sorts by newest and views", async () => {
  await withApp(async (app, sql) => {
    const u = await addUser(sql, "Filmmaker");
    const add = (
      title: string,
      f: Parameters<typeof addVideo>[2] extends infer F ? Omit<F & object, "title"> : never,
    ) => addVideo(sql, u, { title, ...f });
    await add("Ocean short", {
      durationS: 30,
      viewCount: 5,
      publishedAgo: "2 hours",
      tags: ["sea"],
    });
    await add("Ocean medium", {
      durationS: 600,
      viewCount: 50,
      publishedAgo: "3 days",
      category: "travel",
    });
    await add("Ocean long", { durationS: 3600, viewCount: 500, publishedAgo: "2 years" });
    // A poster is linked only from the video's own media folder.
    await sql`update videos set poster_key = 'media/' || id || '/poster.jpg'
      where title = 'Ocean short'`;
    await sql`update videos set poster_key = (select 'media/' || id || '/poster.jpg'
      from videos where title = 'Ocean short') where title = 'Ocean medium'`;
    const posters = (await search(app, { q: "ocean", sort: "newest" })).results.map((r) =>
      (r as unknown as { posterUrl: string | null }).posterUrl
    );
    assert.match(posters[0] ?? "", /^\/media\/[0-9a-f-]{36}\/poster\.jpg$/);
    assert.deepEqual(posters.slice(1), [null, null]);
    const q = (extra: Record<string, string>) => titles(app, { q: "ocean", ...extra });
    assert.deepEqual(await q({ duration: "short" }), ["Ocean short"]);
    assert.deepEqual(await q({ duration: "medium" }), ["Ocean medium"]);
    assert.deepEqual(await q({ duration: "long" }), ["Ocean long"]);
    assert.deepEqual(await q({ date: "day" }), ["Ocean short"]);
    assert.deepEqual((await q({ date: "week" })).sort(), ["Ocean medium", "Ocean short"]);
    assert.deepEqual(await q({ category: "travel" }), ["Ocean medium"]);
    assert.deepEqual(await q({ tag: "sea" }), ["Ocean short"]);
    assert.deepEqual(await q({ sort: "newest" }), ["Ocean short", "Ocean medium", "Ocean long"]);
    assert.deepEqual(await q({ sort: "views" }), ["Ocean long", "Ocean medium", "Ocean short"]);
    // The page offers the same, as a form that works without JavaScript.
    const html = await (await app.request("/search?q=ocean&sort=views&duration=long")).text();
    assert.match(html, /<option value="views" selected/);
    assert.match(html, /<mark>Ocean<\/mark> long/);
    assert.doesNotMatch(html, /Ocean short/);
  });
});

Deno.test("search pages with a cursor in every sort: every match once, no duplicates", async () => {
  await withApp(async (app, sql) => {
    const u = await addUser(sql, "Many");
    const all: string[] = [];
    for (let i = 0; i < 9; i++) {
      const title = `Walrus ${i} ${"walrus ".repeat(i % 3)}`.trim();
      all.push(title);
      // Equal times and view counts too: the id breaks ties.
      await addVideo(sql, u, { title, viewCount: i % 2, publishedAgo: `${i % 3} hours` });
    }
    await addVideo(sql, u, { title: "Walrus hidden", visibility: "private" });
    for (const sort of ["relevance", "newest", "views"]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { results: Hit[]; nextCursor: string | null } = await search(app, {
          q: "walrus",
          sort,
          limit: "2",
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.results.map((r) => r.title));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      assert.equal(new Set(seen).size, seen.length, `${sort}: duplicates ${seen}`);
      assert.deepEqual([...seen].sort(), [...all].sort(), sort);
      assert.equal(pages, 5);
    }
    // The page's "More results" link (20 a page) carries the filters and the cursor.
    for (let i = 0; i < 12; i++) await addVideo(sql, u, { title: `Walrus extra ${i}` });
    const html = await (await app.request("/search?q=walrus&sort=newest&duration=short")).text();
    const more = /href="(\/search\?[^"]*cursor=[^"]*)"/.exec(html)?.[1].replaceAll("&amp;", "&");
    assert.ok(more, "a next-page link");
    assert.match(more, /sort=newest/);
    assert.match(more, /duration=short/);
    assert.equal((await app.request(more)).status, 200);
  });
});

Deno.test("hostile search input is a 400 or a helpful page, never a 500", async () => {
  await withApp(async (app, sql) => {
    const u = await addUser(sql, "H");
    await addVideo(sql, u, {
      title: "Harmless <b>bold</b> & 'quoted'",
      description: "<script>x</script> harmless",
    });
    const enc = (s: string) => btoa(s).replaceAll("=", "");
    const id = crypto.randomUUID();
    const api400 = [
      "q=",
      "q=%26%7C!%3A*()%3C-%3E",
      `q=${"a".repeat(201)}`,
      "q=a%00b",
      "q=harmless&limit=0",
      "q=harmless&limit=1000",
      "q=harmless&sort=random",
      "q=harmless&duration=eternal",
      "q=harmless&date=century",
      `q=harmless&tag=${"t".repeat(65)}`,
      "q=harmless&cursor=!!!",
      `q=harmless&cursor=${"A".repeat(301)}`,
      `q=harmless&cursor=${enc(`relevance|e|NaN|${id}`)}`,
      `q=harmless&cursor=${enc(`views|e|10|${id}`)}`,
      `q=harmless&sort=views&cursor=${enc(`views|e|1e400|${id}`)}`,
      `q=harmless&sort=newest&cursor=${enc(`newest|e|0000-00-00T00:00:00.000Z|${id}`)}`,
      `q=harmless&cursor=${enc(`relevance|e|0.5|${id}' or 1=1 --`)}`,
      "q=x&q=y&limit=abc",
    ];
    for (const p of api400) {
      const res = await app.request(`/api/v1/search?${p}`);
      assert.equal(res.status, 400, p);
      assert.ok((await res.json()).error.code, p);
    }
    for (
      const q of [
        "a:* & b",
        "'; drop table videos; --",
        "!!!(",
        "<->",
        "\\",
        '"',
        "-",
        "OR",
        "a OR OR b",
      ]
    ) {
      const res = await app.request(`/api/v1/search?q=${encodeURIComponent(q)}`);
      assert.ok(res.status === 200 || res.status === 400, `${q}: ${res.status}`);
    }
    // A valid cursor of another query is harmless: it only says where to start.
    const ok = await app.request(
      `/api/v1/search?q=harmless&cursor=${enc(`relevance|f|0.5|${id}`)}`,
    );
    assert.equal(ok.status, 200);
    for (const q of ["", "%26%7C!", "-only"]) {
      const res = await app.request(`/search?q=${q}`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /<h1>(Search|Nothing to search for)<\/h1>/);
    }
    const long = await app.request(`/search?q=${"a".repeat(201)}`);
    assert.equal(long.status, 400);
    assert.match(await long.text(), /too long/);
    assert.equal((await app.request("/search?q=harmless&cursor=garbage")).status, 400);
    assert.equal((await app.request("/api/v1/search/suggest?q=")).status, 200);
    assert.equal((await app.request(`/api/v1/search/suggest?q=${"x".repeat(101)}`)).status, 400);
    assert.equal((await app.request("/api/v1/search/suggest?q=%25%5F%5C")).status, 200);
    // Titles and snippets are text, never markup.
    const html = await (await app.request("/search?q=harmless")).text();
    assert.match(html, /<mark>Harmless<\/mark> &lt;b>bold&lt;\/b>/);
    assert.doesNotMatch(html, /<script>x/);
  });
});

Deno.test("suggestions offer titles, tags and creators whose words start with what was typed", async () => {
  await withApp(async (app, sql) => {
    const u = await addUser(sql, "Jazz Hands");
    await addVideo(sql, u, { title: "Jazzy tunes", tags: ["jazz", "Jazz piano"], viewCount: 9 });
    await addVideo(sql, u, { title: "Pizzazz", tags: ["fun"] }); // "zz" inside a word: no match
    const res = await app.request("/api/v1/search/suggest?q=JAZ");
    assert.equal(res.status, 200);
    const { suggestions } = await res.json();
    assert.deepEqual(suggestions, [
      { kind: "video", text: "Jazzy tunes", href: `/v/${suggestions[0].href.slice(3)}` },
      { kind: "tag", text: "jazz", href: "/search?q=jazz" },
      { kind: "tag", text: "Jazz piano", href: "/search?q=Jazz%20piano" },
      { kind: "creator", text: "Jazz Hands", href: `/u/${u}` },
    ]);
    assert.match(suggestions[0].href, /^\/v\/[0-9a-f-]{36}$/);
    const accent = await (await app.request("/api/v1/search/suggest?q=j%C3%A0zzy")).json();
    assert.deepEqual(accent.suggestions.map((s: { text: string }) => s.text), ["Jazzy tunes"]);
  });
});

Deno.test("suggestions for several words match them side by side, across accents and spaces", async () => {
  await withApp(async (app, sql) => {
    const u = await addUser(sql, "Street Cook");
    await addVideo(sql, u, { title: "Street food in Hanoi", viewCount: 5 });
    await addVideo(sql, u, { title: "Crème brûlée tips", viewCount: 4 });
    // Both words, not side by side: "street" and a word starting with "f" apart.
    await addVideo(sql, u, { title: "Street art festival", viewCount: 9 });
    await addVideo(sql, u, { title: "Streetfighter", viewCount: 9 }); // no space: not "street f"
    const texts = async (q: string) =>
      (await (await app.request(`/api/v1/search/suggest?q=${encodeURIComponent(q)}`)).json())
        .suggestions.map((s: { text: string }) => s.text);
    assert.deepEqual(await texts("street f"), ["Street food in Hanoi"]);
    assert.deepEqual(await texts("STREET   FO"), ["Street food in Hanoi"]);
    assert.deepEqual(await texts("creme brulee t"), ["Crème brûlée tips"]);
    assert.deepEqual(await texts("street a"), ["Street art festival"]);
    assert.deepEqual(await texts("street x"), []);
  });
});

Deno.test("suggestions for a short, common input are the most viewed matches the viewer may see, ties by id", async () => {
  await withApp(async (app, sql) => {
    const u = await addUser(sql, "Someone");
    // Many matches (a two-letter input has no trigram to narrow it): the public
    // views index of migrations/0011 walks them most viewed first.
    for (let n = 1; n <= 40; n++) await addVideo(sql, u, { title: `Guide ${n}`, viewCount: n });
    const tied = [
      await addVideo(sql, u, { title: "Gulls tied", viewCount: 45 }),
      await addVideo(sql, u, { title: "Gulf tied", viewCount: 45 }),
    ].sort();
    const titleOf = new Map<string, string>();
    for (const r of await sql<{ id: string; title: string }[]>`select id, title from videos`) {
      titleOf.set(r.id, r.title);
    }
    const hidden = await addUser(sql, "Other");
    await addVideo(sql, hidden, { title: "Gumbo private", visibility: "private", viewCount: 999 });
    await addVideo(sql, hidden, {
      title: "Gutter unlisted",
      visibility: "unlisted",
      viewCount: 998,
    });
    await addVideo(sql, u, { title: "Gusto failed", status: "failed", viewCount: 997 });
    const texts = async (client: Hono | TestClient) => {
      const res = await client.request("/api/v1/search/suggest?q=gu&limit=6");
      assert.equal(res.status, 200);
      return (await res.json()).suggestions.map((s: { text: string }) => s.text);
    };
    const expected = [titleOf.get(tied[0]), titleOf.get(tied[1]), "Guide 40", "Guide 39"];
    assert.deepEqual(await texts(app), [...expected, "Guide 38", "Guide 37"]);
    // Their owner finds their own private video too (the query without the partial index).
    const owner = new TestClient(app);
    const ownerId = await signUp(owner);
    await sql`update videos set owner_id = ${ownerId} where title = 'Gumbo private'`;
    assert.deepEqual(await texts(owner), ["Gumbo private", ...expected, "Guide 38"]);
  });
});

Deno.test("a search statement that runs too long is cancelled and reported as unavailable", async () => {
  await withApp(async (_app, sql) => {
    await assert.rejects(() => withTimeout(sql, (tx) => tx`select pg_sleep(30)`), UnavailableError);
    // The limit was local to that transaction: the pool's connections keep no timeout.
    const [{ t }] = await sql<{ t: string }[]>`select current_setting('statement_timeout') as t`;
    assert.equal(t, "0");
  });
});
