import assert from "node:assert/strict";
import { STATE, type VideoState } from "./lifecycle.ts";
import { type MediaAccess, mediaVerdict } from "./media_access.ts";

const OWNER = { id: "0b7c8a3e-2d7e-4a51-9c1e-4f4a5d9e2b10", role: "creator" as const };
const OTHER = { id: "0b7c8a3e-2d7e-4a51-9c1e-4f4a5d9e2b11", role: "viewer" as const };

const MODERATOR = { id: "0b7c8a3e-2d7e-4a51-9c1e-4f4a5d9e2b12", role: "moderator" as const };

function access(
  status: VideoState,
  viewer: MediaAccess["viewer"],
  reviewRequired = false,
): MediaAccess {
  return {
    visibility: "public",
    status,
    ownerId: OWNER.id,
    viewer,
    reviewRequired,
    accessGroupId: null,
  };
}

Deno.test("a public video is served to anyone while listed, and to nobody once failed or rejected", () => {
  for (const s of [STATE.processing, STATE.ready, STATE.published]) {
    assert.equal(mediaVerdict(access(s, undefined), { tokenOk: false }), "serve", s);
  }
  for (const s of [STATE.failed, STATE.rejected, STATE.uploading]) {
    assert.equal(mediaVerdict(access(s, undefined), { tokenOk: false }), "needs-token", s);
    assert.equal(mediaVerdict(access(s, OWNER), { tokenOk: true }), "gone", s);
  }
});

Deno.test("a public video in review is a preview: only its owner's token opens it", () => {
  const inReview = (viewer: MediaAccess["viewer"]) => access(STATE.in_review, viewer);
  assert.equal(mediaVerdict(inReview(undefined), { tokenOk: false }), "needs-token");
  assert.equal(mediaVerdict(inReview(OTHER), { tokenOk: true }), "denied");
  assert.equal(mediaVerdict(inReview(OWNER), { tokenOk: true }), "serve");
});

Deno.test("moderators' tokens open a video in review; under review a processing video is a preview", () => {
  assert.equal(mediaVerdict(access(STATE.in_review, MODERATOR), { tokenOk: true }), "serve");
  assert.equal(mediaVerdict(access(STATE.published, MODERATOR), { tokenOk: false }), "serve");
  const held = (viewer: MediaAccess["viewer"]) => access(STATE.processing, viewer, true);
  assert.equal(mediaVerdict(held(undefined), { tokenOk: false }), "needs-token");
  assert.equal(mediaVerdict(held(OTHER), { tokenOk: true }), "denied");
  assert.equal(mediaVerdict(held(OWNER), { tokenOk: true }), "serve");
});
