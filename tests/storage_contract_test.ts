/**
 * One contract, two implementations: every Storage behaves the same whether
 * it is the local directory (through the web tier's signed routes) or S3
 * (through s3rver).
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { errorHandler, notFoundHandler } from "../middleware/error_handler.ts";
import { ConflictError, NotFoundError, ValidationError } from "../lib/errors.ts";
import { LocalStorage } from "../lib/storage/local.ts";
import type { Storage } from "../lib/storage/types.ts";
import { storageRoutes } from "../routes/storage.ts";
import { s3Bucket } from "./_harness/uploads.ts";

interface Fixture {
  storage: Storage;
  close(): Promise<void>;
}

async function localFixture(): Promise<Fixture> {
  const dir = await Deno.makeTempDir({ prefix: "vf-local-" });
  const app = new Hono();
  const errorPage = (c: import("hono").Context, status: number) => c.text("error", status as 500);
  app.onError(errorHandler({ page: errorPage }));
  app.notFound(notFoundHandler({ page: errorPage }));
  // The store's URLs need the server's port, and the server needs the store.
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.fetch);
  const storage = await new LocalStorage(dir, {
    secret: "s".repeat(40),
    publicUrl: `http://127.0.0.1:${server.addr.port}`,
  }).init();
  app.route("/", storageRoutes({ storage }));
  return {
    storage,
    async close() {
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

async function s3Fixture(): Promise<Fixture> {
  return { storage: await s3Bucket(), close: async () => {} };
}

const bytes = (n: number, seed = 1) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251);
const text = async (s: ReadableStream<Uint8Array>) =>
  new Uint8Array(await new Response(s).arrayBuffer());

for (const [name, make] of [["local", localFixture], ["s3", s3Fixture]] as const) {
  Deno.test(`${name} storage: put, head, get and ranges round-trip`, async () => {
    const { storage, close } = await make();
    try {
      const data = bytes(100_000);
      await storage.put("media/v1/seg_0.ts", data);
      await storage.put("media/v1/master.m3u8", "#EXTM3U\n");
      await storage.put("media/v1/stream.bin", new Blob([data]).stream(), { size: data.length });

      const info = await storage.head("media/v1/seg_0.ts");
      assert.equal(info?.size, 100_000);
      assert.equal(info?.contentType, "video/mp2t");
      assert.ok(info?.etag);
      assert.equal(
        (await storage.head("media/v1/master.m3u8"))?.contentType,
        "application/vnd.apple.mpegurl",
      );

      const whole = await storage.get("media/v1/stream.bin");
      assert.deepEqual(await text(whole!.body), data);
      const part = await storage.get("media/v1/seg_0.ts", { range: { start: 10, end: 19 } });
      assert.equal(part?.size, 100_000);
      assert.deepEqual(await text(part!.body), data.slice(10, 20));
      const tail = await storage.get("media/v1/seg_0.ts", {
        range: { start: 99_990, end: 99_999 },
      });
      assert.deepEqual(await text(tail!.body), data.slice(99_990));
    } finally {
      await close();
    }
  });

  Deno.test(`${name} storage: missing objects, delete and list by prefix`, async () => {
    const { storage, close } = await make();
    try {
      assert.equal(await storage.head("media/none"), undefined);
      assert.equal(await storage.get("media/none"), undefined);
      await storage.delete("media/none");
      for (
        const k of ["media/a/1.ts", "media/a/2.ts", "media/a/sub/3.ts", "media/ab/4.ts", "raw/a"]
      ) {
        await storage.put(k, k);
      }
      const listed: { key: string; size: number }[] = [];
      for await (const o of storage.list("media/a/")) listed.push(o);
      assert.deepEqual(listed.map((o) => o.key), [
        "media/a/1.ts",
        "media/a/2.ts",
        "media/a/sub/3.ts",
      ]);
      assert.equal(listed[0].size, "media/a/1.ts".length);
      await storage.delete("media/a/1.ts");
      assert.equal(await storage.head("media/a/1.ts"), undefined);
      assert.ok(await storage.head("media/a/2.ts"));
    } finally {
      await close();
    }
  });

  Deno.test(`${name} storage: unsafe keys are refused`, async () => {
    const { storage, close } = await make();
    try {
      for (const key of ["../etc/passwd", "/abs", "a//b", "a/../b", ".multipart/x", "", "a\nb"]) {
        await assert.rejects(() => storage.put(key, "x"), ValidationError, key);
        await assert.rejects(() => storage.head(key), ValidationError, key);
      }
    } finally {
      await close();
    }
  });

  Deno.test(`${name} storage: presigned GET serves bytes and ranges`, async () => {
    const { storage, close } = await make();
    try {
      const data = bytes(5000, 7);
      await storage.put("raw/v2/source.mp4", data);
      const url = await storage.presignGet("raw/v2/source.mp4", { expiresIn: 60 });
      const r = await fetch(url);
      assert.equal(r.status, 200);
      assert.deepEqual(new Uint8Array(await r.arrayBuffer()), data);
      const ranged = await fetch(url, { headers: { Range: "bytes=100-199" } });
      assert.equal(ranged.status, 206);
      assert.deepEqual(new Uint8Array(await ranged.arrayBuffer()), data.slice(100, 200));
    } finally {
      await close();
    }
  });

  Deno.test(`${name} storage: multipart upload through presigned part URLs`, async () => {
    const { storage, close } = await make();
    try {
      const parts = [bytes(5 * 1024 * 1024, 1), bytes(5 * 1024 * 1024, 2), bytes(1234, 3)];
      const key = "raw/v3/source.mp4";
      const uploadId = await storage.createMultipart(key, { contentType: "video/mp4" });
      const done = await Promise.all(parts.map(async (body, i) => {
        const url = await storage.presignPart(key, uploadId, { partNumber: i + 1 });
        const r = await fetch(url, { method: "PUT", body });
        assert.equal(r.status, 200, await r.text());
        const etag = r.headers.get("etag");
        assert.ok(etag, "part PUT returns an ETag");
        return { partNumber: i + 1, etag };
      }));
      const info = await storage.completeMultipart(key, uploadId, done);
      assert.equal(info.size, parts.reduce((n, p) => n + p.length, 0));
      const got = await text((await storage.get(key))!.body);
      assert.deepEqual(got.slice(0, 16), parts[0].slice(0, 16));
      assert.deepEqual(got.slice(5 * 1024 * 1024, 5 * 1024 * 1024 + 16), parts[1].slice(0, 16));
      assert.deepEqual(got.slice(-1234), parts[2]);
    } finally {
      await close();
    }
  });

  Deno.test(`${name} storage: completing with a wrong ETag or an unknown upload fails`, async () => {
    const { storage, close } = await make();
    try {
      const key = "raw/v4/source.mp4";
      const uploadId = await storage.createMultipart(key);
      const url = await storage.presignPart(key, uploadId, { partNumber: 1 });
      assert.equal((await fetch(url, { method: "PUT", body: "hello" })).status, 200);
      // s3rver accepts any part ETag (see FIELD_NOTES); AWS S3 answers InvalidPart,
      // which s3.ts maps to the same ConflictError.
      if (name === "local") {
        await assert.rejects(
          () => storage.completeMultipart(key, uploadId, [{ partNumber: 1, etag: '"0000"' }]),
          ConflictError,
        );
      }
      // s3rver answers an unknown upload with a 500 where AWS S3 says NoSuchUpload
      // (mapped to NotFoundError): both must refuse it.
      await assert.rejects(
        () =>
          storage.completeMultipart(key, "00000000-0000-4000-8000-000000000000", [{
            partNumber: 1,
            etag: '"x"',
          }]),
        name === "local" ? NotFoundError : Error,
      );
      assert.equal(await storage.head(key), undefined);
    } finally {
      await close();
    }
  });
}
