/**
 * Thumbnails: frames made while processing, choosing one (cards get a srcset),
 * a re-run keeping the choice and the captions, image uploads (JPEG, PNG,
 * WebP) resized by a job, and refused uploads with clear 4xx answers.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { saveCaption } from "../lib/captions/store.ts";
import { rerunProcessing } from "../lib/videos/manage.ts";
import { startWorker } from "../workers/mod.ts";
import { ffprobe } from "./_harness/clips.ts";
import { signUpMember } from "./_harness/community.ts";
import { openTestServices } from "./_harness/services.ts";
import { readyPublicVideo, waitForOutcome } from "./_harness/videos.ts";

type S = Awaited<ReturnType<typeof openTestServices>>;

async function withApp(fn: (s: S, app: ReturnType<typeof createApp>) => Promise<void>) {
  const s = await openTestServices();
  const worker = await startWorker(s);
  try {
    await fn(s, createApp(s));
  } finally {
    await worker.stop();
    await s.close();
  }
}

async function image(dir: string, ext: string, size = "800x450"): Promise<Uint8Array<ArrayBuffer>> {
  const path = `${dir}/img-${crypto.randomUUID()}.${ext}`;
  const out = await new Deno.Command("ffmpeg", {
    args: ["-v", "error", "-f", "lavfi", "-i", `testsrc=size=${size}`, "-frames:v", "1", path],
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  return await Deno.readFile(path) as Uint8Array<ArrayBuffer>;
}

function imageForm(bytes: Uint8Array<ArrayBuffer>, name: string): FormData {
  const f = new FormData();
  f.set("image", new File([bytes], name));
  return f;
}

async function posterKey(s: S, id: string): Promise<string> {
  const [v] = await s.db.sql<{ posterKey: string }[]>`
    select poster_key as "posterKey" from videos where id = ${id}`;
  return v.posterKey;
}

async function waitForThumbnail(s: S, id: string, name: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const [t] = await s.db.sql<{ state: string; error: string | null }[]>`
      select state, error from video_thumbnails where video_id = ${id} and name = ${name}`;
    if (t?.state !== "pending") return t?.state === "unusable" ? `unusable: ${t.error}` : t?.state;
    await new Promise((r) => setTimeout(r, 100));
  }
  return "timeout";
}

Deno.test("frames from processing; choosing one; a re-run keeps the choice and the captions", async () => {
  await withApp(async (s, app) => {
    const sql = s.db.sql;
    const deps = { sql, storage: s.storage, dir: s.dir };
    const id = await readyPublicVideo(deps, { width: 640, height: 360, durationS: 4 });
    const frames = await sql<{ name: string; widths: number[]; atS: number }[]>`
      select name, widths, at_s as "atS" from video_thumbnails where video_id = ${id} order by at_s`;
    assert.deepEqual(frames.map((f) => [f.name, f.widths, Math.round(f.atS * 10) / 10]), [
      ["f1", [320, 640], 1],
      ["auto", [320, 640], 1.2],
      ["f2", [320, 640], 2],
      ["f3", [320, 640], 3],
    ]);
    assert.equal(await posterKey(s, id), `media/${id}/thumbs/auto-640.jpg`);
    const small = s.storage.localPath(`media/${id}/thumbs/f2-320.jpg`)!;
    const probed = await ffprobe(small, ["-show_streams"]);
    assert.deepEqual([probed.streams[0].width, probed.streams[0].height], [320, 180]);

    const owner = await signUpMember(app, "Owner");
    await sql`update videos set owner_id = ${owner.id} where id = ${id}`;
    const chosen = await owner.client.request(`/api/v1/videos/${id}/thumbnail`, {
      method: "PUT",
      json: { name: "f3" },
    });
    assert.equal(chosen.status, 200);
    assert.equal(await posterKey(s, id), `media/${id}/thumbs/f3-640.jpg`);
    const unknown = await owner.client.request(`/api/v1/videos/${id}/thumbnail`, {
      method: "PUT",
      json: { name: "f9" },
    });
    assert.equal(unknown.status, 404);
    // Cards (the home page) and the watch page's poster (no player in this app) offer every width.
    const home = await (await app.request("/")).text();
    assert.match(
      home,
      new RegExp(
        `srcset="/media/${id}/thumbs/f3-320.jpg 320w, /media/${id}/thumbs/f3-640.jpg 640w"`,
      ),
    );
    assert.match(home, /sizes="\(max-width: 560px\) 100vw, 360px"/);
    const watch = await (await app.request(`/v/${id}`)).text();
    assert.match(
      watch,
      new RegExp(`class="watch-poster"[^>]*srcset="/media/${id}/thumbs/f3-320.jpg 320w`),
    );

    await saveCaption({ sql, storage: s.storage }, id, {
      lang: "en",
      label: "English",
      bytes: new TextEncoder().encode("WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n"),
    });
    await rerunProcessing({ sql }, id);
    assert.equal((await waitForOutcome(sql, id)).status, "ready");
    assert.equal(await posterKey(s, id), `media/${id}/thumbs/f3-640.jpg`, "the choice stays");
    const master = await (await app.request(`/media/${id}/master.m3u8`)).text();
    const uri = /TYPE=SUBTITLES.*URI="([^"]+)"/.exec(master)![1];
    assert.equal((await app.request(`/media/${id}/${uri}`)).status, 200, "captions survive");
    assert.equal((await app.request(`/media/${id}/${uri.replace(".m3u8", ".vtt")}`)).status, 200);
  });
});

Deno.test("uploaded JPEG, PNG and WebP images are resized and become the poster; bad ones get a 4xx", async () => {
  await withApp(async (s, app) => {
    const sql = s.db.sql;
    const owner = await signUpMember(app, "Owner");
    const [v] = await sql<{ id: string }[]>`
      insert into videos (owner_id, title, visibility, status, playable_at)
      values (${owner.id}, 'Clip', 'private', 'ready', now()) returning id`;
    const url = `/api/v1/videos/${v.id}/thumbnails`;
    let previous: string | undefined;
    for (const ext of ["jpg", "png", "webp"]) {
      const res = await owner.client.request(url, {
        method: "POST",
        body: imageForm(await image(s.dir, ext), `mine.${ext}`),
      });
      assert.equal(res.status, 202, await res.clone().text());
      const { thumbnail } = await res.json();
      assert.equal(thumbnail.state, "pending");
      assert.equal(await waitForThumbnail(s, v.id, thumbnail.name), "usable", ext);
      assert.equal(await posterKey(s, v.id), `media/${v.id}/thumbs/${thumbnail.name}-800.jpg`);
      for (const w of [320, 640, 800]) {
        const head = await s.storage.head(`media/${v.id}/thumbs/${thumbnail.name}-${w}.jpg`);
        assert.equal(head?.contentType, "image/jpeg", `${ext} ${w}`);
      }
      if (previous) {
        assert.equal(await s.storage.head(`media/${v.id}/thumbs/${previous}-320.jpg`), undefined);
      }
      previous = thumbnail.name;
    }
    const listed = await (await owner.client.request(url)).json();
    assert.equal(listed.current, previous);
    assert.equal(listed.thumbnails.length, 1, "one upload at a time is kept");
    assert.match(listed.thumbnails[0].srcset, /-320\.jpg\?token=[^ ]+ 320w, .*-800\.jpg\?token=/);
    const img = await app.request(new URL(listed.thumbnails[0].src, "http://x").pathname);
    assert.equal(img.status, 403, "a private video's thumbnail needs the token");

    const refuse = async (
      body: FormData | Uint8Array<ArrayBuffer>,
      status: number,
      message: RegExp,
    ) => {
      const res = await owner.client.request(url, { method: "POST", body });
      assert.equal(res.status, status, await res.clone().text());
      assert.match((await res.json()).error.message, message);
    };
    const text = new TextEncoder().encode("just some text, honestly\n");
    await refuse(imageForm(text, "photo.png"), 400, /not a JPEG, PNG or WebP image/);
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720"><rect width="9" height="9"/></svg>',
    );
    await refuse(imageForm(svg, "art.svg"), 400, /not a JPEG, PNG or WebP image/);
    await refuse(imageForm(await image(s.dir, "gif", "64x64"), "a.gif"), 400, /not a JPEG, PNG/);
    await refuse(
      imageForm(hugePng(30000, 30000), "huge.png"),
      413,
      /30000×30000 pixels; .* at most 8192/,
    );
    await refuse(imageForm(hugePng(9000, 100), "wide.png"), 413, /9000×100 pixels/);
    await refuse(new Uint8Array(10 * 1024 * 1024 + 100_000), 413, /at most 10 MiB/);
    await refuse(new FormData(), 400, /Choose a JPEG, PNG or WebP image/);
    const other = await signUpMember(app, "Other");
    const foreign = await other.client.request(url, {
      method: "POST",
      body: imageForm(await image(s.dir, "png"), "x.png"),
    });
    assert.equal(foreign.status, 404, "a private video is not found by others");

    // The edit page's form: a refusal shows the reason beside the field.
    const page = await owner.client.request(`/studio/videos/${v.id}/thumbnails`, {
      method: "POST",
      body: imageForm(svg, "art.svg"),
    });
    assert.equal(page.status, 400);
    assert.match(await page.text(), /id="thumb-image-error">That file is not a JPEG, PNG or WebP/);
  });
});

/** A PNG whose header claims `w`×`h` pixels, with almost no data behind it. */
function hugePng(w: number, h: number): Uint8Array<ArrayBuffer> {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Uint8Array) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, w);
  new DataView(ihdr.buffer).setUint32(4, h);
  ihdr.set([8, 2, 0, 0, 0], 8);
  // A tiny zlib stream (stored, empty) as the image data.
  const idat = new Uint8Array([0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff, 0, 0, 0, 1]);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", idat),
    chunk("IEND", new Uint8Array()),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}
