/**
 * Who may see a video in a list: the SQL conditions of lib/videos/access.ts
 * against a real database, and their one-row twin, over every visibility,
 * a few states and every kind of viewer.
 */
import assert from "node:assert/strict";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../lib/db/migrate.ts";
import { mayView, publicListedSql, viewableSql, type Viewer } from "../lib/videos/access.ts";
import { freshDatabase } from "./_harness/db.ts";

Deno.test("publicListedSql and viewableSql admit exactly who may see each video", async () => {
  const db = await freshDatabase();
  const { sql } = db;
  try {
    await migrate(sql, await readMigrations(MIGRATIONS_DIR));
    const [owner, other, admin] =
      await sql`insert into users (email, password_hash, display_name, role)
      values ('o@example.com', 'x', 'O', 'creator'), ('p@example.com', 'x', 'P', 'viewer'),
             ('a@example.com', 'x', 'A', 'admin') returning id, role`;
    const videos: Record<string, string> = {};
    for (const visibility of ["public", "unlisted", "private"]) {
      for (const status of ["published", "processing", "uploaded"]) {
        const playable = status === "published" ? sql`now()` : sql`null`;
        const [v] = await sql`insert into videos (owner_id, visibility, status, playable_at)
          values (${owner.id}, ${visibility}, ${status}, ${playable}) returning id`;
        videos[`${visibility}/${status}`] = v.id;
      }
    }
    const names = (ids: { id: string }[]) =>
      Object.entries(videos).filter(([, id]) => ids.some((r) => r.id === id)).map(([k]) => k)
        .sort();
    const publicRows = await sql<{ id: string }[]>`select v.id from videos v where ${
      publicListedSql(sql)
    }`;
    assert.deepEqual(names(publicRows), ["public/published"]);
    const cases: [Viewer, string[]][] = [
      [undefined, ["public/published", "unlisted/published"]],
      [{ id: other.id, role: "viewer" }, ["public/published", "unlisted/published"]],
      [{ id: owner.id, role: "creator" }, [
        "private/published",
        "public/published",
        "unlisted/published",
      ]],
      [{ id: admin.id, role: "admin" }, [
        "private/published",
        "public/published",
        "unlisted/published",
      ]],
    ];
    for (const [viewer, expected] of cases) {
      const rows = await sql<
        { id: string }[]
      >`select v.id, v.owner_id as "ownerId", v.visibility, v.status
        from videos v where ${viewableSql(sql, viewer)}`;
      assert.deepEqual(names(rows), expected, `viewer ${viewer?.role ?? "anonymous"}`);
      const all = await sql<
        {
          id: string;
          ownerId: string;
          visibility: string;
          status: string;
          playableAt: Date | null;
        }[]
      >`select v.id, v.owner_id as "ownerId", v.visibility, v.status, v.playable_at as "playableAt"
        from videos v`;
      assert.deepEqual(names(all.filter((v) => mayView(v, viewer))), expected);
    }
  } finally {
    await db.drop();
  }
});
