import assert from "node:assert/strict";
import { hasPrlimit, streamLines } from "./child.ts";

Deno.test("streamLines() stops an endless writer once the reader has seen enough", async () => {
  let lines = 0;
  const out = await streamLines("yes", ["packet"], {
    timeoutMs: 60_000,
    onLine: () => ++lines < 1000,
  });
  assert.equal(out.stopped, "reader");
  assert.equal(out.success, false);
  assert.equal(lines, 1000);
});

Deno.test("streamLines() kills a child at the wall-clock limit and refuses endless lines", async () => {
  const slow = await streamLines("sleep", ["30"], { timeoutMs: 200, onLine: () => {} });
  assert.equal(slow.stopped, "timeout");
  const seen: Uint8Array[] = [];
  const long = await streamLines("cat", ["/dev/zero"], {
    timeoutMs: 60_000,
    maxLineBytes: 1024 * 1024,
    onLine: (line) => void seen.push(line),
  });
  assert.equal(long.stopped, "reader");
  assert.deepEqual(seen, []);
});

Deno.test("streamLines() caps the child's address space with prlimit", async () => {
  assert.ok(await hasPrlimit(), "util-linux prlimit is installed here");
  const free = await streamLines("ffprobe", ["-version"], { timeoutMs: 30_000, onLine: () => {} });
  assert.equal(free.success, true);
  // ffprobe maps ≈ 300 MB of libraries: under a 64 MiB cap it cannot even start.
  const capped = await streamLines("ffprobe", ["-version"], {
    timeoutMs: 30_000,
    memoryBytes: 64 * 1024 * 1024,
    onLine: () => {},
  });
  assert.equal(capped.success, false);
  assert.match(capped.stderr, /failed to map|cannot allocate|error while loading/i);
});

Deno.test("streamLines() throws NotFound for a missing tool, capped or not", async () => {
  for (const memoryBytes of [undefined, 1024 * 1024 * 1024]) {
    await assert.rejects(
      streamLines("/nonexistent/ffprobe", ["-version"], {
        timeoutMs: 10_000,
        memoryBytes,
        onLine: () => {},
      }),
      Deno.errors.NotFound,
    );
  }
});
