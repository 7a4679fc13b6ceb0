/**
 * Notification email, through a real SMTP server on loopback: one digest per
 * user once the oldest pending notification has waited, security notices at
 * once, nothing mailed twice, and a refused send leaves them for the retry.
 */
import assert from "node:assert/strict";
import { openMailer } from "../lib/mail/mod.ts";
import { DIGEST_WAIT_MS, dueDigests, sendDigest } from "../lib/notifications/digest.ts";
import { notify } from "../lib/notifications/notify.ts";
import { openTestServices } from "./_harness/services.ts";
import { startSmtpInbox } from "./_harness/smtp.ts";

Deno.test("digests: batched per user after the wait, security at once, once each, kept on failure", async () => {
  const s = await openTestServices();
  const inbox = await startSmtpInbox();
  const mailer = openMailer({
    smtpUrl: inbox.url,
    from: "VideoFlow <n@videoflow.test>",
    outboxDir: "",
  });
  const sql = s.db.sql;
  const site = { name: "VideoFlow", publicUrl: "https://videos.example.test" };
  const send = (m: Parameters<typeof mailer.send>[0]) => mailer.send(m);
  try {
    const [ann, bob] = await sql<{ id: string }[]>`insert into users (email, password_hash,
      display_name) values ('ann@example.com', 'x', 'Ann'), ('bob@example.com', 'x', 'Bob')
      returning id`;
    // Ann wants comments by email; Bob keeps the defaults (email off but for security).
    await sql`insert into notification_prefs (user_id, kind, in_app, email)
      values (${ann.id}, 'video_comment', true, true)`;
    for (const excerpt of ["First!", "Nice light", "Where is this?"]) {
      await notify(sql, ann.id, {
        kind: "video_comment",
        actorId: bob.id,
        data: { title: "Sea", excerpt },
      });
    }
    await notify(sql, bob.id, { kind: "video_comment", actorId: ann.id, data: { title: "Hills" } });
    // Not yet: the first one has not waited long enough, and Bob has no email rows at all.
    assert.deepEqual(await dueDigests(sql, { limit: 10 }), []);
    await sql`update notifications set created_at = now() - ${DIGEST_WAIT_MS + 1000}::float8
      * interval '1 millisecond'`;
    assert.deepEqual(await dueDigests(sql, { limit: 10 }), [ann.id]);

    // The server refuses once: the digest throws and its notifications wait for the retry.
    inbox.refuseNext(1);
    await assert.rejects(() => sendDigest(sql, ann.id, { site, send }));
    assert.deepEqual(await dueDigests(sql, { limit: 10 }), [ann.id]);
    assert.equal(await sendDigest(sql, ann.id, { site, send }), 3);
    const mail = await inbox.waitFor((m) => m.envelope.to.includes("ann@example.com"));
    assert.equal(mail.subject, "3 new notifications · VideoFlow");
    for (const excerpt of ["First!", "Nice light", "Where is this?"]) {
      assert.ok(mail.text.includes(`Bob commented on “Sea”: ${excerpt}`), mail.text);
    }
    assert.match(mail.text, /https:\/\/videos\.example\.test\/notifications/);
    assert.match(mail.html, /See all notifications/);
    // Sent once: nothing is due any more, and a second run sends nothing.
    assert.deepEqual(await dueDigests(sql, { limit: 10 }), []);
    assert.equal(await sendDigest(sql, ann.id, { site, send }), 0);

    // A security notice does not wait.
    await notify(sql, bob.id, { kind: "security", data: { reason: "Your password was changed." } });
    assert.deepEqual(await dueDigests(sql, { limit: 10 }), [bob.id]);
    assert.equal(await sendDigest(sql, bob.id, { site, send }), 1);
    const notice = await inbox.waitFor((m) => m.envelope.to.includes("bob@example.com"));
    assert.equal(notice.subject, "Your password was changed. · VideoFlow");
    assert.equal(inbox.received.length, 2, "exactly two messages in all");
  } finally {
    mailer.close();
    await inbox.close();
    await s.close();
  }
});
