import assert from "node:assert/strict";
import { auditCsv, type AuditEntry } from "./audit.ts";

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: "1",
  at: new Date("2026-01-02T03:04:05.000Z"),
  actorId: null,
  actorName: "Ann",
  action: "user.ban",
  targetKind: "user",
  targetId: "t",
  details: {},
  ip: "127.0.0.1",
  requestId: "req-12345678",
  ...over,
});

Deno.test("auditCsv() quotes separators and defuses cells a spreadsheet would run", () => {
  const csv = auditCsv([
    entry({ actorName: '=HYPERLINK("http://x")', details: { reason: 'a, "b"' } }),
    entry({ actorName: "+1", ip: "-2", requestId: "@x" }),
  ]);
  const lines = csv.trimEnd().split("\r\n");
  assert.equal(lines.length, 3);
  assert.equal(
    lines[1],
    `1,2026-01-02T03:04:05.000Z,,"'=HYPERLINK(""http://x"")",user.ban,user,t,` +
      `"{""reason"":""a, \\""b\\""""}",127.0.0.1,req-12345678`,
  );
  assert.match(lines[2], /,"'\+1",/);
  assert.match(lines[2], /,"'-2","'@x"$/);
});
