import assert from "node:assert/strict";
import { enforcePremium, isPremiumContent, premiumLocked } from "./access.ts";
import { isOpenMedia, type MediaAccess, mediaVerdict } from "./media_access.ts";

const owner = "00000000-0000-4000-8000-000000000001";
const video: MediaAccess = {
  visibility: "public",
  status: "published",
  ownerId: owner,
  reviewRequired: false,
  accessGroupId: null,
  premium: true,
  viewer: undefined,
};
const member = { id: "00000000-0000-4000-8000-000000000002", role: "viewer" as const };

Deno.test("premiumLocked: only with premium on, for a premium video, for non-members who may not preview", () => {
  enforcePremium(true);
  try {
    assert.equal(premiumLocked(video, undefined), true);
    assert.equal(premiumLocked(video, member), true);
    assert.equal(premiumLocked(video, { ...member, premium: true }), false);
    assert.equal(premiumLocked(video, { id: owner, role: "viewer" }), false, "its owner");
    assert.equal(premiumLocked(video, { ...member, role: "admin" }), false, "admins");
    assert.equal(premiumLocked({ ...video, premium: false }, undefined), false);
  } finally {
    enforcePremium(false);
  }
  assert.equal(premiumLocked(video, undefined), false, "premium off: flags are inert");
});

Deno.test("the media edge: a premium video's content needs a member's token; its pictures stay open", () => {
  enforcePremium(true);
  try {
    assert.equal(isPremiumContent("poster.jpg"), false);
    assert.equal(isPremiumContent("thumbs/auto-320.jpg"), false);
    for (
      const path of ["master.m3u8", "240p/seg_00000.m4s", "captions/en/v1.vtt", "storyboard.jpg"]
    ) {
      assert.equal(isPremiumContent(path), true, path);
      assert.equal(isOpenMedia(video, path), false, path);
      assert.equal(mediaVerdict(video, { tokenOk: false, path }), "needs-token", path);
      assert.equal(mediaVerdict(video, { tokenOk: true, path }), "denied", path);
      assert.equal(
        mediaVerdict({ ...video, viewer: { ...member, premium: true } }, { tokenOk: true, path }),
        "serve",
        path,
      );
    }
    assert.equal(isOpenMedia(video, "poster.jpg"), true);
    assert.equal(mediaVerdict(video, { tokenOk: false, path: "poster.jpg" }), "serve");
    assert.equal(isOpenMedia(video), false, "no path: the content");
  } finally {
    enforcePremium(false);
  }
  assert.equal(mediaVerdict(video, { tokenOk: false, path: "240p/seg_00000.m4s" }), "serve");
});
