import { ConflictError, NotFoundError, PermissionError, ValidationError } from "../errors.ts";
import { sign, verify } from "../signing.ts";
import { ensurePrivateDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "../private_fs.ts";
import { appendFile, toStream, writeStreamToFile } from "./_files.ts";
import { openFileBody } from "./_file_body.ts";
import type { ReceiveSlots } from "./receive_slots.ts";
import { assertKey, contentTypeFor } from "./keys.ts";
import {
  type ByteRange,
  type CompletedPart,
  DEFAULT_URL_TTL,
  type ObjectBody,
  type ObjectInfo,
  type PutBody,
  type SelfServedStorage,
} from "./types.ts";

/** Bytes copied at a time when parts are joined. */
const COPY_BUFFER_BYTES = 256 * 1024;

/** Largest single part the local store accepts (S3's own limit is 5 GiB). */
export const MAX_LOCAL_PART = 512 * 1024 * 1024;

/**
 * Object storage in a local directory. Writes are atomic (a temporary file
 * renamed into place); presigned URLs point at the web tier's /_storage routes
 * and are HMAC-signed, so a browser uses them exactly like S3's.
 */
export class LocalStorage implements SelfServedStorage {
  readonly kind = "local";
  readonly #root: string;
  readonly #secret: string;
  readonly #baseUrl: string;
  readonly #receiving?: ReceiveSlots;

  /** `receiving` caps how many part bodies are read at once (none when absent). */
  constructor(
    root: string,
    options: { secret: string; publicUrl: string; receiving?: ReceiveSlots },
  ) {
    this.#root = root.replace(/\/+$/, "");
    this.#secret = options.secret;
    this.#baseUrl = options.publicUrl.replace(/\/+$/, "");
    this.#receiving = options.receiving;
  }

  /** Creates the directory tree, private to this user (0700 directories, 0600 files). */
  async init(): Promise<this> {
    await ensurePrivateDir(this.#root);
    await ensurePrivateDir(`${this.#root}/.tmp`);
    await ensurePrivateDir(`${this.#root}/.multipart`);
    return this;
  }

  async put(key: string, body: PutBody, options: { contentType?: string } = {}): Promise<void> {
    assertKey(key);
    void options; // content types derive from the key's extension locally
    const tmp = this.#tmpPath();
    await writeStreamToFile(tmp, toStream(body));
    await this.#moveIntoPlace(tmp, key);
  }

  async get(key: string, options: { range?: ByteRange } = {}): Promise<ObjectBody | undefined> {
    assertKey(key);
    // One open and one fstat, not a stat first: the media edge serves every segment through here.
    const opened = await openFileBody(this.#path(key), options.range);
    if (!opened) return undefined;
    return { ...fileInfo(key, opened.stat), body: opened.body, range: options.range };
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    assertKey(key);
    return await Deno.stat(this.#path(key)).then((st) => fileOnly(key, st), missing);
  }

  headNow(key: string): ObjectInfo | undefined {
    assertKey(key);
    try {
      return fileOnly(key, Deno.statSync(this.#path(key)));
    } catch (err) {
      return missing(err);
    }
  }

  /** The file holding `key`, for tools (ffprobe) that read files directly. */
  filePath(key: string): string {
    assertKey(key);
    return this.#path(key);
  }

  localPath(key: string): string {
    return this.filePath(key);
  }

  selfServed(): SelfServedStorage {
    return this;
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await Deno.remove(this.#path(key)).catch((err) => {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    });
  }

  async *list(prefix: string): AsyncIterable<{ key: string; size: number }> {
    const dir = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
    const keys: { key: string; size: number }[] = [];
    await this.#walk(dir, keys);
    keys.sort((a, b) => a.key < b.key ? -1 : 1);
    for (const k of keys) if (k.key.startsWith(prefix)) yield k;
  }

  presignGet(key: string, options: { expiresIn?: number } = {}): Promise<string> {
    assertKey(key);
    const s = sign(this.#secret, "get", { fields: [key], exp: expiry(options.expiresIn) });
    const path = key.split("/").map(encodeURIComponent).join("/");
    return Promise.resolve(`${this.#baseUrl}/_storage/objects/${path}?exp=${s.exp}&sig=${s.sig}`);
  }

  /** Checks a presigned GET's signature: "ok", "expired" or "invalid". */
  verifyGet(key: string, query: { exp: number; sig: string }): "ok" | "expired" | "invalid" {
    return verify(this.#secret, "get", { fields: [key], ...query });
  }

  async createMultipart(key: string, options: { contentType?: string } = {}): Promise<string> {
    assertKey(key);
    const uploadId = crypto.randomUUID();
    await Deno.mkdir(this.#partsDir(uploadId), { mode: PRIVATE_DIR_MODE });
    const meta = { key, contentType: options.contentType ?? contentTypeFor(key) };
    await Deno.writeTextFile(`${this.#partsDir(uploadId)}/meta.json`, JSON.stringify(meta), {
      mode: PRIVATE_FILE_MODE,
    });
    return uploadId;
  }

  presignPart(
    key: string,
    uploadId: string,
    options: { partNumber: number; expiresIn?: number; size?: number },
  ): Promise<string> {
    assertKey(key);
    const size = options.size === undefined ? "" : String(options.size);
    const fields = [uploadId, String(options.partNumber), size];
    const s = sign(this.#secret, "part", { fields, exp: expiry(options.expiresIn) });
    const sizeQuery = size ? `&size=${size}` : "";
    return Promise.resolve(
      `${this.#baseUrl}/_storage/parts/${uploadId}/${options.partNumber}?exp=${s.exp}${sizeQuery}&sig=${s.sig}`,
    );
  }

  /**
   * Receives one part through a presigned URL: checks the signature, then
   * streams the body to disk. Returns the part's ETag (quoted, as S3 does).
   */
  async acceptPart(
    target: { uploadId: string; partNumber: number; exp: number; sig: string; size?: number },
    body: ReadableStream<Uint8Array>,
  ): Promise<string> {
    const { uploadId, partNumber, size } = target;
    const verdict = verify(this.#secret, "part", {
      fields: [uploadId, String(partNumber), size === undefined ? "" : String(size)],
      exp: target.exp,
      sig: target.sig,
    });
    if (verdict !== "ok") throw linkError(verdict);
    await this.#readMeta(uploadId);
    // Checked before the wait: a refused part never holds or queues for a slot.
    const slot = await this.#receiving?.take();
    const tmp = this.#tmpPath();
    let got = 0;
    try {
      ({ size: got } = await writeStreamToFile(tmp, body, {
        maxBytes: size ?? MAX_LOCAL_PART,
        onBytes: slot?.count,
      }));
    } finally {
      slot?.release();
    }
    if (size !== undefined && got !== size) {
      await Deno.remove(tmp);
      throw new ValidationError(
        `Part ${partNumber} must be exactly ${size} bytes; ${got} arrived.`,
      );
    }
    // The ETag only has to identify this stored copy of the part (completion
    // compares it); hashing every byte would cost CPU and memory for nothing.
    const etag = crypto.randomUUID().replaceAll("-", "");
    try {
      await Deno.writeTextFile(`${tmp}.etag`, etag, { mode: PRIVATE_FILE_MODE });
      await Deno.rename(`${tmp}.etag`, `${this.#partsDir(uploadId)}/${partNumber}.etag`);
      await Deno.rename(tmp, `${this.#partsDir(uploadId)}/${partNumber}`);
    } catch (err) {
      // The upload was aborted or completed while this part streamed in: its
      // folder is gone. Leave nothing behind in the temporary folder.
      await Promise.all(
        [Deno.remove(tmp), Deno.remove(`${tmp}.etag`)].map((p) => p.catch(() => {})),
      );
      if (err instanceof Deno.errors.NotFound) throw new NotFoundError("No such upload.");
      throw err;
    }
    return `"${etag}"`;
  }

  async completeMultipart(
    key: string,
    uploadId: string,
    parts: CompletedPart[],
  ): Promise<ObjectInfo> {
    const meta = await this.#readMeta(uploadId);
    if (meta.key !== key) throw new NotFoundError("No such upload.");
    if (parts.length === 0) throw new ValidationError("An upload needs at least one part.");
    const dir = this.#partsDir(uploadId);
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i > 0 && p.partNumber <= parts[i - 1].partNumber) {
        throw new ValidationError("Parts must be listed in ascending order, each once.");
      }
      const stored = await Deno.readTextFile(`${dir}/${p.partNumber}.etag`).catch(() => undefined);
      if (stored === undefined || `"${stored}"` !== normalizeEtag(p.etag)) {
        throw new ConflictError(`Part ${p.partNumber} is missing or its ETag does not match.`);
      }
    }
    const tmp = this.#tmpPath();
    const out = await Deno.open(tmp, { write: true, createNew: true, mode: PRIVATE_FILE_MODE });
    try {
      // One buffer for every part: piping each part's stream made a 64 KiB chunk per read,
      // gigabytes of garbage when many uploads complete at once (issue 18, P6).
      const buffer = new Uint8Array(COPY_BUFFER_BYTES);
      for (const p of parts) await appendFile(out, `${dir}/${p.partNumber}`, buffer);
      await out.sync();
    } catch (err) {
      await Deno.remove(tmp).catch(() => {});
      throw err;
    } finally {
      out.close();
    }
    await this.#moveIntoPlace(tmp, key);
    await Deno.remove(dir, { recursive: true });
    return (await this.head(key))!;
  }

  async abortMultipart(_key: string, uploadId: string): Promise<void> {
    if (!UUID_RE.test(uploadId)) return;
    await Deno.remove(this.#partsDir(uploadId), { recursive: true }).catch((err) => {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    });
  }

  async ping(): Promise<void> {
    await Deno.stat(`${this.#root}/.tmp`);
  }

  async #readMeta(uploadId: string): Promise<{ key: string; contentType: string }> {
    if (!UUID_RE.test(uploadId)) throw new NotFoundError("No such upload.");
    try {
      return JSON.parse(await Deno.readTextFile(`${this.#partsDir(uploadId)}/meta.json`));
    } catch {
      throw new NotFoundError("No such upload.");
    }
  }

  async #moveIntoPlace(tmp: string, key: string): Promise<void> {
    const path = this.#path(key);
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), {
      recursive: true,
      mode: PRIVATE_DIR_MODE,
    });
    await Deno.rename(tmp, path);
  }

  async #walk(dir: string, out: { key: string; size: number }[]): Promise<void> {
    try {
      for await (const e of Deno.readDir(dir ? this.#path(dir) : this.#root)) {
        if (!dir && e.name.startsWith(".")) continue;
        const key = dir ? `${dir}/${e.name}` : e.name;
        if (e.isDirectory) await this.#walk(key, out);
        else if (e.isFile) out.push({ key, size: (await Deno.stat(this.#path(key))).size });
      }
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }

  #path(key: string): string {
    return `${this.#root}/${key}`;
  }
  #partsDir(uploadId: string): string {
    return `${this.#root}/.multipart/${uploadId}`;
  }
  async sweepTemporary(options: { olderThanMs: number }): Promise<number> {
    const dir = `${this.#root}/.tmp`;
    const before = Date.now() - options.olderThanMs;
    let removed = 0;
    for await (const e of Deno.readDir(dir)) {
      const path = `${dir}/${e.name}`;
      const st = await Deno.stat(path).catch(() => undefined);
      if (!st || (st.mtime?.getTime() ?? 0) >= before) continue;
      await Deno.remove(path, { recursive: true }).then(() => removed++, () => {});
    }
    return removed;
  }

  #tmpPath(): string {
    return `${this.#root}/.tmp/${crypto.randomUUID()}`;
  }
}

/** A refused presigned URL: a permission failure that says why. */
export function linkError(verdict: "expired" | "invalid"): PermissionError {
  return new PermissionError(
    verdict === "expired" ? "This link has expired." : "This link is not valid.",
  );
}

/** What a stored file looks like from outside. */
function fileInfo(key: string, st: Deno.FileInfo): ObjectInfo {
  const mtime = st.mtime ?? new Date(0);
  return {
    key,
    size: st.size,
    // Like nginx: size and mtime, which change whenever the bytes do (writes are renames).
    etag: `"${st.size.toString(16)}-${mtime.getTime().toString(16)}"`,
    contentType: contentTypeFor(key),
    lastModified: mtime,
  };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expiry(expiresIn = DEFAULT_URL_TTL): number {
  return Math.floor(Date.now() / 1000) + expiresIn;
}

function normalizeEtag(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`;
}

/** A stat's facts when it is a file (a directory is no object). */
function fileOnly(key: string, st: Deno.FileInfo): ObjectInfo | undefined {
  return st.isFile ? fileInfo(key, st) : undefined;
}

/** No such file is no object; any other failure is one. */
function missing(err: unknown): undefined {
  if (err instanceof Deno.errors.NotFound) return undefined;
  throw err;
}
