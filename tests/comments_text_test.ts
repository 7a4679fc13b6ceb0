/** Comments: text rules, inert markup, blocked words, the no-JavaScript form. */
import assert from "node:assert/strict";
import { communityApp } from "./_harness/community.ts";

Deno.test("comments: 1–5,000 characters after trimming; NUL and control characters refused", async () => {
  const t = await communityApp({ rateLimits: { comments: 1000 } });
  try {
    const post = (body: unknown) =>
      t.author.client.request(`/api/v1/videos/${t.videoId}/comments`, { json: { body } });
    for (
      const bad of ["", "   \n\t ", "a\u0000b", "bell\u0007", "x".repeat(5001), "\u202eevil", 42]
    ) {
      const r = await post(bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.equal((await r.json()).error.code, "invalid_input");
    }
    const max = await post(` ${"y".repeat(5000)} `);
    assert.equal(max.status, 201, "5,000 after trimming");
    const lines = await post("  one\r\ntwo\n\n\n\n\nthree\ttab  ");
    assert.equal((await lines.json()).comment.body, "one\ntwo\n\nthree\ttab");
    const extra = await t.author.client.request(`/api/v1/videos/${t.videoId}/comments`, {
      json: { body: "hi", admin: true },
    });
    assert.equal(extra.status, 400, "unknown fields refused");
    const notUuid = await t.author.client.request(`/api/v1/videos/not-a-uuid/comments`, {
      json: { body: "hi" },
    });
    assert.equal(notUuid.status, 400);
  } finally {
    await t.services.close();
  }
});

Deno.test("comments: script, markup and javascript: links come out inert; URLs become nofollow links", async () => {
  const t = await communityApp();
  try {
    const body = [
      "<script>alert(1)</script>",
      '<img src=x onerror="alert(2)">',
      "<b>bold</b> javascript:alert(3) [x](javascript:alert(4))",
      "see https://example.com/a?b=1&c=2.",
    ].join("\n");
    const r = await t.author.client.request(`/api/v1/videos/${t.videoId}/comments`, {
      json: { body },
    });
    assert.equal(r.status, 201);
    assert.equal((await r.json()).comment.body, body, "stored as typed");
    const html = await (await t.anon.request(`/v/${t.videoId}`)).text();
    const section = html.slice(html.indexOf('id="comments"'));
    assert.doesNotMatch(section, /<script>alert/);
    assert.doesNotMatch(section, /<img src=x/);
    assert.doesNotMatch(section, /<b>bold/);
    assert.doesNotMatch(section, /href="javascript:/i);
    assert.match(section, /&lt;script(&gt;|>)alert\(1\)&lt;\/script/);
    assert.match(
      section,
      /<a href="https:\/\/example.com\/a\?b=1&amp;c=2" rel="nofollow ugc noopener" target="_blank">/,
    );
    // The island's props are JSON in an attribute: escaped there too.
    assert.doesNotMatch(html, /data-props="[^"]*<script>/);
  } finally {
    await t.services.close();
  }
});

Deno.test("comments: blocked words (admins' list, case and accents folded, whole words) hold a comment", async () => {
  const t = await communityApp({ rateLimits: { comments: 1000 } });
  try {
    const { admin, author, other, anon, creator, videoId } = t;
    const path = "/api/v1/admin/blocked-words";
    assert.equal((await anon.request(path)).status, 401);
    assert.equal((await author.client.request(path)).status, 403);
    assert.equal(
      (await creator.client.request(path, { method: "PUT", json: { words: ["x"] } })).status,
      403,
    );
    const put = await admin.client.request(path, {
      method: "PUT",
      json: { words: ["Crétin", "ass", "bad  Phrase", "crétin", " "] },
    });
    assert.equal(put.status, 200);
    assert.deepEqual((await put.json()).words, ["ass", "bad phrase", "cretin"]);
    assert.deepEqual((await (await admin.client.request(path)).json()).words, [
      "ass",
      "bad phrase",
      "cretin",
    ]);
    const bad = await admin.client.request(path, { method: "PUT", json: { words: ["a\u0000"] } });
    assert.equal(bad.status, 400);

    const post = async (body: string) => {
      const r = await author.client.request(`/api/v1/videos/${videoId}/comments`, {
        json: { body },
      });
      assert.equal(r.status, 201);
      return (await r.json()).comment;
    };
    for (const held of ["You CRETIN", "what a Crétin!", "a BAD   phrase here", "kick ass."]) {
      const c = await post(held);
      assert.equal(c.status, "held", held);
      assert.equal(c.heldReason, "blocked_word");
    }
    for (const fine of ["a classic class", "cretinous? no", "bad phrases", "badphrase"]) {
      assert.equal((await post(fine)).status, "visible", fine);
    }
    const [{ n }] = await t.sql<{ n: number }[]>`
      select comment_count as n from videos where id = ${videoId}`;
    assert.equal(n, 4);
    // The author sees theirs as awaiting review; others do not see it.
    const mine = await (await author.client.request(`/v/${videoId}`)).text();
    assert.match(mine, /Awaiting review/);
    assert.match(mine, /You CRETIN/);
    const theirs = await (await other.client.request(`/v/${videoId}`)).text();
    assert.doesNotMatch(theirs, /You CRETIN/);
    assert.match(theirs, /4 comments/);
  } finally {
    await t.services.close();
  }
});

Deno.test("comments: the watch page form posts without JavaScript and keeps the text on an error", async () => {
  const t = await communityApp();
  try {
    const { author, videoId } = t;
    const r = await author.client.request(`/v/${videoId}/comments`, {
      form: { body: "From a plain form" },
    });
    assert.equal(r.status, 303);
    assert.match(r.headers.get("location")!, new RegExp(`^/v/${videoId}#comment-[0-9a-f-]{36}$`));
    const page = await (await author.client.request(`/v/${videoId}`)).text();
    assert.match(page, /From a plain form/);
    assert.match(page, /<form[^>]*method="post"[^>]*action="\/v\/[^"]+\/comments"/);
    assert.match(page, /name="_csrf" value="[^"]+"/);

    const bad = await author.client.request(`/v/${videoId}/comments`, {
      form: { body: `keep me\u0001` },
    });
    assert.equal(bad.status, 400);
    const text = await bad.text();
    assert.match(text, /keep me/);
    assert.match(text, /not allowed/);
    const noCsrf = await author.client.request(`/v/${videoId}/comments`, {
      form: { body: "x" },
      csrf: false,
    });
    assert.equal(noCsrf.status, 403);
    const anon = await t.anon.request(`/v/${videoId}/comments`, { form: { body: "x" } });
    assert.equal(anon.status, 401);
    assert.match(await anon.text(), /Sign in to comment/);
  } finally {
    await t.services.close();
  }
});
