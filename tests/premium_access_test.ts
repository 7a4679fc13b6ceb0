/**
 * Premium-only videos through the one access rule: the playback API, the
 * watch page and the media edge refuse non-members (the poster stays open),
 * serve members, and stop serving a member's existing tokens once premium
 * ends; Stripe being down changes nothing for current members; without
 * Stripe configured, premium does not exist.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { tokenAccount } from "./_harness/client.ts";
import { deliverAll, premiumApp } from "./_harness/premium.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";
import { openTestServices } from "./_harness/services.ts";
import { addPlayableVideo } from "./_harness/community.ts";

type App = Awaited<ReturnType<typeof premiumApp>>;

async function member(t: App, name: string) {
  const account = await tokenAccount(t.app, { name });
  const r = await account.call("/api/v1/billing/checkout", { json: { plan: "monthly" } });
  const sessionId = new URL((await r.json()).url).pathname.split("/").at(-1)!;
  const events = t.standin.completeCheckout(sessionId);
  await deliverAll(t.deliver, events);
  return { account, subId: (events[0].data as { object: { id: string } }).object.id };
}

async function premiumVideo(t: App) {
  const seeded = await seedVideoWithMedia(t.services, { visibility: "public" });
  await t.sql`update videos set premium = true where id = ${seeded.videoId}`;
  return seeded;
}

Deno.test("a premium video is refused to non-members and played by members; its poster stays open", async () => {
  const t = await premiumApp();
  try {
    const { videoId } = await premiumVideo(t);
    const viewer = await tokenAccount(t.app, { name: "Viewer" });
    const playback = `/api/v1/videos/${videoId}/playback`;
    assert.equal((await t.app.request(playback)).status, 403, "anonymous");
    assert.equal((await viewer.call(playback)).status, 403, "signed in, free");
    // Stable URLs are gone: the content needs a token, and a token without premium is refused.
    const seg = `/media/${videoId}/240p/seg_00000.m4s`;
    assert.equal((await t.app.request(seg)).status, 403);
    assert.equal((await t.app.request(`/media/${videoId}/master.m3u8`)).status, 403);
    const poster = await t.app.request(`/media/${videoId}/poster.jpg`);
    assert.equal(poster.status, 200, "the poster presents the video to everyone");
    await poster.body?.cancel();
    // The watch page: title, poster and the call to go premium, no player.
    const page = await (await t.app.request(`/v/${videoId}`)).text();
    assert.match(page, /This video is for premium members/);
    assert.match(page, /href="\/pricing"/);
    assert.doesNotMatch(page, /data-island="Player"/);
    const embed = await t.app.request(`/embed/${videoId}`);
    assert.equal(embed.status, 200);
    const embedHtml = await embed.text();
    assert.match(embedHtml, /This video is for premium members/);
    assert.doesNotMatch(embedHtml, /master\.m3u8/);

    const { account } = await member(t, "Member");
    const r = await account.call(playback);
    assert.equal(r.status, 200);
    const { masterUrl } = await r.json();
    assert.match(masterUrl, /\?token=/, "members get a token, never a stable URL");
    const master = await t.app.request(masterUrl);
    assert.equal(master.status, 200);
    assert.match(await master.text(), /token=/);
    const token = new URL(masterUrl, "http://x").searchParams.get("token");
    const got = await t.app.request(`${seg}?token=${token}`);
    assert.equal(got.status, 200);
    await got.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("losing premium ends a member's existing media token within the grant cache's 5 s", async () => {
  const t = await premiumApp();
  try {
    const { videoId } = await premiumVideo(t);
    const { account, subId } = await member(t, "Leaver");
    const { masterUrl } = await (await account.call(`/api/v1/videos/${videoId}/playback`)).json();
    const token = new URL(masterUrl, "http://x").searchParams.get("token");
    const seg = `/media/${videoId}/240p/seg_00001.m4s?token=${token}`;
    const before = await t.app.request(seg);
    assert.equal(before.status, 200);
    await before.body?.cancel();
    await deliverAll(t.deliver, [t.standin.changeSubscription(subId, { status: "canceled" })]);
    await new Promise((r) => setTimeout(r, 5_200));
    assert.equal((await t.app.request(seg)).status, 403, "the same token no longer opens it");
    assert.equal((await account.call(`/api/v1/videos/${videoId}/playback`)).status, 403);
  } finally {
    await t.close();
  }
});

Deno.test("Stripe down: members keep playing from the stored state; the breaker opens, then closes", async () => {
  const t = await premiumApp();
  try {
    const { videoId } = await premiumVideo(t);
    const { account } = await member(t, "Steady");
    const other = await tokenAccount(t.app, { name: "Newcomer" });
    t.standin.mode = "error";
    assert.equal((await account.call(`/api/v1/videos/${videoId}/playback`)).status, 200);
    const checkout = () => other.call("/api/v1/billing/checkout", { json: { plan: "monthly" } });
    const seen = () => t.standin.requests.length;
    let before = seen();
    assert.equal((await checkout()).status, 503);
    assert.equal(seen() - before, 2, "one retry after a transient failure");
    assert.equal((await checkout()).status, 503);
    assert.equal(t.gateway().breaker.state, "open");
    before = seen();
    assert.equal((await checkout()).status, 503);
    assert.equal(seen(), before, "an open circuit does not call Stripe");
    t.standin.mode = "ok";
    await new Promise((r) => setTimeout(r, 2_100));
    assert.equal(t.gateway().breaker.state, "half-open");
    assert.equal((await checkout()).status, 200, "the trial call goes through");
    assert.equal(t.gateway().breaker.state, "closed");
    // A Stripe that does not answer is cut off by the timeout (STRIPE_TIMEOUT_MS), not waited for.
    t.standin.mode = "hang";
    const slow = await other.call("/api/v1/billing/portal", { json: {} });
    assert.equal(slow.status, 503);
    assert.equal((await slow.json()).error.code, "unavailable");
    assert.equal((await account.call(`/api/v1/videos/${videoId}/playback`)).status, 200);
  } finally {
    await t.close();
  }
});

Deno.test("a creator marks a video premium through the API; nobody else can", async () => {
  const t = await premiumApp();
  try {
    const owner = await tokenAccount(t.app, { name: "Owner" });
    const stranger = await tokenAccount(t.app, { name: "Stranger" });
    const videoId = await addPlayableVideo(t.sql, owner.id);
    const put = (who: typeof owner, premium: unknown) =>
      who.call(`/api/v1/videos/${videoId}/premium`, { method: "PUT", json: { premium } });
    assert.equal((await put(stranger, true)).status, 403);
    assert.equal((await put(owner, "yes")).status, 400);
    const r = await put(owner, true);
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { premium: true });
    const [v] = await t.sql`select premium from videos where id = ${videoId}`;
    assert.equal(v.premium, true);
    // The owner still plays it; the stranger no longer.
    assert.notEqual((await owner.call(`/api/v1/videos/${videoId}/playback`)).status, 403);
    assert.equal((await stranger.call(`/api/v1/videos/${videoId}/playback`)).status, 403);
  } finally {
    await t.close();
  }
});

Deno.test("without Stripe configured premium is hidden and premium flags are ignored", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const { videoId } = await seedVideoWithMedia(services, { visibility: "public" });
    await services.db.sql`update videos set premium = true where id = ${videoId}`;
    for (const path of ["/pricing", "/account/premium", "/studio/monetization"]) {
      assert.equal((await app.request(path)).status, 404, path);
    }
    const r = await app.request("/api/v1/billing/webhook", { method: "POST", body: "{}" });
    assert.equal(r.status, 404);
    assert.equal((await app.request(`/api/v1/videos/${videoId}/playback`)).status, 200);
    const seg = await app.request(`/media/${videoId}/240p/seg_00000.m4s`);
    assert.equal(seg.status, 200);
    await seg.body?.cancel();
    assert.doesNotMatch(await (await app.request(`/v/${videoId}`)).text(), /premium members/);
  } finally {
    await services.close();
  }
});
