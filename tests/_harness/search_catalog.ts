import type { Sql } from "../../lib/db/mod.ts";

/** A user straight in the database (no password); returns the id. */
export async function addUser(sql: Sql, displayName: string): Promise<string> {
  const [u] = await sql<{ id: string }[]>`
    insert into users (email, password_hash, display_name)
    values (${`s${crypto.randomUUID()}@example.test`}, 'x', ${displayName}) returning id`;
  return u.id;
}

/** A video row with search-relevant fields; public and ready unless told otherwise. */
export async function addVideo(
  sql: Sql,
  ownerId: string,
  fields: {
    title: string;
    description?: string;
    tags?: string[];
    category?: string;
    visibility?: string;
    status?: string;
    durationS?: number;
    viewCount?: number;
    publishedAgo?: string;
    /** False: no rendition yet (playable_at null). */
    playable?: boolean;
  },
): Promise<string> {
  const [v] = await sql<{ id: string }[]>`
    insert into videos (owner_id, title, description, tags, category, visibility, status,
                        duration_s, view_count, playable_at, published_at)
    values (${ownerId}, ${fields.title}, ${fields.description ?? ""}, ${fields.tags ?? []},
            ${fields.category ?? null}, ${fields.visibility ?? "public"},
            ${fields.status ?? "ready"}, ${fields.durationS ?? 60}, ${fields.viewCount ?? 0},
            ${fields.playable === false ? null : new Date()},
            now() - ${fields.publishedAgo ?? "1 minute"}::interval)
    returning id`;
  return v.id;
}
