/**
 * The embedded default without SMTP_URL: mail is written to DATA_DIR/outbox
 * (private files) and, in `deno task dev` only, read at /dev/mail.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { loadConfig } from "../lib/config.ts";
import { signUpAndIn } from "./_harness/accounts.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openMailApp } from "./_harness/mail_app.ts";

async function outboxFiles(dir: string, count: number): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const names: string[] = [];
    try {
      for await (const e of Deno.readDir(dir)) names.push(e.name);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
    if (names.length >= count) return names.sort();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`fewer than ${count} messages in ${dir}`);
}

Deno.test("without SMTP_URL: verification is optional, mail lands in a private outbox, /dev/mail shows it safely", async () => {
  const m = await openMailApp({ smtp: false, env: { DEV_MAIL_VIEWER: "true" } });
  try {
    const dir = m.services.config.mail.outboxDir;
    assert.equal(dir, `${m.services.dir}/outbox`);
    const client = m.client();
    const email = testEmail("outbox");
    const name = `<script>alert(1)</script>"'`;
    await signUpAndIn(client, { json: { email, password: GOOD_PASSWORD, displayName: name } });
    const upload = { filename: "a.mp4", size: 1000, mimeType: "video/mp4" };
    assert.equal(
      (await client.request("/api/v1/uploads", { json: upload })).status,
      201,
      "REQUIRE_EMAIL_VERIFICATION is off without a mail server",
    );

    const [file] = await outboxFiles(dir, 1);
    assert.equal((await Deno.stat(dir)).mode! & 0o777, 0o700);
    assert.equal((await Deno.stat(`${dir}/${file}`)).mode! & 0o777, 0o600);
    const saved = JSON.parse(await Deno.readTextFile(`${dir}/${file}`));
    assert.equal(saved.to, email);
    assert.match(saved.from, /no-reply@videoflow\.test/);
    assert.ok(saved.text.includes("https://videos.example.test/verify?token="));
    assert.ok(saved.html.includes("https://videos.example.test/verify?token="));

    const list = await client.request("/dev/mail");
    assert.equal(list.status, 200);
    assert.match(list.headers.get("cache-control") ?? "", /no-store/);
    const listHtml = await list.text();
    const id = file.replace(/\.json$/, "");
    assert.match(listHtml, new RegExp(`href="/dev/mail/${id}"`));
    assert.match(listHtml, /Confirm your email address · VideoFlow/);

    const one = await client.request(`/dev/mail/${id}`);
    assert.equal(one.status, 200);
    const html = await one.text();
    // A bare `sandbox` (empty value): no scripts, no same origin, no forms, no top navigation.
    assert.match(html, /<iframe class="dev-mail-html" title="[^"]+" sandbox srcdoc="/);
    assert.ok(!html.includes("<script>alert(1)"), "nothing from the message runs on the page");
    const srcdoc = html.match(/srcdoc="([^"]*)"/)![1];
    assert.ok(!srcdoc.includes("<"), "srcdoc is attribute-escaped");
    assert.match(html, /<pre class="dev-mail-text">/);

    const verify = saved.text.match(/https:\/\/videos\.example\.test(\/verify\?token=\S+)/)![1];
    const verified = await client.request(verify);
    assert.equal(verified.status, 200, "a new user can finish the flow from the outbox");

    assert.equal((await client.request("/dev/mail/not-an-id")).status, 404);
    assert.equal((await client.request("/dev/mail/..%2F..%2Fkv")).status, 404);
    assert.equal((await client.request(`/dev/mail/${Date.now()}-abcdef01`)).status, 404);
  } finally {
    await m.close();
  }
});

Deno.test("/dev/mail is 404 unless the dev flag is on, and never with SMTP_URL", async () => {
  const prod = await openMailApp({ smtp: false });
  try {
    assert.equal(prod.services.config.mail.devViewer, false, "off by default");
    assert.equal((await prod.client().request("/dev/mail")).status, 404);
  } finally {
    await prod.close();
  }
  const smtp = await openMailApp({ env: { DEV_MAIL_VIEWER: "true" } });
  try {
    const app = createApp(smtp.services);
    assert.equal((await new TestClient(app).request("/dev/mail")).status, 404);
  } finally {
    await smtp.close();
  }
});

Deno.test("mail configuration: defaults and the verification switch", () => {
  const base = { DATA_DIR: "/tmp/vf", PUBLIC_URL: "https://v.example.org" };
  const plain = loadConfig(base).mail;
  assert.equal(plain.smtpUrl, undefined);
  assert.equal(plain.requireVerification, false);
  assert.equal(plain.devViewer, false);
  assert.equal(plain.from, "VideoFlow <no-reply@v.example.org>");
  assert.equal(plain.outboxDir, "/tmp/vf/outbox");
  const smtp = loadConfig({ ...base, SMTP_URL: "smtps://u:p@mail.example.org:465" }).mail;
  assert.equal(smtp.requireVerification, true);
  const off = loadConfig({
    ...base,
    SMTP_URL: "smtp://mail.example.org",
    REQUIRE_EMAIL_VERIFICATION: "false",
  });
  assert.equal(off.mail.requireVerification, false);
  assert.throws(() => loadConfig({ ...base, SMTP_URL: "http://x" }), /SMTP_URL/);
  assert.throws(() => loadConfig({ ...base, MAIL_FROM: "a@b.c\r\nBcc: x@y.z" }), /MAIL_FROM/);
});
