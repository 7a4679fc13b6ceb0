/** Captions: upload (VTT, SRT, bad files), the SUBTITLES group in the master, access rules. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { signUpMember } from "./_harness/community.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";
import { openTestServices } from "./_harness/services.ts";
import { TestClient } from "./_harness/client.ts";

const VTT = "WEBVTT\n\n00:00.500 --> 00:03.000\nHello from the captions\n\n" +
  "00:03.500 --> 00:06.000 align:start\nSecond cue\n";
const SRT = "1\n00:00:00,500 --> 00:00:03,000\nBonjour & <i>salut</i>\n";

async function setup(visibility: "public" | "private" = "public") {
  const services = await openTestServices();
  const app = createApp(services);
  const sql = services.db.sql;
  const owner = await signUpMember(app, "Owner");
  const other = await signUpMember(app, "Other");
  const { videoId } = await seedVideoWithMedia(services, { visibility });
  await sql`update videos set owner_id = ${owner.id}, duration_s = 8 where id = ${videoId}`;
  return { services, app, sql, owner, other, videoId };
}

function form(
  fields: Record<string, string>,
  file: string | Uint8Array<ArrayBuffer>,
  name = "captions.vtt",
) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  f.set("file", new File([file], name));
  return f;
}

Deno.test("VTT and SRT uploads become tracks in the master's SUBTITLES group and are served", async () => {
  const { services, app, owner, videoId } = await setup();
  try {
    const put = await owner.client.request(`/api/v1/videos/${videoId}/captions/en-us`, {
      method: "PUT",
      body: form({ label: "English" }, VTT),
    });
    assert.equal(put.status, 200, await put.clone().text());
    const { caption } = await put.json();
    assert.equal(caption.lang, "en-US");
    assert.equal(caption.cueCount, 2);
    // SRT as a raw body, the label in the query.
    const srt = await owner.client.request(
      `/api/v1/videos/${videoId}/captions/fr?label=Fran%C3%A7ais`,
      { method: "PUT", body: SRT, headers: { "content-type": "application/x-subrip" } },
    );
    assert.equal(srt.status, 200, await srt.clone().text());

    const list = await (await owner.client.request(`/api/v1/videos/${videoId}/captions`)).json();
    assert.deepEqual(list.captions.map((c: { lang: string }) => c.lang), ["en-US", "fr"]);

    const master = await app.request(`/media/${videoId}/master.m3u8`);
    assert.equal(master.headers.get("cache-control"), "public, max-age=60");
    const text = await master.text();
    const media = [...text.matchAll(/^#EXT-X-MEDIA:TYPE=SUBTITLES,.*URI="([^"]+)"$/gm)];
    assert.equal(media.length, 2);
    assert.match(text, /NAME="Français",LANGUAGE="fr"/);
    assert.match(text, /^#EXT-X-STREAM-INF:.*,SUBTITLES="subs"$/m);

    // The subtitle playlist (one segment, the whole video) and its WebVTT, from the edge.
    const playlistPath = media[0][1];
    const playlist = await app.request(`/media/${videoId}/${playlistPath}`);
    assert.equal(playlist.status, 200);
    const pl = await playlist.text();
    assert.match(pl, /#EXTINF:8\.000,\n[0-9a-f]+\.vtt\n#EXT-X-ENDLIST/);
    const vttName = /^([0-9a-f]+\.vtt)$/m.exec(pl)![1];
    const dir = playlistPath.slice(0, playlistPath.lastIndexOf("/") + 1);
    const vtt = await app.request(`/media/${videoId}/${dir}${vttName}`);
    assert.equal(vtt.status, 200);
    assert.equal(vtt.headers.get("content-type"), "text/vtt");
    assert.match(await vtt.text(), /^WEBVTT\n\n00:00:00\.500 --> 00:00:03\.000\nHello from/);

    const fr = await app.request(`/media/${videoId}/${media[1][1].replace(/m3u8$/, "vtt")}`);
    assert.match(await fr.text(), /Bonjour &amp; <i>salut<\/i>/);

    // The playback answer lists them too.
    const pb = await (await app.request(`/api/v1/videos/${videoId}/playback`)).json();
    assert.deepEqual(pb.captions.map((c: { label: string }) => c.label), ["English", "Français"]);
    assert.match(pb.captions[0].url, /\/media\/.*\/captions\/en-US\/[0-9a-f]+\.vtt$/);
  } finally {
    await services.close();
  }
});

Deno.test("replacing and deleting change the master at once (new ETag), old files go", async () => {
  const { services, app, owner, videoId } = await setup();
  try {
    const url = `/api/v1/videos/${videoId}/captions/de`;
    await owner.client.request(url, { method: "PUT", body: form({ label: "Deutsch" }, VTT) });
    const first = await app.request(`/media/${videoId}/master.m3u8`);
    const etag = first.headers.get("etag")!;
    const oldUri = /URI="([^"]+)"/.exec(await first.text())![1];
    assert.equal(
      (await app.request(`/media/${videoId}/master.m3u8`, { headers: { "If-None-Match": etag } }))
        .status,
      304,
    );
    const again = await owner.client.request(url, {
      method: "PUT",
      body: form({ label: "Deutsch (neu)" }, VTT.replace("Hello", "Hallo")),
    });
    assert.equal(again.status, 200);
    const second = await app.request(`/media/${videoId}/master.m3u8`, {
      headers: { "If-None-Match": etag },
    });
    assert.equal(second.status, 200, "a changed caption list must not be a 304");
    const text = await second.text();
    assert.match(text, /NAME="Deutsch \(neu\)"/);
    assert.ok(!text.includes(oldUri));
    assert.equal((await app.request(`/media/${videoId}/${oldUri}`)).status, 404);

    assert.equal((await owner.client.request(url, { method: "DELETE" })).status, 204);
    const after = await (await app.request(`/media/${videoId}/master.m3u8`)).text();
    assert.ok(!after.includes("SUBTITLES"), after);
    assert.equal((await owner.client.request(url, { method: "DELETE" })).status, 404);
  } finally {
    await services.close();
  }
});

Deno.test("bad caption files get a clear 4xx naming the line; only the owner may change them", async () => {
  const { services, app, owner, other, videoId } = await setup();
  try {
    const url = (lang: string) => `/api/v1/videos/${videoId}/captions/${lang}`;
    const put = (lang: string, body: FormData) =>
      owner.client.request(url(lang), { method: "PUT", body });
    const bad = await put(
      "en",
      form(
        { label: "English" },
        "WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\n00:02.000 -> 00:03.000\nx",
      ),
    );
    assert.equal(bad.status, 400);
    const err = (await bad.json()).error;
    assert.match(err.message, /^Line 6: a cue timing reads `start --> end`/);
    assert.equal(err.details.line, 6);

    const binary = await put(
      "en",
      form({ label: "English" }, new Uint8Array([0xff, 0xd8, 0xff, 0])),
    );
    assert.equal(binary.status, 400);
    assert.match((await binary.json()).error.message, /not UTF-8/);

    const huge = await put(
      "en",
      form({ label: "English" }, "WEBVTT\n\n" + "x".repeat(1100 * 1024)),
    );
    assert.equal(huge.status, 413);
    assert.match((await huge.json()).error.message, /at most 1 MiB/);

    const lang = await put("english!", form({ label: "English" }, VTT));
    assert.equal(lang.status, 400);
    assert.match((await lang.json()).error.message, /not a language tag/);

    const label = await put("en", form({ label: 'Eng"' }, VTT));
    assert.equal(label.status, 400);
    const noFile = await owner.client.request(url("en"), { method: "PUT", body: new FormData() });
    assert.equal(noFile.status, 400);

    assert.equal(
      (await other.client.request(url("en"), { method: "PUT", body: form({ label: "E" }, VTT) }))
        .status,
      403,
    );
    assert.equal(
      (await new TestClient(app).request(url("en"), {
        method: "PUT",
        body: form({ label: "E" }, VTT),
      })).status,
      401,
    );
    const listed = await (await owner.client.request(`/api/v1/videos/${videoId}/captions`)).json();
    assert.deepEqual(listed.captions, []);
  } finally {
    await services.close();
  }
});

Deno.test("a private video's captions need the playback token, like its video", async () => {
  const { services, app, owner, videoId } = await setup("private");
  try {
    const put = await owner.client.request(`/api/v1/videos/${videoId}/captions/en`, {
      method: "PUT",
      body: form({ label: "English" }, VTT),
    });
    assert.equal(put.status, 200);
    const pb = await (await owner.client.request(`/api/v1/videos/${videoId}/playback`)).json();
    const vttUrl = new URL(pb.captions[0].url, "http://localhost");
    assert.equal((await app.request(vttUrl.pathname)).status, 403);
    assert.equal((await app.request(vttUrl.pathname + vttUrl.search)).status, 200);
    const master = await app.request(
      new URL(pb.masterUrl, "http://localhost").pathname + vttUrl.search,
    );
    assert.equal(master.headers.get("cache-control"), "private, max-age=60");
    const uri = /TYPE=SUBTITLES.*URI="([^"]+)"/.exec(await master.text())![1];
    assert.match(uri, /\?token=/, "the subtitle playlist's URI carries the token");
    assert.equal((await app.request(`/media/${videoId}/${uri.split("?")[0]}`)).status, 403);
    assert.equal((await app.request(`/media/${videoId}/${uri}`)).status, 200);
  } finally {
    await services.close();
  }
});

Deno.test("the studio's edit page lists, adds, replaces and deletes captions without JavaScript", async () => {
  const { services, owner, videoId } = await setup();
  try {
    const base = `/studio/videos/${videoId}`;
    const add = await owner.client.request(`${base}/captions`, {
      method: "POST",
      body: form({ lang: "es", label: "Español" }, SRT, "subs.srt"),
    });
    assert.equal(add.status, 303, await add.clone().text());
    assert.equal(add.headers.get("location"), `${base}?captions=saved#captions`);
    const edit = await (await owner.client.request(`${base}?captions=saved`)).text();
    assert.match(edit, /Captions saved\./);
    assert.match(edit, /<strong>Español<\/strong>/);
    assert.match(edit, new RegExp(`action="${base}/captions/es/delete"`));

    const bad = await owner.client.request(`${base}/captions`, {
      method: "POST",
      body: form(
        { lang: "es", label: "Español" },
        "1\n00:00:05,000 --> 00:00:01,000\nx\n",
        "x.srt",
      ),
    });
    assert.equal(bad.status, 400);
    const page = await bad.text();
    assert.match(page, /Line 2: the cue ends before it starts\./);
    assert.match(page, /value="Español"/, "the label typed is kept");

    const del = await owner.client.request(`${base}/captions/es/delete`, {
      method: "POST",
      form: {},
    });
    assert.equal(del.status, 303);
    assert.doesNotMatch(await (await owner.client.request(base)).text(), /<strong>Español/);
  } finally {
    await services.close();
  }
});
