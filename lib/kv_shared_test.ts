import assert from "node:assert/strict";
import { sharedKv } from "./kv_shared.ts";

/** 200 read-check-increment transactions spread over two handles on one file (two processes). */
async function increments(a: Deno.Kv, b: Deno.Kv): Promise<number> {
  await Promise.all(Array.from({ length: 200 }, async (_, i) => {
    const kv = i % 2 ? a : b;
    for (;;) {
      const cur = await kv.get<number>(["n"]);
      const r = await kv.atomic().check(cur).set(["n"], (cur.value ?? 0) + 1).commit();
      if (r.ok) return;
    }
  }));
  return (await a.get<number>(["n"])).value ?? 0;
}

Deno.test("two handles on one KV file: every increment lands, none fails as 'database is locked'", async () => {
  const dir = await Deno.makeTempDir();
  const raw = [await Deno.openKv(`${dir}/raw.sqlite3`), await Deno.openKv(`${dir}/raw.sqlite3`)];
  const shared = [
    sharedKv(await Deno.openKv(`${dir}/kv.sqlite3`)),
    sharedKv(await Deno.openKv(`${dir}/kv.sqlite3`)),
  ];
  try {
    // Without the retries the second handle's writes fail (measured: half of them).
    await assert.rejects(increments(raw[0], raw[1]), /database is locked/);
    assert.equal(await increments(shared[0], shared[1]), 200);
  } finally {
    for (const kv of [...raw, ...shared]) kv.close();
    await Deno.remove(dir, { recursive: true });
  }
});
