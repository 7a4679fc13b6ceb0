import assert from "node:assert/strict";
import { Hono } from "hono";
import { hostGuard } from "./host_guard.ts";

Deno.test("hostGuard() answers 400 to a URL no parser accepts, and passes good ones", async () => {
  const app = new Hono().use(hostGuard()).get("*", (c) => c.text(new URL(c.req.url).host));
  // Request objects normalise their URL, so hand the app what Deno.serve hands it.
  const raw = (url: string) => app.fetch({ url, method: "GET", headers: new Headers() } as Request);
  for (const url of ["http://a b/", "http://[::1/", "http://x:99999/", "http://%00/"]) {
    const r = await raw(url);
    assert.equal(r.status, 400, url);
  }
  assert.equal(await (await app.request("http://vf.test/x")).text(), "vf.test");
});
