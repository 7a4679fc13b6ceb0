/** Two-factor and devices through the plain forms (no JavaScript): /settings, /signin, /signin/code. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";
import { totpClock } from "./_harness/totp.ts";

function field(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  assert.ok(m, `field ${name}`);
  return m[1];
}

Deno.test("pages: set up two-factor, sign in with the code step, sign devices out, turn it off", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const email = testEmail();
    const browser = new TestClient(app);
    const signedIn = await signUpAndIn(browser, {
      json: { email, password: GOOD_PASSWORD, displayName: "Forms" },
    });
    assert.equal(signedIn.status, 200);
    const settings = await (await browser.request("/settings")).text();
    assert.match(settings, /Set up two-factor sign-in/);
    assert.match(settings, /Signed-in devices/);
    assert.match(settings, /This device/);

    const start = await browser.request("/settings/two-factor/setup", { form: {} });
    assert.equal(start.status, 303);
    assert.equal(start.headers.get("location"), "/settings/two-factor");
    const setup = await (await browser.request("/settings/two-factor")).text();
    assert.match(setup, /<svg[^>]*viewBox/);
    const secret = /data-secret="([A-Z2-7]+)"/.exec(setup)![1];
    const clock = await totpClock(secret);
    const wrong = await browser.request("/settings/two-factor/confirm", {
      form: { code: "000000" },
    });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /That code is not right/);
    const done = await browser.request("/settings/two-factor/confirm", {
      form: { code: clock.codeAt(-1) },
    });
    assert.equal(done.status, 200);
    const codes = [...(await done.text()).matchAll(/<code>([a-z2-9-]{19})<\/code>/g)].map((m) =>
      m[1]
    );
    assert.equal(codes.length, 10);
    // Shown once: the setup page is gone, /settings says it is on.
    assert.equal((await browser.request("/settings/two-factor")).status, 303);
    assert.match(await (await browser.request("/settings")).text(), /10 of 10 recovery codes left/);

    // A second browser: the password step answers with the code step, and no session.
    const other = new TestClient(app);
    const pw = await other.request("/signin", {
      form: { email, password: GOOD_PASSWORD, next: "/studio" },
    });
    assert.equal(pw.status, 200);
    assert.equal(other.cookies.has("vf_at") || other.cookies.has("vf_rt"), false);
    const codePage = await pw.text();
    assert.match(codePage, /Two-factor sign-in/);
    const challenge = field(codePage, "challenge");
    const bad = await other.request("/signin/code", {
      form: { challenge, code: "123456", next: "/studio" },
    });
    assert.equal(bad.status, 401);
    const badPage = await bad.text();
    assert.match(badPage, /That code is not right/);
    assert.equal(field(badPage, "challenge"), challenge, "the code step can be retried");
    const ok = await other.request("/signin/code", {
      form: { challenge, code: clock.codeAt(0), next: "/studio" },
    });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get("location"), "/studio");
    assert.ok(other.cookies.has("vf_at"));

    // The first browser sees two devices and signs the other out.
    const list = await (await browser.request("/settings")).text();
    const ids = [...list.matchAll(/action="\/settings\/sessions\/([0-9a-f-]{36})\/revoke"/g)].map((
      m,
    ) => m[1]);
    assert.equal(ids.length, 2);
    const [{ id: mine }] = await services.db.sql`select family_id as id from user_sessions
      order by created_at limit 1`;
    const theirs = ids.find((id) => id !== mine)!;
    const out = await browser.request(`/settings/sessions/${theirs}/revoke`, { form: {} });
    assert.equal(out.status, 303);
    // Once over (or never the caller's), a second sign-out announces nothing.
    const twice = await browser.request(`/settings/sessions/${theirs}/revoke`, { form: {} });
    assert.equal(twice.headers.get("location"), "/settings#sessions");
    const otherNow = await other.request("/api/v1/auth/me");
    assert.equal(otherNow.status, 401);
    const after = await browser.request(out.headers.get("location")!);
    assert.match(await after.text(), /That device has been signed out/);

    // Off again: password and a recovery code.
    const off = await browser.request("/settings/two-factor/disable", {
      form: { password: GOOD_PASSWORD, code: codes[0] },
    });
    assert.equal(off.status, 303);
    const offPage = await browser.request(off.headers.get("location")!);
    assert.match(await offPage.text(), /Two-factor sign-in is off/);
    const plain = new TestClient(app);
    const direct = await plain.request("/signin", { form: { email, password: GOOD_PASSWORD } });
    assert.equal(direct.status, 303);
  } finally {
    await services.close();
  }
});
