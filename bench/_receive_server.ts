/**
 * A bare server for bench/upload_receive_bench.ts: receives PUT bodies one way
 * (RECEIVE_MODE) into files under RECEIVE_DIR and deletes them, so that the
 * driver can compare the resident memory each way costs without the app.
 * RECEIVE_CAP, RECEIVE_BUFFER and RECEIVE_CLOSE vary the Deno.serve ways.
 */
import { ReceiveSlots } from "../lib/storage/receive_slots.ts";

const mode = Deno.env.get("RECEIVE_MODE") ?? "stream-write";
const dir = Deno.env.get("RECEIVE_DIR")!;
const port = Number(Deno.env.get("RECEIVE_PORT"));
/** At most this many bodies are read at once (0: no cap); the rest wait unread. */
const slots = new ReceiveSlots(Number(Deno.env.get("RECEIVE_CAP") ?? 0));
/** Bytes per BYOB read. */
const bufferBytes = Number(Deno.env.get("RECEIVE_BUFFER") ?? 64 * 1024);
/** Whether each answer closes its connection. */
const close = Deno.env.get("RECEIVE_CLOSE") === "1";
let n = 0;

/** Writes all of `bytes` (a write may take fewer). */
async function writeAll(file: Deno.FsFile, bytes: Uint8Array, sync: boolean): Promise<void> {
  for (let w = 0; w < bytes.byteLength;) {
    w += sync ? file.writeSync(bytes.subarray(w)) : await file.write(bytes.subarray(w));
  }
}

/** Reads `body` into one reused buffer (a byte stream), or chunk by chunk. */
async function* chunks(body: ReadableStream<Uint8Array>, byob: boolean) {
  if (!byob) return yield* body;
  let reader: ReadableStreamBYOBReader;
  try {
    reader = body.getReader({ mode: "byob" });
  } catch {
    return yield* body; // a small body the runtime buffered
  }
  let buffer = new ArrayBuffer(bufferBytes);
  for (;;) {
    const { done, value } = await reader.read(new Uint8Array(buffer));
    if (done) return;
    yield value;
    buffer = value.buffer as ArrayBuffer;
  }
}

async function receive(body: ReadableStream<Uint8Array>): Promise<void> {
  const path = `${dir}/${n++}`;
  const file = await Deno.open(path, { write: true, create: true });
  try {
    if (mode === "pipe-to") return await body.pipeTo(file.writable, { preventClose: true });
    const byob = mode.startsWith("byob");
    const write = !mode.endsWith("discard");
    for await (const chunk of chunks(body, byob)) {
      if (write) await writeAll(file, chunk, mode.endsWith("write-sync"));
    }
  } finally {
    file.close();
    await Deno.remove(path).catch(() => {});
  }
}

if (mode === "node-http") {
  const http = await import("node:http");
  const fs = await import("node:fs");
  http.createServer((req, res) => {
    const path = `${dir}/${n++}`;
    const out = fs.createWriteStream(path);
    req.pipe(out);
    out.on("finish", () => fs.rm(path, () => res.end("ok")));
  }).listen(port, "127.0.0.1");
} else {
  Deno.serve({ port, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const slot = await slots.take();
    try {
      if (req.body) await receive(req.body);
    } finally {
      slot.release();
    }
    // Closing the connection after each body frees what the runtime keeps per connection.
    return new Response("ok", close ? { headers: { connection: "close" } } : {});
  });
}
