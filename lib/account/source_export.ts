/**
 * An archive of an account's source files ("your source files on request"):
 * requested from the data page, built by a job into the exports family of
 * lib/storage/layout.ts
 * (stored, not compressed: video is compressed already), kept for a week and
 * downloaded through a short-lived signed link that only its owner can ask
 * for. The ZIP format without its 64-bit extension stops at 4 GiB, so an
 * archive is cut into parts below that.
 */
import { Zip, ZipPassThrough } from "fflate";
import { z } from "zod";
import type { Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError, RateLimitError } from "../errors.ts";
import { jobKind } from "../queue/mod.ts";
import { newExportKey } from "../storage/layout.ts";
import type { Storage } from "../storage/types.ts";

/** The job that builds an archive (workers/account.ts). */
export const sourceExportKind = jobKind({
  kind: "export_sources",
  payload: z.object({ exportId: z.uuid() }),
  concurrency: 1,
  maxAttempts: 3,
});

/** How long an archive is kept. */
export const EXPORT_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Archives a user may request per day. */
export const EXPORTS_PER_DAY = 3;
/** A part ends before this size (the ZIP format's 4 GiB limit, with room for headers). */
export const MAX_PART_BYTES = 3.5 * 1024 ** 3;

/** One archive as the data page and the API show it. */
export interface SourceExport {
  id: string;
  state: "pending" | "complete" | "error";
  parts: number;
  sizeBytes: number;
  videoCount: number;
  error: string | null;
  createdAt: Date;
  expiresAt: Date | null;
}

const COLUMNS = (sql: Sql) =>
  sql`id, state, cardinality(object_keys) as parts, size_bytes::float8 as "sizeBytes",
      video_count as "videoCount", error, created_at as "createdAt", expires_at as "expiresAt"`;

/** Queues an archive of `userId`'s sources: one at a time, a few a day. */
export async function requestSourceExport(sql: Sql, userId: string): Promise<SourceExport> {
  const row = await sql.begin(async (tx) => {
    // Serialises two requests of one user (a double click).
    await tx`select 1 from users where id = ${userId} for update`;
    const [recent] = await tx<{ pending: number; today: number }[]>`
      select count(*) filter (where state = 'pending')::int as pending,
             count(*) filter (where created_at > now() - interval '1 day')::int as today
      from account_exports where user_id = ${userId}`;
    if (recent.pending > 0) throw new ConflictError("An export is already being prepared.");
    if (recent.today >= EXPORTS_PER_DAY) {
      throw new RateLimitError(3600, {
        message: `You can ask for ${EXPORTS_PER_DAY} exports a day; try again tomorrow.`,
      });
    }
    const [made] = await tx<SourceExport[]>`
      insert into account_exports (user_id) values (${userId}) returning ${COLUMNS(sql)}`;
    await sourceExportKind.enqueue(tx, { exportId: made.id }, {
      ownerId: userId,
      dedupeKey: `export:${made.id}`,
    });
    return made;
  });
  return row;
}

/** A user's recent archives, newest first (expired ones included, without links). */
export async function listSourceExports(sql: Sql, userId: string): Promise<SourceExport[]> {
  return await sql<SourceExport[]>`
    select ${COLUMNS(sql)} from account_exports where user_id = ${userId}
    order by created_at desc limit 10`;
}

/** A signed link to one part of one of `userId`'s complete, unexpired archives. */
export async function sourceExportUrl(
  deps: { sql: Sql; storage: Storage },
  userId: string,
  options: { exportId: string; part: number },
): Promise<string> {
  const [row] = await deps.sql<{ keys: string[] }[]>`
    select object_keys as keys from account_exports
    where id = ${options.exportId} and user_id = ${userId} and state = 'complete'
      and expires_at > now()`;
  const key = row?.keys[options.part - 1];
  if (!key) throw new NotFoundError("That export is not available.");
  return await deps.storage.presignGet(key, { expiresIn: 15 * 60 });
}

/** A file name for a source in the archive: its title, made safe, and its id. */
export function archiveName(title: string, id: string, contentType: string): string {
  const ext = { "video/mp4": "mp4", "video/webm": "webm", "video/quicktime": "mov" }[contentType] ??
    "bin";
  const safe = title.normalize("NFKC").replace(/[^\p{L}\p{N} ._-]+/gu, "").trim().slice(0, 80);
  return `${safe || "video"}-${id}.${ext}`;
}

/**
 * Builds the archive `exportId` asks for, part by part, through a file in
 * `tmpDir` (a part is streamed out of storage into the ZIP and then into
 * storage again, never held in memory). Safe to run again: a finished export
 * is left alone.
 */
export async function buildSourceExport(
  deps: { sql: Sql; storage: Storage },
  exportId: string,
  options: { tmpDir: string; maxPartBytes?: number },
): Promise<SourceExport | undefined> {
  const [job] = await deps.sql<{ userId: string }[]>`
    select user_id as "userId" from account_exports where id = ${exportId} and state = 'pending'`;
  if (!job) return undefined;
  // The type the uploader declared (a local store keeps none of its own).
  const videos = await deps.sql<
    { id: string; title: string; sourceKey: string; mimeType: string | null }[]
  >`
    select v.id, v.title, v.source_key as "sourceKey",
      (select u.mime_type from uploads u where u.video_id = v.id and u.status = 'completed'
       order by u.created_at desc limit 1) as "mimeType"
    from videos v
    where v.owner_id = ${job.userId} and v.source_key is not null order by v.created_at limit 10000`;
  const limit = options.maxPartBytes ?? MAX_PART_BYTES;
  const keys: string[] = [];
  let total = 0;
  let count = 0;
  let part: PartWriter | undefined;
  for (const v of videos) {
    const object = await deps.storage.get(v.sourceKey);
    if (!object) continue;
    if (part && part.bytes + object.size > limit) {
      const finished = await part.finish(deps.storage);
      keys.push(finished.key);
      total += finished.size;
      part = undefined;
    }
    part ??= await PartWriter.open(
      `${options.tmpDir}/${exportId}-${keys.length + 1}.zip`,
      job.userId,
    );
    await part.add(archiveName(v.title, v.id, v.mimeType ?? object.contentType), object.body);
    count++;
  }
  if (part) {
    const finished = await part.finish(deps.storage);
    keys.push(finished.key);
    total += finished.size;
  }
  const [row] = await deps.sql<SourceExport[]>`
    update account_exports set state = 'complete', object_keys = ${keys}, size_bytes = ${total},
      video_count = ${count}, finished_at = now(),
      expires_at = now() + ${EXPORT_TTL_MS}::float8 * interval '1 millisecond'
    where id = ${exportId} returning ${COLUMNS(deps.sql)}`;
  return row;
}

/** Marks an archive that could not be built (the job ran out of attempts). */
export async function failSourceExport(sql: Sql, exportId: string, reason: string): Promise<void> {
  await sql`update account_exports set state = 'error', error = ${reason.slice(0, 500)},
    finished_at = now() where id = ${exportId} and state = 'pending'`;
}

/** One ZIP part being written to a temporary file. */
class PartWriter {
  bytes = 0;
  #writes: Promise<unknown> = Promise.resolve();
  #failed: unknown;
  #done!: Promise<void>;
  #zip!: Zip;

  private constructor(readonly path: string, readonly key: string, readonly file: Deno.FsFile) {}

  static async open(path: string, userId: string): Promise<PartWriter> {
    const file = await Deno.open(path, { write: true, create: true, truncate: true, mode: 0o600 });
    const w = new PartWriter(path, newExportKey(userId), file);
    let resolve!: () => void;
    w.#done = new Promise((ok) => resolve = ok);
    w.#zip = new Zip((err, chunk, final) => {
      if (err) w.#failed = err;
      // fflate hands chunks over synchronously; writes are chained in order.
      w.#writes = w.#writes.then(() => file.write(chunk)).then(() => {
        w.bytes += chunk.length;
      });
      if (final) w.#writes.then(resolve, resolve);
    });
    return w;
  }

  /** Streams one file into the archive, waiting for each chunk to reach the disk. */
  async add(name: string, body: ReadableStream<Uint8Array>): Promise<void> {
    const entry = new ZipPassThrough(name);
    entry.mtime = new Date();
    this.#zip.add(entry);
    for await (const chunk of body) {
      entry.push(chunk);
      await this.#writes;
      if (this.#failed) throw this.#failed;
    }
    entry.push(new Uint8Array(0), true);
    await this.#writes;
  }

  /** Closes the archive and stores it; the temporary file is removed. */
  async finish(storage: Storage): Promise<{ key: string; size: number }> {
    this.#zip.end();
    await this.#done;
    await this.#writes;
    if (this.#failed) throw this.#failed;
    this.file.close();
    try {
      const { size } = await Deno.stat(this.path);
      const reader = await Deno.open(this.path, { read: true });
      await storage.put(this.key, reader.readable, { size, contentType: "application/zip" });
      return { key: this.key, size };
    } finally {
      await Deno.remove(this.path).catch(() => {});
    }
  }
}
