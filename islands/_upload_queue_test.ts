import assert from "node:assert/strict";
import { nextToSend, type QueueItem, refusal, removable, resumeMismatch } from "./_upload_queue.ts";

const item = (key: string, phase: QueueItem["phase"]): QueueItem => ({
  key,
  name: `${key}.mp4`,
  size: 10,
  phase,
  sent: 0,
  bytesPerSecond: 0,
});

Deno.test("the queue sends one file at a time, in order, past done, failed and paused ones", () => {
  assert.equal(
    nextToSend([item("a", "done"), item("b", "waiting"), item("c", "waiting")])?.key,
    "b",
  );
  assert.equal(nextToSend([item("a", "sending"), item("b", "waiting")]), undefined);
  assert.equal(nextToSend([item("a", "finishing"), item("b", "waiting")]), undefined);
  assert.equal(
    nextToSend([item("a", "paused"), item("b", "error"), item("c", "waiting")])?.key,
    "c",
  );
  assert.equal(nextToSend([item("a", "done")]), undefined);
  assert.equal(removable(item("a", "error")), true);
  assert.equal(removable(item("a", "sending")), false);
});

Deno.test("a file resumes an unfinished upload only if its name and size match", () => {
  const pending = { uploadId: "u", videoId: "v", filename: "beach.mp4", size: 2048, received: 0 };
  assert.equal(resumeMismatch({ name: "beach.mp4", size: 2048 }, pending), undefined);
  assert.match(
    resumeMismatch({ name: "beach.mp4", size: 2047 }, pending)!,
    /pick “beach\.mp4” \(2 KiB\)/,
  );
  assert.ok(resumeMismatch({ name: "other.mp4", size: 2048 }, pending));
});

Deno.test("the browser refuses what the server would: type, empty, too large", () => {
  const max = 2 * 1024 ** 3;
  assert.equal(refusal({ name: "a.MOV", type: "", size: 5 }, max), undefined);
  assert.match(refusal({ name: "a.txt", type: "text/plain", size: 5 }, max)!, /MP4, WebM or MOV/);
  assert.match(refusal({ name: "a.mp4", type: "video/mp4", size: 0 }, max)!, /empty/);
  assert.match(
    refusal({ name: "a.mp4", type: "video/mp4", size: max + 1 }, max)!,
    /limit is 2 GiB/,
  );
});
