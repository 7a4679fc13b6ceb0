/** Migration 0009 keeps what creators chose: free-text categories and old tags carry over. */
import assert from "node:assert/strict";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../lib/db/migrate.ts";
import { freshDatabase } from "./_harness/db.ts";

Deno.test("0009 maps free-text categories onto the list and folds old tags to the canonical form", async () => {
  const db = await freshDatabase();
  try {
    const sql = db.sql;
    const all = await readMigrations(MIGRATIONS_DIR);
    await migrate(sql, all.filter((m) => m.version < 9));
    const [u] = await sql`insert into users (email, password_hash, display_name)
      values ('m@x.test', 'x', 'M') returning id`;
    const add = async (category: string | null, tags: string[] = []) => {
      const [v] = await sql`insert into videos (owner_id, title, category, tags)
        values (${u.id}, 't', ${category}, ${tags}) returning id`;
      return v.id as string;
    };
    const music = await add("Music");
    const musicLower = await add(" music ");
    const film = await add("Film & Animation");
    const custom = await add("Cooking Tips");
    const customAgain = await add("cooking tips");
    const symbols = await add("!!!");
    const none = await add(null, [
      "Café",
      "CAFE",
      "Jazz Piano",
      "#tea",
      ...Array.from(
        { length: 12 },
        (_, i) => `extra ${i}`,
      ),
    ]);

    await migrate(sql, all.filter((m) => m.version <= 9));
    const cat = async (id: string) =>
      (await sql`select category from videos where id = ${id}`)[0].category;
    assert.equal(await cat(music), "music");
    assert.equal(await cat(musicLower), "music");
    assert.equal(await cat(film), "film");
    assert.equal(await cat(custom), "cooking-tips");
    assert.equal(await cat(customAgain), "cooking-tips");
    assert.equal(await cat(symbols), null, "nothing usable left: uncategorised");
    const [made] = await sql`select name from categories where slug = 'cooking-tips'`;
    assert.ok(made, "an unknown category becomes one of its own");

    const [{ tags }] = await sql`select tags from videos where id = ${none}`;
    assert.deepEqual(tags, [
      "cafe",
      "jazz-piano",
      "tea",
      ...Array.from({ length: 7 }, (_, i) => `extra-${i}`),
    ]);
    // The category is now a foreign key: a value off the list is refused.
    await assert.rejects(sql`update videos set category = 'nope' where id = ${music}`);
  } finally {
    await db.drop();
  }
});
