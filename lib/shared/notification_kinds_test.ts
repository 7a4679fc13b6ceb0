import assert from "node:assert/strict";
import {
  KIND_INFO,
  NOTIFICATION_KINDS,
  notificationHref,
  notificationText,
  type NotificationView,
} from "./notification_kinds.ts";

const base: NotificationView = {
  id: "1",
  kind: "video_ready",
  actorName: null,
  videoId: "v1",
  subjectId: null,
  data: {},
  read: false,
  createdAt: new Date(0).toISOString(),
};

Deno.test("every kind has a sentence and a same-site link", () => {
  for (const kind of NOTIFICATION_KINDS) {
    const n = { ...base, kind };
    assert.ok(notificationText(n).length > 10, kind);
    assert.match(notificationHref(n), /^\/[a-z]/, kind);
  }
});

Deno.test("sentences name who and what, links go to the comment when there is one", () => {
  const reply = { ...base, kind: "comment_reply" as const, actorName: "Ada", subjectId: "c 9" };
  assert.equal(
    notificationText({ ...reply, data: { excerpt: "Thanks!" } }),
    "Ada replied to your comment: Thanks!",
  );
  assert.equal(notificationHref(reply), "/v/v1#comment-c%209");
  assert.equal(notificationHref({ ...reply, subjectId: null }), "/v/v1");
  assert.equal(
    notificationText({
      ...base,
      kind: "moderation_decision",
      data: { title: "T", decision: "reject", reason: "Spam" },
    }),
    "A moderator turned down “T”: Spam",
  );
  assert.equal(notificationHref({ ...base, kind: "security" }), "/settings");
  assert.equal(
    notificationHref({ ...base, kind: "report_handled", videoId: null }),
    "/notifications",
  );
});

Deno.test("only security notices, exports and moderators' warnings are locked, and only they default to email", () => {
  // A warning that can be muted does not warn (docs/DESIGN.md, "Administration").
  const locked = ["security", "export_ready", "account_warning"];
  assert.deepEqual(NOTIFICATION_KINDS.filter((k) => KIND_INFO[k].locked), locked);
  assert.deepEqual(NOTIFICATION_KINDS.filter((k) => KIND_INFO[k].email), locked);
});
