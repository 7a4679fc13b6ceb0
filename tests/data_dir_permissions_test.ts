/** Everything VideoFlow writes under a fresh DATA_DIR is private to its user, whatever the umask. */
import assert from "node:assert/strict";
import { loadConfig } from "../lib/config.ts";
import { openServices } from "../lib/services.ts";
import { LocalStorage } from "../lib/storage/local.ts";

async function loosePaths(root: string): Promise<string[]> {
  const loose: string[] = [];
  const check = async (path: string) => {
    const st = await Deno.lstat(path);
    if ((st.mode! & 0o077) !== 0) {
      loose.push(`${path.slice(root.length)} ${(st.mode! & 0o777).toString(8)}`);
    }
    if (st.isDirectory) {
      for await (const e of Deno.readDir(path)) {
        await check(`${path}/${e.name}`);
      }
    }
  };
  await check(root);
  return loose;
}

Deno.test("openServices() on a fresh DATA_DIR creates directories 0700 and files 0600, even with umask 0", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "vf-perm-" });
  const dataDir = `${tmp}/data`;
  const previous = Deno.umask(0);
  try {
    const services = await openServices(
      loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: "http://localhost:8000" }),
    );
    try {
      const storage = services.storage as LocalStorage;
      assert.ok(storage instanceof LocalStorage);
      await storage.put("media/v/master.m3u8", "#EXTM3U\n");
      const id = await storage.createMultipart("raw/v/source");
      const url = new URL(
        await storage.presignPart("raw/v/source", id, { partNumber: 1, size: 3 }),
      );
      const q = url.searchParams;
      const etag = await storage.acceptPart(
        { uploadId: id, partNumber: 1, exp: Number(q.get("exp")), sig: q.get("sig")!, size: 3 },
        new Blob(["abc"]).stream(),
      );
      const pending = await storage.createMultipart("raw/w/source");
      await storage.completeMultipart("raw/v/source", id, [{ partNumber: 1, etag }]);
      await services.kv.set(["probe"], 1);
      assert.ok(pending);
      assert.deepEqual(await loosePaths(dataDir), []);
    } finally {
      await services.close();
    }
  } finally {
    Deno.umask(previous);
    await Deno.remove(tmp, { recursive: true });
  }
});
