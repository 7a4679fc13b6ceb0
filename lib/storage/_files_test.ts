import assert from "node:assert/strict";
import { appendFile, writeStreamToFile } from "./_files.ts";

/** A byte stream of `total` bytes (i % 251) that counts reads given a buffer vs chunks made. */
function byteSource(total: number) {
  const reads = { intoBuffer: 0, chunked: 0 };
  let at = 0;
  const body = new ReadableStream({
    type: "bytes",
    pull(ctrl: ReadableByteStreamController) {
      if (at === total) {
        ctrl.close();
        return ctrl.byobRequest?.respond(0);
      }
      const req = ctrl.byobRequest;
      const n = Math.min(total - at, req?.view?.byteLength ?? 1000);
      const bytes = Uint8Array.from({ length: n }, (_, i) => (at + i) % 251);
      at += n;
      if (!req?.view) return reads.chunked++, ctrl.enqueue(bytes);
      reads.intoBuffer++;
      new Uint8Array(req.view.buffer, req.view.byteOffset, n).set(bytes);
      req.respond(n);
    },
  });
  return { body, reads };
}

Deno.test("writeStreamToFile(): a byte stream goes to disk through the writer's own buffer", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { body, reads } = byteSource(200_000);
    assert.deepEqual(await writeStreamToFile(`${dir}/a`, body), { size: 200_000 });
    const back = await Deno.readFile(`${dir}/a`);
    assert.ok(back.every((b, i) => b === i % 251));
    assert.equal(reads.chunked, 0, "no chunk was allocated per read");
    assert.equal(reads.intoBuffer, 13); // 16 KiB at a time

    // Over the limit: the file is removed and the rest of the body cancelled.
    const big = byteSource(300_000);
    await assert.rejects(writeStreamToFile(`${dir}/b`, big.body, { maxBytes: 100_000 }));
    await assert.rejects(Deno.stat(`${dir}/b`), Deno.errors.NotFound);
    assert.equal(big.reads.intoBuffer, 7); // stopped at the first read past the limit
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("appendFile(): parts joined through one small buffer, byte for byte", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const parts = [70_000, 1, 0, 33_333].map((n, k) =>
      Uint8Array.from({ length: n }, (_, i) => (i + k) % 256)
    );
    for (const [k, p] of parts.entries()) await Deno.writeFile(`${dir}/${k}`, p);
    {
      using out = await Deno.open(`${dir}/out`, { write: true, create: true });
      const buffer = new Uint8Array(4096);
      for (const k of parts.keys()) await appendFile(out, `${dir}/${k}`, buffer);
    }
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (joined.set(p, at), at + p.length), 0);
    assert.deepEqual(await Deno.readFile(`${dir}/out`), joined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
