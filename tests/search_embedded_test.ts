/** Search on the embedded database (PGlite with its contrib pg_trgm and unaccent), as `deno task dev` runs it. */
import assert from "node:assert/strict";
import { openDatabase } from "../lib/db/mod.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../lib/db/migrate.ts";
import { PostgresSearch } from "../lib/search/postgres.ts";
import { parseQuery } from "../lib/search/query.ts";
import { addUser, addVideo } from "./_harness/search_catalog.ts";

Deno.test("search works on embedded PGlite: weights, accents, typos, prefixes and suggestions", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vf-pglite-search-" });
  const db = await openDatabase({ poolSize: 1, dataDir: dir });
  try {
    await migrate(db.sql, await readMigrations(MIGRATIONS_DIR));
    const u = await addUser(db.sql, "Zoë Barista");
    await addVideo(db.sql, u, { title: "Latte art", description: "In a café in Lyon" });
    await addVideo(db.sql, u, { title: "Café tutorial", tags: ["coffee"] });
    await addVideo(db.sql, u, { title: "Café secret", visibility: "private" });
    const search = new PostgresSearch(db.sql);
    const titles = async (q: string, viewer?: { id: string; role: "creator" }) =>
      (await search.search({
        query: parseQuery(q),
        viewer,
        filters: {},
        sort: "relevance",
        limit: 10,
      })).hits.map((h) => h.title);
    assert.deepEqual(await titles("cafe"), ["Café tutorial", "Latte art"]);
    assert.deepEqual(await titles("tutoral"), ["Café tutorial"]);
    assert.deepEqual(await titles("coff"), ["Café tutorial"]);
    assert.deepEqual((await titles("zoe")).sort(), ["Café tutorial", "Latte art"]);
    // The owner also finds their private video (the branch read through the owner index).
    assert.deepEqual((await titles("cafe", { id: u, role: "creator" })).sort(), [
      "Café secret",
      "Café tutorial",
      "Latte art",
    ]);
    const suggestions = await search.suggest("CAF", { viewer: undefined, limit: 8 });
    assert.deepEqual(suggestions.map((s) => s.text), ["Café tutorial"]);
    // Several words go through the index without spaces (0028) on PGlite too.
    const two = await search.suggest("cafe t", { viewer: undefined, limit: 8 });
    assert.deepEqual(two.map((s) => s.text), ["Café tutorial"]);
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
