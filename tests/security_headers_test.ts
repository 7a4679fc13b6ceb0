/**
 * Security headers and cookie names as the assembled app sends them: CSP
 * hashes that match the inline scripts the pages really carry, HSTS over
 * https, `__Host-` cookies wherever cookies are Secure (and a session that
 * keeps working with them), bare names on plain-HTTP localhost.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createApp } from "../app.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

function scriptSrc(res: Response): string[] {
  const csp = res.headers.get("content-security-policy") ?? "";
  const d = csp.split(";").map((s) => s.trim()).find((s) => s.startsWith("script-src "));
  return d?.split(/\s+/).slice(1) ?? [];
}

Deno.test("every inline script of a page is allowed by its hash, and nothing else inline", async () => {
  const services = await openTestServices();
  try {
    const client = new TestClient(createApp(services));
    for (const path of ["/", "/signin", "/signup", "/no-such-page"]) {
      const r = await client.request(path);
      const html = await r.text();
      const allowed = scriptSrc(r);
      assert.ok(!allowed.includes("'unsafe-inline'"), path);
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
        .map((m) => m[1]);
      assert.ok(inline.length > 0, `${path} has its theme script`);
      for (const body of inline) {
        const hash = `'sha256-${createHash("sha256").update(body).digest("base64")}'`;
        assert.ok(allowed.includes(hash), `${path}: inline script not in the CSP: ${body}`);
      }
      assert.equal(r.headers.get("x-content-type-options"), "nosniff");
      assert.equal(r.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
      assert.match(r.headers.get("content-security-policy")!, /frame-ancestors 'none'/);
      assert.equal(r.headers.get("strict-transport-security"), null);
    }
  } finally {
    await services.close();
  }
});

Deno.test("over https: HSTS and __Host- cookies, and the session works with them", async () => {
  const origin = "https://videos.example.com";
  const services = await openTestServices({ publicUrl: origin });
  try {
    const client = new TestClient(createApp(services), { origin });
    const page = await client.request("/signup");
    assert.match(page.headers.get("strict-transport-security")!, /max-age=31536000/);
    await page.body?.cancel();
    const r = await signUpAndIn(client, {
      form: { email: testEmail(), displayName: "Host", password: GOOD_PASSWORD, next: "/" },
      headers: { origin },
    });
    assert.equal(r.status, 303);
    const names = new Set([...client.cookies.keys()]);
    for (const name of ["__Host-vf_at", "__Host-vf_rt", "__Host-vf_csrf"]) {
      assert.ok(names.has(name), `${name} in ${[...names]}`);
    }
    assert.ok(!names.has("vf_at") && !names.has("vf_csrf"));
    for (const line of r.headers.getSetCookie()) {
      if (!line.startsWith("__Host-")) continue;
      assert.match(line, /; Secure/i, line);
      assert.match(line, /; Path=\//i, line);
      assert.doesNotMatch(line, /; Domain=/i, line);
    }
    const me = await client.request("/api/v1/auth/me");
    assert.equal(me.status, 200);
    assert.equal((await me.json()).user.displayName, "Host");
    const patch = await client.request("/api/v1/users/me", {
      method: "PATCH",
      json: { displayName: "Host Two" },
      headers: { origin },
    });
    assert.equal(patch.status, 200, "the CSRF token travels under its __Host- name");
    await patch.body?.cancel();
    const out = await client.request("/signout", { form: {}, headers: { origin } });
    assert.equal(out.status, 303);
    assert.ok(!client.cookies.has("__Host-vf_at"), "signing out clears the prefixed cookie");
  } finally {
    await services.close();
  }
});

Deno.test("on plain-HTTP localhost cookies keep their bare names", async () => {
  const services = await openTestServices();
  try {
    const client = new TestClient(createApp(services));
    const r = await signUpAndIn(client, {
      json: { email: testEmail(), password: GOOD_PASSWORD, displayName: "Local" },
    });
    assert.equal(r.status, 200);
    assert.ok(client.cookies.has("vf_at") && client.cookies.has("vf_csrf"));
    assert.ok(![...client.cookies.keys()].some((k) => k.startsWith("__Host-")));
  } finally {
    await services.close();
  }
});
