import assert from "node:assert/strict";
import { formatBytes } from "./bytes.ts";

Deno.test("formatBytes() writes sizes one way: binary units with their IEC names", () => {
  assert.equal(formatBytes(0), "0 bytes");
  assert.equal(formatBytes(1), "1 byte");
  assert.equal(formatBytes(512), "512 bytes");
  assert.equal(formatBytes(1536), "1.5 KiB");
  assert.equal(formatBytes(8 * 1024 ** 2), "8 MiB");
  assert.equal(formatBytes(2 * 1024 ** 3), "2 GiB");
  assert.equal(formatBytes(1023.99 * 1024 ** 2), "1 GiB", "rounding never shows 1024 MiB");
  assert.equal(formatBytes(50 * 1024 ** 4 * 1024), "51200 TiB");
});
