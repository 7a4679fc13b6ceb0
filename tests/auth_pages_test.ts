/** The account pages through app.request(): forms, header state, profile, avatar, settings. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

async function image(args: string[]): Promise<Uint8Array<ArrayBuffer>> {
  const dir = await Deno.makeTempDir();
  try {
    const out = await new Deno.Command("ffmpeg", {
      args: ["-hide_banner", "-loglevel", "error", "-f", "lavfi", ...args, `${dir}/img.png`],
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    return await Deno.readFile(`${dir}/img.png`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function probe(bytes: Uint8Array): Promise<{ width: number; height: number; codec: string }> {
  const out = await new Deno.Command("ffprobe", {
    args: ["-v", "error", "-show_streams", "-of", "json", "-i", "pipe:0"],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const w = out.stdin.getWriter();
  await w.write(bytes);
  await w.close();
  const s = JSON.parse(new TextDecoder().decode((await out.output()).stdout)).streams[0];
  return { width: s.width, height: s.height, codec: s.codec_name };
}

Deno.test("sign-up and sign-in pages: forms, errors kept in place, header shows who is signed in", async () => {
  const services = await openTestServices();
  try {
    const client = new TestClient(createApp(services));
    const form = await client.request("/signup");
    assert.equal(form.status, 200);
    const html = await form.text();
    assert.match(html, /name="_csrf" value="[\w-]+\.[\w-]+"/);
    assert.match(html, /<meta name="csrf-token"/);

    const bad = await client.request("/signup", {
      form: { email: "nope", displayName: "<i>Ann</i>", password: "short" },
    });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /Enter a valid email address/);
    assert.match(badHtml, /at least 10 characters/);
    assert.match(badHtml, /value="&lt;i>Ann&lt;\/i>"/, "typed values come back, escaped");

    const email = testEmail("page");
    const ok = await signUpAndIn(client, {
      form: { email, displayName: "<i>Ann</i>", password: GOOD_PASSWORD, next: "/profile" },
    });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get("location"), "/profile");
    const home = await (await client.request("/")).text();
    assert.match(home, /class="nav-user"[^>]*>&lt;i>Ann&lt;\/i><\/summary>/);
    assert.match(home, /action="\/signout"/);
    assert.doesNotMatch(home, /href="\/signin"/);

    assert.equal((await client.request("/signout", { form: {} })).status, 303);
    const after = await (await client.request("/")).text();
    assert.match(after, /href="\/signin"/);

    const wrong = await client.request("/signin", { form: { email, password: "wrong one here" } });
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /The email or password is incorrect/);
    const evil = await client.request("/signin", {
      form: { email, password: GOOD_PASSWORD, next: "//evil.example/x" },
    });
    assert.equal(evil.status, 303);
    assert.equal(evil.headers.get("location"), "/", "no open redirect");
  } finally {
    await services.close();
  }
});

Deno.test("profile page: edit name and bio, upload an avatar cropped to a square by ffmpeg", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const client = new TestClient(app);
    const anon = await client.request("/profile");
    assert.equal(anon.status, 303);
    assert.equal(anon.headers.get("location"), "/signin?next=%2Fprofile");
    await signUpAndIn(client, {
      form: { email: testEmail(), displayName: "Pat", password: GOOD_PASSWORD },
    });
    const saved = await client.request("/profile", {
      form: { displayName: "Pat Q", bio: "Films <script>alert(1)</script>\nand more" },
    });
    assert.equal(saved.status, 303);
    const page = await (await client.request("/profile?saved=profile")).text();
    assert.match(page, /Your profile has been saved/);
    assert.match(page, /Films &lt;script>alert\(1\)&lt;\/script>/);
    const tooLong = await client.request("/profile", {
      form: { displayName: "x".repeat(80), bio: "" },
    });
    assert.equal(tooLong.status, 400);

    const png = await image(["-i", "color=c=red:s=320x180", "-frames:v", "1"]);
    const body = new FormData();
    body.set("_csrf", client.cookies.get("vf_csrf")!);
    body.set("avatar", new File([png], "me.png", { type: "image/png" }));
    const up = await client.request("/profile/avatar", { method: "POST", body, csrf: false });
    assert.equal(up.status, 303);
    const [{ id, avatar_key: key }] = await services.db.sql`select id, avatar_key from users`;
    assert.match(key, new RegExp(`^avatars/${id}/[0-9a-f-]{36}\\.jpg$`));
    const served = await app.request(`/${key}`);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("content-type"), "image/jpeg");
    assert.match(served.headers.get("cache-control")!, /immutable/);
    assert.deepEqual(await probe(new Uint8Array(await served.arrayBuffer())), {
      width: 256,
      height: 256,
      codec: "mjpeg",
    });
    const publicPage = await (await app.request(`/u/${id}`)).text();
    assert.match(publicPage, new RegExp(`src="/${key}"`));
    assert.match(publicPage, /Pat Q/);

    // A second upload replaces the first, whose object is deleted.
    const again = new FormData();
    again.set("_csrf", client.cookies.get("vf_csrf")!);
    again.set("avatar", new File([png], "me.png", { type: "image/png" }));
    await client.request("/profile/avatar", { method: "POST", body: again, csrf: false });
    assert.equal(await services.storage.head(key), undefined);

    const junk = new FormData();
    junk.set("_csrf", client.cookies.get("vf_csrf")!);
    junk.set("avatar", new File(["not an image at all"], "x.png", { type: "image/png" }));
    const rejected = await client.request("/profile/avatar", {
      method: "POST",
      body: junk,
      csrf: false,
    });
    assert.equal(rejected.status, 400);
    assert.match(await rejected.text(), /Upload a JPEG, PNG, WebP or GIF image/);
  } finally {
    await services.close();
  }
});

Deno.test("settings page: change the password, then sign out everywhere", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const client = new TestClient(app);
    const other = new TestClient(app);
    const email = testEmail();
    await signUpAndIn(client, {
      form: { email, displayName: "Set", password: GOOD_PASSWORD },
    });
    await other.request("/signin", { form: { email, password: GOOD_PASSWORD } });
    assert.equal((await client.request("/settings")).status, 200);
    const weak = await client.request("/settings/password", {
      form: { currentPassword: GOOD_PASSWORD, newPassword: "qwerty123456" },
    });
    assert.equal(weak.status, 400);
    assert.match(await weak.text(), /too common/);
    const changed = await client.request("/settings/password", {
      form: { currentPassword: GOOD_PASSWORD, newPassword: "another good passphrase" },
    });
    assert.equal(changed.status, 303);
    assert.equal((await client.request("/api/v1/auth/me")).status, 200);
    assert.equal((await other.request("/api/v1/auth/me")).status, 401);

    const out = await client.request("/settings/signout-everywhere", { form: {} });
    assert.equal(out.headers.get("location"), "/signin?ended=1");
    assert.equal((await client.request("/api/v1/auth/me")).status, 401);
  } finally {
    await services.close();
  }
});
