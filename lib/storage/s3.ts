import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Readable } from "node:stream";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { log } from "../log.ts";
import { assertKey, contentTypeFor } from "./keys.ts";
import {
  type ByteRange,
  type CompletedPart,
  DEFAULT_URL_TTL,
  type ObjectBody,
  type ObjectInfo,
  type PutBody,
  type Storage,
} from "./types.ts";

/** Settings for an S3-protocol store (AWS, R2, MinIO, Ceph RGW, s3rver). */
export interface S3Options {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

/** Object storage on any S3-protocol service, with presigned URLs for browsers. */
export class S3Storage implements Storage {
  readonly kind = "s3";
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(options: S3Options) {
    this.#bucket = options.bucket;
    this.#client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: options.accessKeyId
        ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey! }
        : undefined,
      // The SDK's default flexible checksums frame streamed bodies as aws-chunked
      // and add an empty-body CRC to presigned PUTs, which S3-compatible servers
      // mishandle; only send checksums an operation requires.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async put(key: string, body: PutBody, options: { contentType?: string; size?: number } = {}) {
    assertKey(key);
    let payload: Uint8Array | string | Readable;
    if (body instanceof ReadableStream) {
      // A stream without a length cannot be sent in one PUT; small objects only.
      payload = options.size === undefined
        ? new Uint8Array(await new Response(body).arrayBuffer())
        : Readable.fromWeb(body as import("node:stream/web").ReadableStream);
    } else payload = body;
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        Body: payload,
        ContentLength: body instanceof ReadableStream ? options.size : undefined,
        ContentType: options.contentType ?? contentTypeFor(key),
      }),
    );
  }

  async get(key: string, options: { range?: ByteRange } = {}): Promise<ObjectBody | undefined> {
    assertKey(key);
    const range = options.range ? `bytes=${options.range.start}-${options.range.end}` : undefined;
    try {
      const r = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: key, Range: range }),
      );
      const total = r.ContentRange ? Number(r.ContentRange.split("/")[1]) : Number(r.ContentLength);
      return {
        key,
        size: total,
        etag: r.ETag ?? "",
        contentType: r.ContentType ?? contentTypeFor(key),
        lastModified: r.LastModified ?? new Date(0),
        body: r.Body!.transformToWebStream() as ReadableStream<Uint8Array>,
        range: options.range,
      };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    assertKey(key);
    try {
      const r = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return {
        key,
        size: Number(r.ContentLength ?? 0),
        etag: r.ETag ?? "",
        contentType: r.ContentType ?? contentTypeFor(key),
        lastModified: r.LastModified ?? new Date(0),
      };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }

  async *list(prefix: string): AsyncIterable<{ key: string; size: number }> {
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: prefix,
          ContinuationToken: token,
        }),
      );
      for (const o of page.Contents ?? []) yield { key: o.Key!, size: Number(o.Size ?? 0) };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  presignGet(key: string, options: { expiresIn?: number } = {}): Promise<string> {
    assertKey(key);
    return getSignedUrl(this.#client, new GetObjectCommand({ Bucket: this.#bucket, Key: key }), {
      expiresIn: options.expiresIn ?? DEFAULT_URL_TTL,
    });
  }

  async createMultipart(key: string, options: { contentType?: string } = {}): Promise<string> {
    assertKey(key);
    const r = await this.#client.send(
      new CreateMultipartUploadCommand({
        Bucket: this.#bucket,
        Key: key,
        ContentType: options.contentType ?? contentTypeFor(key),
      }),
    );
    return r.UploadId!;
  }

  presignPart(
    key: string,
    uploadId: string,
    options: { partNumber: number; expiresIn?: number; size?: number },
  ): Promise<string> {
    assertKey(key);
    const cmd = new UploadPartCommand({
      Bucket: this.#bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: options.partNumber,
      ContentLength: options.size,
    });
    return getSignedUrl(this.#client, cmd, { expiresIn: options.expiresIn ?? DEFAULT_URL_TTL });
  }

  async completeMultipart(
    key: string,
    uploadId: string,
    parts: CompletedPart[],
  ): Promise<ObjectInfo> {
    assertKey(key);
    if (parts.length === 0) throw new ValidationError("An upload needs at least one part.");
    try {
      await this.#client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.#bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: {
            Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
          },
        }),
      );
    } catch (err) {
      if (err instanceof S3ServiceException && err.name === "NoSuchUpload") {
        throw new NotFoundError("No such upload.");
      }
      if (err instanceof S3ServiceException && /^Invalid(Part|PartOrder)$/.test(err.name)) {
        throw new ConflictError(`The parts do not match the upload: ${err.message}`);
      }
      throw err;
    }
    return (await this.head(key))!;
  }

  async abortMultipart(key: string, uploadId: string): Promise<void> {
    assertKey(key);
    try {
      await this.#client.send(
        new AbortMultipartUploadCommand({ Bucket: this.#bucket, Key: key, UploadId: uploadId }),
      );
    } catch (err) {
      if (err instanceof S3ServiceException && err.name === "NoSuchUpload") return;
      // Some S3-compatible servers (s3rver) do not implement AbortMultipartUpload; the
      // bucket's AbortIncompleteMultipartUpload lifecycle rule (see README) reclaims the parts.
      if (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 405) {
        log("warn", "storage cannot abort multipart uploads; leaving it to the bucket lifecycle", {
          key,
        });
        return;
      }
      throw err;
    }
  }

  localPath(_key: string): undefined {
    return undefined;
  }

  selfServed(): undefined {
    return undefined;
  }

  sweepTemporary(_options: { olderThanMs: number }): Promise<number> {
    // Abandoned multipart uploads are the bucket lifecycle's to expire.
    return Promise.resolve(0);
  }

  async ping(): Promise<void> {
    await this.#client.send(new HeadBucketCommand({ Bucket: this.#bucket }));
  }
}

function isMissing(err: unknown): boolean {
  return err instanceof S3ServiceException &&
    (err.name === "NoSuchKey" || err.name === "NotFound" || err.$metadata.httpStatusCode === 404);
}
