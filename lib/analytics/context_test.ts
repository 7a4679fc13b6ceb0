import assert from "node:assert/strict";
import { deviceOf, regionOf, sourceOf } from "./context.ts";

const origin = { publicOrigin: "https://videos.example" };

Deno.test("sourceOf: direct, internal page, external host, embed", () => {
  assert.equal(sourceOf("watch", "", origin), "direct");
  assert.equal(sourceOf("watch", "javascript:alert(1)", origin), "direct");
  assert.equal(sourceOf("watch", "https://videos.example/search?q=x", origin), "internal:search");
  assert.equal(sourceOf("watch", "https://videos.example/", origin), "internal:home");
  assert.equal(sourceOf("watch", "https://videos.example/zzz", origin), "internal:other");
  assert.equal(
    sourceOf("watch", "https://news.example.org/a?b", origin),
    "external:news.example.org",
  );
  assert.equal(sourceOf("embed", "https://blog.example/post", origin), "embed");
});

Deno.test("regionOf: a trusted country wins, then a plausible time zone", () => {
  assert.equal(regionOf("FR", "America/New_York"), "FR");
  assert.equal(regionOf("XX", "Europe/Paris"), "Europe/Paris");
  assert.equal(
    regionOf(undefined, "America/Argentina/Buenos_Aires"),
    "America/Argentina/Buenos_Aires",
  );
  assert.equal(regionOf(undefined, "<script>"), "unknown");
  assert.equal(regionOf("fr", "UTC"), "unknown");
});

Deno.test("deviceOf: class, browser and OS from the User-Agent", () => {
  const phone = deviceOf(
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 " +
      "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
  );
  assert.deepEqual(phone, { device: "mobile", browser: "Safari", os: "iOS" });
  const desk = deviceOf(
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
  );
  assert.deepEqual(desk, { device: "desktop", browser: "Chrome", os: "Linux" });
  assert.deepEqual(deviceOf(undefined), { device: "other", browser: "Other", os: "Other" });
});
