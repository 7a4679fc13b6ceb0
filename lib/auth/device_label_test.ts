import assert from "node:assert/strict";
import { cleanIp, cleanUserAgent, describeDevice, MAX_USER_AGENT } from "./device_label.ts";

Deno.test("devices are named by browser and OS; anything else falls back, bounded", () => {
  assert.equal(
    describeDevice(
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
    ),
    "Chrome 156 on Linux",
  );
  assert.equal(
    describeDevice(
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    ),
    "Safari 17 on macOS",
  );
  assert.equal(describeDevice(undefined), "Unknown device");
  assert.equal(describeDevice("\u0001\u0002"), "Unknown device");
  assert.ok(describeDevice("z".repeat(5000)).length <= 60);
});

Deno.test("a User-Agent is stored without control or bidi characters and at most 300 long", () => {
  assert.equal(cleanUserAgent("a\u0000b\u007fc\u202ed\r\ne"), "abcde");
  assert.equal(cleanUserAgent("x".repeat(5000))!.length, MAX_USER_AGENT);
  assert.equal(cleanUserAgent("   "), undefined);
  assert.equal(cleanUserAgent(undefined), undefined);
});

Deno.test("only address literals are kept as a session's address", () => {
  assert.equal(cleanIp("192.0.2.1"), "192.0.2.1");
  assert.equal(cleanIp("2001:db8::1"), "2001:db8::1");
  for (const junk of ["unknown", "", undefined, "1.2.3.4<script>", "a".repeat(60)]) {
    assert.equal(cleanIp(junk), undefined, String(junk));
  }
});
