import assert from "node:assert/strict";
import { renderMail } from "./render.ts";

const site = { name: "VideoFlow", publicUrl: "https://videos.example.org" };

Deno.test("renderMail: text and HTML say the same, links are absolute on PUBLIC_URL, input is escaped", () => {
  const m = renderMail(site, {
    subject: "Hello",
    paragraphs: [`Hi <img src=x onerror=alert(1)> & "friends"`],
    action: { label: "Open", path: "/verify?token=abc&x=1" },
    after: ["Works once."],
  });
  assert.equal(m.subject, "Hello · VideoFlow");
  assert.match(m.text, /^Hi <img src=x onerror=alert\(1\)> & "friends"/);
  assert.match(m.text, /Open:\nhttps:\/\/videos\.example\.org\/verify\?token=abc&x=1/);
  assert.match(m.text, /— VideoFlow\nhttps:\/\/videos\.example\.org\/$/);
  assert.ok(!m.html.includes("<img"), "markup in the content is escaped");
  assert.match(m.html, /Hi &lt;img src=x onerror=alert\(1\)&gt; &amp; &quot;friends&quot;/);
  assert.match(m.html, /href="https:\/\/videos\.example\.org\/verify\?token=abc&amp;x=1"/);
  assert.match(m.html, /Works once\./);
});

Deno.test("renderMail: without an action only the site is linked; a PUBLIC_URL path prefix is kept", () => {
  const m = renderMail({ ...site, publicUrl: "https://example.org/vf" }, {
    subject: "Notice",
    paragraphs: ["Something happened."],
  });
  assert.deepEqual(m.text.match(/https?:\/\/\S+/g), ["https://example.org/vf/"]);
  assert.equal(m.html.match(/href=/g)?.length, 1);
  const prefixed = renderMail({ ...site, publicUrl: "https://example.org/vf" }, {
    subject: "Go",
    paragraphs: [],
    action: { label: "Go", path: "/reset?token=t" },
  });
  assert.match(
    prefixed.text,
    /https:\/\/example\.org\/vf\/reset\?token=t/,
    "a path prefix is kept",
  );
});
