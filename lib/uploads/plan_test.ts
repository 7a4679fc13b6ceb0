import assert from "node:assert/strict";
import { expectedPartSize, MAX_PARTS, MIB, partCount, partSizeFor } from "./plan.ts";

Deno.test("partSizeFor() keeps parts at 8 MiB until 10,000 parts would not be enough", () => {
  assert.equal(partSizeFor(1), 8 * MIB);
  assert.equal(partSizeFor(2 * 1024 * MIB), 8 * MIB);
  const huge = 100 * 1024 * MIB; // 100 GiB
  const size = partSizeFor(huge);
  assert.ok(size % MIB === 0);
  assert.ok(partCount(huge, size) <= MAX_PARTS);
});

Deno.test("expectedPartSize() gives full parts and a shorter last part", () => {
  const size = 20 * MIB + 5;
  const partSize = 8 * MIB;
  assert.equal(partCount(size, partSize), 3);
  assert.equal(expectedPartSize(size, { partSize, partNumber: 1 }), 8 * MIB);
  assert.equal(expectedPartSize(size, { partSize, partNumber: 3 }), 4 * MIB + 5);
  assert.equal(expectedPartSize(size, { partSize, partNumber: 4 }), -1);
  assert.equal(expectedPartSize(size, { partSize, partNumber: 0 }), -1);
  assert.equal(expectedPartSize(16 * MIB, { partSize, partNumber: 2 }), 8 * MIB);
});
