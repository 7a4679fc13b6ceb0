import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Hono } from "hono";
import { frameAncestors, securityHeaders } from "./security_headers.ts";

const BOOT = "document.documentElement.dataset.x=1";

function app(publicUrl: string, mediaBaseUrl = "") {
  const a = new Hono();
  a.use(securityHeaders({ publicUrl, mediaBaseUrl, inlineScripts: [BOOT] }));
  a.get("/", (c) => c.html("<p>hi</p>"));
  a.get("/embed/:id", frameAncestors("*"), (c) => c.html("<p>player</p>"));
  a.get("/own", (c) => c.text("x", 200, { "Referrer-Policy": "no-referrer" }));
  return a;
}

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(" ")]),
  );
}

Deno.test("securityHeaders(): CSP allows own scripts and the listed inline ones by hash only", async () => {
  const r = await app("http://localhost:8000").request("/");
  const csp = directives(r.headers.get("content-security-policy")!);
  const hash = createHash("sha256").update(BOOT).digest("base64");
  assert.equal(csp.get("script-src"), `'self' 'sha256-${hash}'`);
  assert.doesNotMatch(csp.get("script-src")!, /unsafe-inline|unsafe-eval/);
  assert.equal(csp.get("frame-ancestors"), "'none'");
  assert.equal(csp.get("object-src"), "'none'");
  assert.match(csp.get("media-src")!, /blob:/);
  assert.equal(r.headers.get("x-content-type-options"), "nosniff");
  assert.equal(r.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
  assert.equal(r.headers.get("x-frame-options"), "DENY");
  assert.equal(r.headers.get("strict-transport-security"), null, "no HSTS over plain HTTP");
});

Deno.test("securityHeaders(): HSTS over https, the media origin allowed, embeds opt out", async () => {
  const a = app("https://videos.example.com", "https://cdn.example.net/base");
  const r = await a.request("/");
  assert.match(r.headers.get("strict-transport-security")!, /max-age=\d+/);
  const csp = directives(r.headers.get("content-security-policy")!);
  for (const d of ["media-src", "connect-src", "img-src"]) {
    assert.match(csp.get(d)!, /https:\/\/cdn\.example\.net(\s|$)/, d);
  }
  const embed = await a.request("/embed/1");
  const embedCsp = directives(embed.headers.get("content-security-policy")!);
  assert.equal(embedCsp.get("frame-ancestors"), "*");
  assert.equal(embed.headers.get("x-frame-options"), null);
  const own = await a.request("/own");
  assert.equal(own.headers.get("referrer-policy"), "no-referrer", "a route's own value wins");
});
