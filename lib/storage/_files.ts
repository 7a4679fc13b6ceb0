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
  options: { maxBytes?: number } = {},
): Promise<{ size: number }> {
  const file = await Deno.open(path, { write: true, createNew: true, mode: PRIVATE_FILE_MODE });
  let size = 0;
  try {
    for await (const chunk of source) {
      size += chunk.byteLength;
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

/** Turns a put body into a stream. */
export function toStream(
  body: Uint8Array | string | ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  if (body instanceof ReadableStream) return body;
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return new Blob([bytes as BlobPart]).stream();
}
