import { LimitError } from "../errors.ts";
import { PRIVATE_FILE_MODE } from "../private_fs.ts";

/**
 * Streams `source` into a new file at `path`, one chunk in memory at a time.
 * Removes the file and throws LimitError when more than `maxBytes` arrive.
 * The file is synced before this returns: a part recorded as received must
 * survive a crash.
 */
export async function writeStreamToFile(
  path: string,
  source: ReadableStream<Uint8Array>,
  options: { maxBytes?: number; onBytes?: (bytes: number) => void } = {},
): Promise<{ size: number }> {
  const file = await Deno.open(path, { write: true, createNew: true, mode: PRIVATE_FILE_MODE });
  let size = 0;
  try {
    for await (const chunk of chunks(source)) {
      size += chunk.byteLength;
      options.onBytes?.(chunk.byteLength);
      if (options.maxBytes !== undefined && size > options.maxBytes) {
        throw new LimitError(`Body is larger than ${options.maxBytes} bytes.`);
      }
      let written = 0;
      while (written < chunk.byteLength) written += await file.write(chunk.subarray(written));
    }
    await file.sync();
  } catch (err) {
    file.close();
    await Deno.remove(path).catch(() => {});
    throw err;
  }
  file.close();
  return { size };
}

/** Appends the file at `path` to `out`, through `buffer` (reused by the caller). */
export async function appendFile(
  out: Deno.FsFile,
  path: string,
  buffer: Uint8Array,
): Promise<void> {
  using file = await Deno.open(path, { read: true });
  for (;;) {
    const n = await file.read(buffer);
    if (n === null) return;
    let written = 0;
    while (written < n) written += await out.write(buffer.subarray(written, n));
  }
}

/**
 * Bytes read at a time from a byte stream (an upload's body) into one reused
 * buffer. The runtime's own memory per connection grew with it (80 parts at
 * once, bare server: 16 KiB 82–89 MB, 64 KiB 230–301 MB, 1 MiB 773 MB), and
 * 16 KiB reads still receive at full speed (issue 18, P6).
 */
const READ_BUFFER_BYTES = 16 * 1024;

/**
 * The chunks of `source`. A byte stream is read into one buffer, reused from
 * read to read (each chunk is only valid until the next one is asked for):
 * 20 uploads at once otherwise leave thousands of chunks behind for the
 * garbage collector, hundreds of MB of resident memory (issue 18, P6).
 */
async function* chunks(source: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = source.getReader({ mode: "byob" });
  } catch {
    yield* source; // not a byte stream: its own chunks
    return;
  }
  let buffer = new ArrayBuffer(READ_BUFFER_BYTES);
  let ended = false;
  try {
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(buffer));
      if (done) return void (ended = true);
      yield value;
      buffer = value.buffer as ArrayBuffer; // the same memory, handed back by the read
    }
  } finally {
    // Stopped early (over the limit, a failed write): the rest of the body is not wanted.
    if (ended) reader.releaseLock();
    else await reader.cancel().catch(() => {});
  }
}

/** Turns a put body into a stream. */
export function toStream(
  body: Uint8Array | string | ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  if (body instanceof ReadableStream) return body;
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return new Blob([bytes as BlobPart]).stream();
}
