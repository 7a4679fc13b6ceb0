import assert from "node:assert/strict";
import { safeNext } from "./_auth_deps.ts";

Deno.test("safeNext() keeps same-site paths and returns header-safe ASCII only", () => {
  assert.equal(safeNext("/studio?x=1#top"), "/studio?x=1#top");
  assert.equal(safeNext("/v/caf\u00e9"), "/v/caf%C3%A9");
  assert.equal(safeNext("/a\u202eb"), "/a%E2%80%AEb");
  const refused = [
    "/\x7f",
    "/\x1f",
    "/a\x01b",
    "/\t/evil.example",
    "/\n/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/..//evil.example",
    "https://evil.example/",
    "/a b",
    "/" + "x".repeat(600),
    "",
    undefined,
    42,
  ];
  for (const next of refused) assert.equal(safeNext(next), "/", JSON.stringify(next));
  for (let code = 0; code < 0x20; code++) {
    assert.equal(safeNext(`/x${String.fromCharCode(code)}`), "/", `0x${code.toString(16)}`);
  }
});
