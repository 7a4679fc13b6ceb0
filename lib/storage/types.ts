/** What a stored object looks like from outside. */
export interface ObjectInfo {
  key: string;
  size: number;
  etag: string;
  contentType: string;
  lastModified: Date;
}

/** An inclusive byte range, already resolved against the object's size. */
export interface ByteRange {
  start: number;
  end: number;
}

/** A readable object, or part of one. */
export interface ObjectBody extends ObjectInfo {
  body: ReadableStream<Uint8Array>;
  /** The range returned, when one was asked for. */
  range?: ByteRange;
}

/** A part the client reported after uploading it. */
export interface CompletedPart {
  partNumber: number;
  etag: string;
}

/** Data for `put`: bytes, text or a stream (give `size` with a stream when known). */
export type PutBody = Uint8Array | string | ReadableStream<Uint8Array>;

/**
 * Object storage as VideoFlow uses it. Two implementations: S3 (any
 * S3-protocol service) and a local directory served by the web tier.
 */
export interface Storage {
  readonly kind: "local" | "s3";
  put(key: string, body: PutBody, options?: { contentType?: string; size?: number }): Promise<void>;
  /** Returns undefined when the object does not exist. */
  get(key: string, options?: { range?: ByteRange }): Promise<ObjectBody | undefined>;
  head(key: string): Promise<ObjectInfo | undefined>;
  /**
   * `head()` answered at once, where that is cheap (a local file's stat, a few µs, against
   * tens for the asynchronous one): the media edge checks objects it serves from memory.
   */
  headNow?(key: string): ObjectInfo | undefined;
  /** Deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
  list(prefix: string): AsyncIterable<{ key: string; size: number }>;
  presignGet(key: string, options?: { expiresIn?: number }): Promise<string>;
  createMultipart(key: string, options?: { contentType?: string }): Promise<string>;
  presignPart(
    key: string,
    uploadId: string,
    options: { partNumber: number; expiresIn?: number; size?: number },
  ): Promise<string>;
  completeMultipart(key: string, uploadId: string, parts: CompletedPart[]): Promise<ObjectInfo>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
  /** Cheap reachability check for /readyz. */
  ping(): Promise<void>;
  /**
   * The local file holding `key`, for tools that read files directly
   * (ffprobe), or undefined when the store is remote (read a presigned GET).
   */
  localPath(key: string): string | undefined;
  /**
   * The store again when its presigned URLs point at the web tier itself,
   * which must then serve them (routes/storage.ts); undefined when the URLs
   * go to the store (S3).
   */
  selfServed(): SelfServedStorage | undefined;
  /**
   * Removes what interrupted writes left behind (temporary files older than
   * `olderThanMs`); returns how many. Remote stores keep nothing of the kind.
   */
  sweepTemporary(options: { olderThanMs: number }): Promise<number>;
}

/**
 * The part of a store a job handler uses: on a remote runner these go
 * through the web tier's runner API, limited to the job's own keys.
 */
export type JobStorage = Pick<Storage, "get" | "put" | "list" | "delete">;

/** A store whose presigned URLs the web tier serves: it checks their signatures itself. */
export interface SelfServedStorage extends Storage {
  /** Stores one part PUT through a presigned URL (signature and size checked); its quoted ETag. */
  acceptPart(
    target: { uploadId: string; partNumber: number; exp: number; sig: string; size?: number },
    body: ReadableStream<Uint8Array>,
  ): Promise<string>;
  /** Checks a presigned GET's signature. */
  verifyGet(key: string, query: { exp: number; sig: string }): "ok" | "expired" | "invalid";
}

/** Presigned URLs live this long unless asked otherwise (seconds). */
export const DEFAULT_URL_TTL = 15 * 60;
