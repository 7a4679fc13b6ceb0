/** Search reads bounded candidate sets (lib/search/_candidates.ts); results must stay right. */
import assert from "node:assert/strict";
import type { Sql } from "../lib/db/mod.ts";
import type { SearchRequest } from "../lib/search/backend.ts";
import { PostgresSearch } from "../lib/search/postgres.ts";
import { parseQuery } from "../lib/search/query.ts";
import type { Viewer } from "../lib/videos/access.ts";
import { addUser, addVideo } from "./_harness/search_catalog.ts";
import { openTestServices } from "./_harness/services.ts";

// Few candidates per branch, so that a catalogue of a few dozen rows is "many matches".
const PER_BRANCH = 5;

async function withSearch(fn: (search: PostgresSearch, sql: Sql) => Promise<void>) {
  const s = await openTestServices();
  try {
    await fn(new PostgresSearch(s.db.sql, { candidates: PER_BRANCH }), s.db.sql);
  } finally {
    await s.close();
  }
}

const request = (
  q: string,
  more: Partial<Omit<SearchRequest, "query">> = {},
): SearchRequest => ({
  query: parseQuery(q),
  viewer: undefined,
  filters: {},
  sort: "relevance",
  limit: 10,
  ...more,
});

/** Every page's titles, following nextCursor. */
async function allPages(search: PostgresSearch, r: SearchRequest): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await search.search({ ...r, cursor });
    out.push(...page.hits.map((h) => h.title));
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error("too many pages");
}

Deno.test("a strong title match ranks first among a common word's many more viewed matches", async () => {
  await withSearch(async (search, sql) => {
    const u = await addUser(sql, "Writer");
    for (let i = 0; i < 4 * PER_BRANCH; i++) {
      await addVideo(sql, u, {
        title: `Daily notes ${i}`,
        description: "we passed a kayak on the river",
        viewCount: 1000 + i,
      });
    }
    await addVideo(sql, u, { title: "Kayak rolling basics", tags: ["kayak"], viewCount: 0 });
    await addVideo(sql, u, { title: "Unrelated", description: "bread", viewCount: 5000 });
    const page = await search.search(request("kayak"));
    // Not among the most viewed matches, yet first: the title branch found it.
    assert.equal(page.hits[0].title, "Kayak rolling basics");
    // The rest are the most viewed passing mentions, ranked; nothing that does not match.
    const rest = page.hits.slice(1).map((h) => h.title);
    assert.ok(rest.length >= PER_BRANCH, `${rest}`);
    assert.ok(rest.every((t) => t.startsWith("Daily notes")), `${rest}`);
    // Pages end with the candidates, each result once.
    const all = await allPages(search, request("kayak", { limit: 3 }));
    assert.equal(new Set(all).size, all.length);
    assert.equal(all[0], "Kayak rolling basics");
  });
});

Deno.test("newest and most viewed walk every match in order across pages, whatever the bound", async () => {
  await withSearch(async (search, sql) => {
    const u = await addUser(sql, "Walker");
    const n = 4 * PER_BRANCH + 3;
    for (let i = 0; i < n; i++) {
      await addVideo(sql, u, {
        title: `Walrus ${String(i).padStart(2, "0")}`,
        viewCount: i,
        publishedAgo: `${n - i} hours`,
      });
    }
    const expected = Array.from(
      { length: n },
      (_, i) => `Walrus ${String(n - 1 - i).padStart(2, "0")}`,
    );
    assert.deepEqual(
      await allPages(search, request("walrus", { sort: "newest", limit: 4 })),
      expected,
    );
    assert.deepEqual(
      await allPages(search, request("walrus", { sort: "views", limit: 4 })),
      expected,
    );
  });
});

Deno.test("a signed-in viewer also finds their own hidden videos among many public matches, others never", async () => {
  await withSearch(async (search, sql) => {
    const owner = await addUser(sql, "Owner");
    const other = await addUser(sql, "Other");
    for (let i = 0; i < 4 * PER_BRANCH; i++) {
      await addVideo(sql, other, {
        title: `Otter ${i}`,
        viewCount: 100 + i,
        publishedAgo: "2 days",
      });
    }
    await addVideo(sql, owner, { title: "My otter draft", visibility: "private" });
    await addVideo(sql, owner, { title: "My otter cut", visibility: "unlisted" });
    await addVideo(sql, owner, {
      title: "My otter failed",
      visibility: "private",
      status: "failed",
    });
    const asOwner: Viewer = { id: owner, role: "creator" };
    const asOther: Viewer = { id: other, role: "creator" };
    const mine = ["My otter cut", "My otter draft"];
    for (const sort of ["relevance", "newest", "views"] as const) {
      const ownerSees = await allPages(search, request("otter", { viewer: asOwner, sort }));
      assert.deepEqual(ownerSees.filter((t) => t.startsWith("My")).sort(), mine, sort);
      for (const viewer of [asOther, undefined]) {
        const seen = await allPages(search, request("otter", { viewer, sort }));
        assert.ok(seen.every((t) => t.startsWith("Otter")), `${sort}: ${seen}`);
      }
    }
    // Newest first: the owner's two recent videos lead their results.
    const first = await search.search(request("otter", { viewer: asOwner, sort: "newest" }));
    assert.deepEqual(first.hits.slice(0, 2).map((h) => h.title).sort(), mine);
  });
});
