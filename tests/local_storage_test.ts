/** What only the local store does: its own signed URLs, checked by the web tier. */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { errorHandler } from "../middleware/error_handler.ts";
import { NotFoundError } from "../lib/errors.ts";
import { LocalStorage } from "../lib/storage/local.ts";
import { storageRoutes } from "../routes/storage.ts";

async function setup() {
  const dir = await Deno.makeTempDir({ prefix: "vf-local-" });
  const storage = await new LocalStorage(dir, {
    secret: "k".repeat(40),
    publicUrl: "http://vf.test",
  })
    .init();
  const app = new Hono();
  app.onError(errorHandler({ page: (c, s) => c.text("page", s) }));
  app.route("/", storageRoutes({ storage }));
  return { dir, storage, app, done: () => Deno.remove(dir, { recursive: true }) };
}

Deno.test("local storage refuses tampered and expired part URLs with 403", async () => {
  const { storage, app, done } = await setup();
  try {
    const id = await storage.createMultipart("raw/x/source.mp4");
    const url = new URL(await storage.presignPart("raw/x/source.mp4", id, { partNumber: 1 }));
    const other = new URL(url);
    other.pathname = other.pathname.replace(/\/1$/, "/2");
    const r1 = await app.request(other.pathname + other.search, { method: "PUT", body: "x" });
    assert.equal(r1.status, 403);
    assert.equal((await r1.json()).error.code, "forbidden");

    const expired = new URL(
      await storage.presignPart("raw/x/source.mp4", id, { partNumber: 1, expiresIn: -5 }),
    );
    const r2 = await app.request(expired.pathname + expired.search, { method: "PUT", body: "x" });
    assert.equal(r2.status, 403);
    assert.match((await r2.json()).error.message, /expired/);

    const ok = await app.request(url.pathname + url.search, { method: "PUT", body: "x" });
    assert.equal(ok.status, 200);
  } finally {
    await done();
  }
});

Deno.test("local storage refuses a download URL used for another key, and bad input with 400", async () => {
  const { storage, app, done } = await setup();
  try {
    await storage.put("media/a/secret.ts", "secret");
    await storage.put("media/b/other.ts", "other");
    const url = new URL(await storage.presignGet("media/a/secret.ts"));
    const swapped = url.pathname.replace("a/secret.ts", "b/other.ts") + url.search;
    assert.equal((await app.request(swapped)).status, 403);
    assert.equal((await app.request(url.pathname)).status, 400);
    assert.equal((await app.request(url.pathname + url.search)).status, 200);
    const r = await app.request("/_storage/parts/not-a-uuid/1?exp=1&sig=x", {
      method: "PUT",
      body: "x",
    });
    assert.equal(r.status, 400);
    const body = await r.json();
    assert.equal(body.error.code, "invalid_input");
    assert.ok(body.error.details.fields.some((f: { field: string }) => f.field === "uploadId"));
  } finally {
    await done();
  }
});

Deno.test("local storage answers 416 for a range past the end", async () => {
  const { storage, app, done } = await setup();
  try {
    await storage.put("media/a/seg.ts", "0123456789");
    const url = new URL(await storage.presignGet("media/a/seg.ts"));
    const r = await app.request(url.pathname + url.search, { headers: { Range: "bytes=10-" } });
    assert.equal(r.status, 416);
    assert.equal(r.headers.get("content-range"), "bytes */10");
    const suffix = await app.request(url.pathname + url.search, { headers: { Range: "bytes=-3" } });
    assert.equal(suffix.status, 206);
    assert.equal(await suffix.text(), "789");
  } finally {
    await done();
  }
});

Deno.test("local storage abort removes the parts; the upload can no longer complete", async () => {
  const { storage, app, done, dir } = await setup();
  try {
    const id = await storage.createMultipart("raw/y/source.mp4");
    const url = new URL(await storage.presignPart("raw/y/source.mp4", id, { partNumber: 1 }));
    const r = await app.request(url.pathname + url.search, { method: "PUT", body: "data" });
    const etag = r.headers.get("etag")!;
    await storage.abortMultipart("raw/y/source.mp4", id);
    await assert.rejects(
      () => storage.completeMultipart("raw/y/source.mp4", id, [{ partNumber: 1, etag }]),
      NotFoundError,
    );
    const left = [...Deno.readDirSync(`${dir}/.multipart`)];
    assert.equal(left.length, 0);
  } finally {
    await done();
  }
});

Deno.test("local storage part URLs signed with a size accept only a body of that size", async () => {
  const { storage, app, done } = await setup();
  try {
    const id = await storage.createMultipart("raw/z/source.mp4");
    const url = new URL(
      await storage.presignPart("raw/z/source.mp4", id, { partNumber: 1, size: 4 }),
    );
    const put = (body: string, u = url) =>
      app.request(u.pathname + u.search, { method: "PUT", body });
    const short = await put("abc");
    assert.equal(short.status, 400);
    assert.match((await short.json()).error.message, /exactly 4 bytes/);
    assert.equal((await put("abcde")).status, 413);
    const forged = new URL(url);
    forged.searchParams.set("size", "5");
    assert.equal((await put("abcde", forged)).status, 403);
    assert.equal((await put("abcd")).status, 200);
  } finally {
    await done();
  }
});

Deno.test("a part still streaming when its upload is aborted is a 404 and leaves no temporary file", async () => {
  const { dir, storage, app, done } = await setup();
  try {
    const key = "raw/y/source.mp4";
    const id = await storage.createMultipart(key);
    const url = new URL(await storage.presignPart(key, id, { partNumber: 1 }));
    let push!: (c: Uint8Array) => void;
    let end!: () => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (c) => controller.enqueue(c);
        end = () => controller.close();
      },
    });
    const answer = app.request(url.pathname + url.search, {
      method: "PUT",
      body,
      // @ts-ignore: Deno's fetch needs this for a streamed request body.
      duplex: "half",
    });
    push(new Uint8Array(64 * 1024));
    await new Promise((r) => setTimeout(r, 100));
    await storage.abortMultipart(key, id);
    push(new Uint8Array(64 * 1024));
    end();
    const r = await answer;
    assert.equal(r.status, 404);
    assert.equal((await r.json()).error.code, "not_found");
    assert.deepEqual([...Deno.readDirSync(`${dir}/.tmp`)], []);
  } finally {
    await done();
  }
});

Deno.test("sweepTemporary() removes only temporary files older than asked", async () => {
  const { dir, storage, done } = await setup();
  try {
    await Deno.writeTextFile(`${dir}/.tmp/old`, "x");
    await Deno.utime(
      `${dir}/.tmp/old`,
      new Date(Date.now() - 7200_000),
      new Date(Date.now() - 7200_000),
    );
    await Deno.writeTextFile(`${dir}/.tmp/new`, "x");
    assert.equal(await storage.sweepTemporary({ olderThanMs: 3600_000 }), 1);
    assert.deepEqual([...Deno.readDirSync(`${dir}/.tmp`)].map((e) => e.name), ["new"]);
  } finally {
    await done();
  }
});
