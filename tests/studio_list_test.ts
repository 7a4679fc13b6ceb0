/** "My videos" (/studio) and its bulk actions, through app.request(): no JavaScript involved. */
import assert from "node:assert/strict";
import { studioApp } from "./_harness/studio.ts";
import type { Sql } from "../lib/db/mod.ts";

/** Inserts videos of `ownerId` in ONE statement (so they share created_at) and answers their ids. */
async function addVideos(
  sql: Sql,
  ownerId: string,
  rows: { title: string; status?: string; visibility?: string; views?: number }[],
): Promise<string[]> {
  const ids: string[] = [];
  const inserted = await sql<{ id: string; title: string }[]>`
    insert into videos ${
    sql(rows.map((r) => ({
      owner_id: ownerId,
      title: r.title,
      status: r.status ?? "ready",
      visibility: r.visibility ?? "private",
      view_count: r.views ?? 0,
    })))
  } returning id, title`;
  for (const r of rows) ids.push(inserted.find((x) => x.title === r.title)!.id);
  return ids;
}

/** The titles of the rows on a studio page, in order. */
function titles(html: string): string[] {
  return [...html.matchAll(/class="studio-title" href="[^"]+">([^<]*)</g)].map((m) => m[1]);
}

Deno.test("/studio filters by status and visibility, searches my titles and sorts", async () => {
  const { services, sql, owner, other } = await studioApp();
  try {
    await addVideos(sql, owner.id, [
      { title: "Alpha cats", views: 5, visibility: "public" },
      { title: "beta dogs", views: 50, status: "failed" },
      { title: "Gamma 100% cats", views: 1, status: "processing", visibility: "unlisted" },
    ]);
    await addVideos(sql, other.id, [{ title: "Other cats" }]);
    const get = async (q: string) => {
      const r = await owner.client.request(`/studio${q}`);
      assert.equal(r.status, 200, q);
      return titles(await r.text());
    };
    assert.deepEqual((await get("")).sort(), ["Alpha cats", "Gamma 100% cats", "beta dogs"]);
    assert.deepEqual(await get("?status=failed"), ["beta dogs"]);
    assert.deepEqual(await get("?status=processing"), ["Gamma 100% cats"]);
    assert.deepEqual(await get("?visibility=public"), ["Alpha cats"]);
    assert.deepEqual(await get("?q=cats&sort=title"), ["Alpha cats", "Gamma 100% cats"]);
    // Search is literal: % and _ are not wildcards, and others' videos never show.
    assert.deepEqual(await get("?q=100%25"), ["Gamma 100% cats"]);
    assert.deepEqual(await get("?q=_"), []);
    assert.deepEqual(await get("?sort=views"), ["beta dogs", "Alpha cats", "Gamma 100% cats"]);
    assert.deepEqual(await get("?sort=title&status=&visibility="), [
      "Alpha cats",
      "beta dogs",
      "Gamma 100% cats",
    ]);
    // Unknown values are refused, not guessed.
    for (
      const q of ["?status=bogus", "?sort=random", "?visibility=friends", `?q=${"x".repeat(101)}`]
    ) {
      assert.equal((await owner.client.request(`/studio${q}`)).status, 400, q);
    }
  } finally {
    await services.close();
  }
});

Deno.test("/studio pages by cursor, bounded, through rows that share one creation time", async () => {
  const { services, sql, owner } = await studioApp();
  try {
    const rows = Array.from({ length: 7 }, (_, i) => ({ title: `Clip ${i}`, views: i % 3 }));
    await addVideos(sql, owner.id, rows);
    for (const sort of ["newest", "oldest", "title", "views"]) {
      const seen: string[] = [];
      let url: string | null = `/studio?sort=${sort}&limit=3`;
      for (let pages = 0; url; pages++) {
        assert.ok(pages < 5, "the pages end");
        const html: string = await (await owner.client.request(url)).text();
        const page = titles(html);
        assert.ok(page.length <= 3);
        seen.push(...page);
        const next: string | undefined = /href="(\/studio\?[^"]*cursor=[^"]+)">Next page/.exec(html)
          ?.[1];
        url = next ? next.replaceAll("&amp;", "&") + "&limit=3" : null;
      }
      assert.deepEqual([...seen].sort(), rows.map((r) => r.title).sort(), `${sort}: each once`);
    }
    assert.equal((await owner.client.request("/studio?limit=51")).status, 400);
    assert.equal((await owner.client.request("/studio?cursor=not-a-cursor")).status, 400);
    // A cursor written for one sort does not page another.
    const html = await (await owner.client.request("/studio?sort=title&limit=2")).text();
    const cursor = /cursor=([^"&]+)/.exec(html)![1];
    assert.equal((await owner.client.request(`/studio?sort=views&cursor=${cursor}`)).status, 400);
    const forged = btoa(JSON.stringify({ sort: "newest", at: "99999-01-01 00:00:00", id: "x" }));
    assert.equal((await owner.client.request(`/studio?cursor=${forged}`)).status, 400);
  } finally {
    await services.close();
  }
});

Deno.test("/studio rows: separators and plurals, the state, and actions that lead somewhere", async () => {
  const { services, sql, owner } = await studioApp();
  try {
    const [a, b] = await addVideos(sql, owner.id, [
      { title: "One", views: 1 },
      { title: "Broken", status: "failed" },
    ]);
    await sql`update videos set duration_s = 12, like_count = 1, comment_count = 3,
      master_key = 'x', playable_at = now() where id = ${a}`;
    await sql`update videos set status_reason = 'Not a video.' where id = ${b}`;
    const html = await (await owner.client.request("/studio")).text();
    assert.match(html, /private · 0:12 · 1 view · 1 like · 3 comments</);
    assert.match(html, /private · 0 views · 0 likes · 0 comments</);
    assert.match(html, /<time datetime="[^"]+" title="[^"]+ UTC"[^>]*>just now<\/time>/);
    assert.match(html, new RegExp(`href="/v/${a}">Watch<`));
    assert.doesNotMatch(html, new RegExp(`href="/v/${b}"`), "no watch link to a failed video");
    assert.match(html, /Not a video\./);
    assert.match(html, new RegExp(`href="/studio/delete\\?ids=${b}"`));
  } finally {
    await services.close();
  }
});

Deno.test("bulk actions: only my videos, at most 50, delete only after confirming", async () => {
  const { services, sql, owner, other } = await studioApp();
  try {
    const mine = await addVideos(sql, owner.id, [{ title: "A" }, { title: "B" }, { title: "C" }]);
    const [theirs] = await addVideos(sql, other.id, [{ title: "Theirs", visibility: "public" }]);
    const post = (form: Record<string, string | string[]>, who = owner) =>
      who.client.request("/studio/bulk", { form });
    const visibility = async () =>
      Object.fromEntries(
        (await sql<{ title: string; visibility: string }[]>`
          select title, visibility from videos`).map((r) => [r.title, r.visibility]),
      );

    const made = await post({ do: "unlisted", ids: [mine[0], mine[1]] });
    assert.equal(made.status, 303);
    assert.equal(made.headers.get("location"), "/studio?updated=2");
    assert.match(
      await (await owner.client.request("/studio?updated=2")).text(),
      /2 videos updated/,
    );
    assert.deepEqual(await visibility(), {
      A: "unlisted",
      B: "unlisted",
      C: "private",
      Theirs: "public",
    });

    // Someone else's id among mine: 404, and nothing changes, not even mine.
    const forged = await post({ do: "private", ids: [mine[0], theirs] });
    assert.equal(forged.status, 404);
    assert.equal((await post({ do: "delete", ids: [theirs], confirm: "yes" })).status, 404);
    assert.deepEqual(await visibility(), {
      A: "unlisted",
      B: "unlisted",
      C: "private",
      Theirs: "public",
    });

    const tooMany = Array.from({ length: 51 }, () => crypto.randomUUID());
    const bad: [Record<string, string | string[]>, number][] = [
      [{ do: "private", ids: tooMany }, 400],
      [{ do: "private" }, 400],
      [{ do: "explode", ids: [mine[0]] }, 400],
      [{ do: "private", ids: ["not-a-uuid"] }, 400],
      [{ ids: [mine[0]] }, 400],
    ];
    for (const [form, status] of bad) {
      const r = await post(form);
      assert.equal(r.status, status, JSON.stringify(form));
      if (status === 400) assert.match(await r.text(), /class="form-error"/);
    }

    // Delete: a confirmation page first (nothing deleted), then the confirmed form.
    const ask = await post({ do: "delete", ids: [mine[1], mine[2]] });
    assert.equal(ask.status, 200);
    const page = await ask.text();
    assert.match(page, /Delete these 2 videos\?/);
    assert.match(page, /name="confirm" value="yes"/);
    assert.equal((await sql`select 1 from videos where owner_id = ${owner.id}`).length, 3);
    const done = await post({ do: "delete", ids: [mine[1], mine[2]], confirm: "yes" });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get("location"), "/studio?deleted=2");
    assert.deepEqual(
      (await sql`select title from videos where owner_id = ${owner.id}`).map((r) => r.title),
      ["A"],
    );

    // One row's Delete link: the same confirmation, for my videos only.
    const one = await owner.client.request(`/studio/delete?ids=${mine[0]}`);
    assert.equal(one.status, 200);
    assert.match(await one.text(), /Delete this video\?/);
    assert.equal((await owner.client.request(`/studio/delete?ids=${theirs}`)).status, 404);
    assert.equal((await owner.client.request("/studio/delete?ids=nope")).status, 400);
    assert.equal((await owner.client.request("/studio/delete")).status, 400);
    // Without the CSRF field the form is refused.
    const noCsrf = await owner.client.request("/studio/bulk", {
      form: { do: "private", ids: [mine[0]] },
      csrf: false,
    });
    assert.equal(noCsrf.status, 403);
  } finally {
    await services.close();
  }
});

Deno.test("the empty home page invites to sign up only those who are not signed in", async () => {
  const { services, sql, app, owner, other } = await studioApp();
  try {
    const anon = await (await app.request("/")).text();
    assert.match(anon, /Create an account/);
    assert.match(anon, /href="\/signup"/);
    const creator = await (await owner.client.request("/")).text();
    assert.doesNotMatch(creator, /Create an account|href="\/signup"/);
    assert.match(creator, /Upload your first video/);
    await sql`update users set role = 'viewer' where id = ${other.id}`;
    const viewer = await (await other.client.request("/")).text();
    assert.doesNotMatch(viewer, /Create an account|Upload a video/);
    assert.match(viewer, /as soon as creators publish them/);
  } finally {
    await services.close();
  }
});
