import assert from "node:assert/strict";
import { defineIsland } from "./define.tsx";
import { renderPage } from "./render.ts";

const Counter = defineIsland(
  "Counter",
  (props: { start: number; label: string }) => (
    <button type="button">{props.label}: {props.start}</button>
  ),
);

function Plain() {
  return <p>static</p>;
}

Deno.test("renderPage() wraps an island in a marker with its serialised props and adds the bundle", () => {
  const html = renderPage(
    <html>
      <body>
        <Counter start={3} label={`</vf-island><script>alert("x")</script>`} />
      </body>
    </html>,
    { islandsUrl: "/_islands/islands-abc.js" },
  );
  const m = /<vf-island data-island="Counter" data-props="([^"]*)">/.exec(html);
  assert.ok(m, html);
  const props = JSON.parse(
    m[1].replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&amp;", "&"),
  );
  assert.deepEqual(props, { start: 3, label: `</vf-island><script>alert("x")</script>` });
  assert.doesNotMatch(html, /<script>alert/);
  assert.match(html, /<script type="module" src="\/_islands\/islands-abc.js"><\/script><\/body>/);
});

Deno.test("renderPage() ships no JS for a page without islands", () => {
  const html = renderPage(
    <html>
      <body>
        <Plain />
      </body>
    </html>,
    { islandsUrl: "/_islands/islands-abc.js" },
  );
  assert.equal(html, "<!DOCTYPE html><html><body><p>static</p></body></html>");
});
