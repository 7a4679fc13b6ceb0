/** A file opened for reading: its facts (from the open descriptor) and a stream of its bytes. */
export interface FileBody {
  stat: Deno.FileInfo;
  body: ReadableStream<Uint8Array>;
}

/**
 * Opens `path` and streams bytes [start, end] of it (the whole file without a
 * range), or undefined when there is no such file. One open and one fstat:
 * the facts describe the very file that is streamed, even if it is replaced
 * (writes are renames) meanwhile. Through the end of the file the body is
 * the file's own resource-backed stream, which Deno.serve sends from Rust
 * without a chunk passing through JavaScript; a range that stops earlier is
 * read in bounded chunks. The file is closed when the body ends or is
 * cancelled.
 */
export async function openFileBody(
  path: string,
  range?: { start: number; end: number },
): Promise<FileBody | undefined> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw err;
  }
  try {
    const stat = await file.stat();
    if (!stat.isFile) {
      file.close();
      return undefined;
    }
    const { start, end } = range ?? { start: 0, end: stat.size - 1 };
    if (stat.size === 0 || end < start) {
      file.close();
      return { stat, body: new Blob([]).stream() };
    }
    if (start > 0) await file.seek(start, Deno.SeekMode.Start);
    if (end >= stat.size - 1) return { stat, body: file.readable };
    return { stat, body: boundedStream(file, end - start + 1) };
  } catch (err) {
    file.close();
    throw err;
  }
}

/** The next `length` bytes of `file`, read in chunks of at most 256 KiB. */
function boundedStream(file: Deno.FsFile, length: number): ReadableStream<Uint8Array> {
  let remaining = length;
  let closed = false;
  const close = () => {
    if (!closed) file.close();
    closed = true;
  };
  return new ReadableStream<Uint8Array>({
    type: "bytes",
    async pull(controller) {
      const buf = new Uint8Array(Math.min(remaining, 256 * 1024));
      const n = remaining > 0 ? await file.read(buf) : null;
      if (n === null) {
        close();
        controller.close();
        return;
      }
      remaining -= n;
      controller.enqueue(buf.subarray(0, n));
      if (remaining <= 0) {
        close();
        controller.close();
      }
    },
    cancel: close,
  });
}
