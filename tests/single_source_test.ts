/**
 * One source of truth, checked on every run: no file spells a video state
 * (lib/shared/video_states.ts and lib/videos/lifecycle.ts own them) and no file
 * builds an object key of a storage family (lib/storage/layout.ts owns them),
 * and no SQL outside the access modules decides who may see a video by its
 * visibility (lib/videos/access.ts owns that; search applies it in
 * lib/search/visibility.ts).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { VIDEO_STATES } from "../lib/shared/video_states.ts";
import { JOB_STATES } from "../lib/queue/states.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const DIRS = ["lib", "routes", "workers", "islands", "components", "middleware"];
const FILES = ["app.ts", "main.ts"];

async function* sources(): AsyncGenerator<string> {
  async function* walk(dir: string): AsyncGenerator<string> {
    for await (const e of Deno.readDir(join(ROOT, dir))) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) yield* walk(path);
      else if (/\.tsx?$/.test(e.name) && !/_test(_\w+)?\.tsx?$/.test(e.name)) yield path;
    }
  }
  for (const d of DIRS) yield* walk(d);
  yield* FILES;
}

// A state's name in quotes (SQL, JS); a JSX class="processing" is a CSS name, and
// comments name states in backticks.
const STATE_LITERAL = new RegExp(`(?<!class=)(["'])(${VIDEO_STATES.join("|")})\\1`, "g");
// The start of a key of a storage family: `media/…`, "raw/…", 'avatars/…' (URL paths start with /).
const KEY_LITERAL = /[`"'](media|raw|avatars|live|exports)\//g;

/** `file:line: match` for every hit of `re` in `text`. */
function hits(file: string, text: string, re: RegExp, skip: (m: string) => boolean = () => false) {
  return text.split("\n").flatMap((line, i) =>
    [...line.matchAll(re)].filter((m) => !skip(m.at(-1)!)).map((m) => `${file}:${i + 1}: ${m[0]}`)
  );
}

const STATE_OWNERS = new Set(["lib/shared/video_states.ts", "lib/videos/lifecycle.ts"]);
/**
 * Literals in files another branch is changing at the same time; the merge
 * moves them to the lifecycle's questions. The test fails once one is gone, so
 * that this list only ever shrinks.
 */
const PENDING: Record<string, string[]> = {};

Deno.test("the scanners find what they look for", () => {
  assert.deepEqual(
    hits("x.ts", `if (s === "failed") q = sql\`status = 'ready'\`;`, STATE_LITERAL),
    [
      `x.ts:1: "failed"`,
      `x.ts:1: 'ready'`,
    ],
  );
  assert.deepEqual(hits("x.tsx", `<div class="processing">`, STATE_LITERAL), []);
  assert.deepEqual(hits("x.ts", "const k = `media/${id}/poster.jpg`;", KEY_LITERAL), [
    "x.ts:1: `media/",
  ]);
  assert.deepEqual(hits("x.ts", `app.get("/media/:id/:path")`, KEY_LITERAL), []);
});

Deno.test("no video state is spelt outside the lifecycle's modules", async () => {
  const found: string[] = [];
  const pendingSeen = new Set<string>();
  for await (const file of sources()) {
    if (STATE_OWNERS.has(file)) continue;
    const text = await Deno.readTextFile(join(ROOT, file));
    // The job system names its own states, one of which is also called "ready".
    const isJobState = (s: string) =>
      file.startsWith("lib/queue/") && (JOB_STATES as readonly string[]).includes(s);
    const pending = PENDING[file] ?? [];
    for (const h of hits(file, text, STATE_LITERAL, (s) => isJobState(s) || pending.includes(s))) {
      found.push(h);
    }
    for (const s of pending) {
      if (hits(file, text, STATE_LITERAL, (m) => m !== s).length) {
        pendingSeen.add(`${file}:${s}`);
      }
    }
  }
  assert.deepEqual(found, []);
  const stale = Object.entries(PENDING).flatMap(([f, ss]) => ss.map((s) => `${f}:${s}`))
    .filter((k) => !pendingSeen.has(k));
  assert.deepEqual(stale, [], "no longer spelt there: remove it from PENDING");
});

Deno.test("no storage key is built outside lib/storage/layout.ts", async () => {
  const found: string[] = [];
  for await (const file of sources()) {
    if (file === "lib/storage/layout.ts") continue;
    found.push(...hits(file, await Deno.readTextFile(join(ROOT, file)), KEY_LITERAL));
  }
  assert.deepEqual(found, []);
});

// SQL comparing a video's visibility: `visibility = 'public'`, `v.visibility <> 'private'`.
const VISIBILITY_SQL = /visibility\s*(=|<>|!=|in)\s*\(?'/g;
const ACCESS_OWNERS = new Set(["lib/videos/access.ts", "lib/search/visibility.ts"]);

Deno.test("who may see a video is decided only in the access modules", async () => {
  assert.deepEqual(hits("x.ts", "sql`where v.visibility = 'public'`", VISIBILITY_SQL).length, 1);
  const found: string[] = [];
  for await (const file of sources()) {
    if (ACCESS_OWNERS.has(file)) continue;
    found.push(...hits(file, await Deno.readTextFile(join(ROOT, file)), VISIBILITY_SQL));
  }
  assert.deepEqual(found, []);
});
