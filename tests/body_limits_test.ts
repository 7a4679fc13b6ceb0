/**
 * Body limits as the assembled app applies them: small for JSON and forms
 * (refused by declared length or while a chunked body streams, before the
 * route buffers it), a few MB for avatars, and a deadline for slow bodies.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

const MIB = 1024 * 1024;

/** `total` bytes in 64 KiB chunks, counting how many bytes the reader pulled. */
function chunked(total: number, fill = 123) {
  const state = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      if (state.pulled >= total) return ctrl.close();
      const n = Math.min(64 * 1024, total - state.pulled);
      state.pulled += n;
      ctrl.enqueue(new Uint8Array(n).fill(fill));
    },
  });
  return { body, state };
}

/** A request init that streams `body` (no Content-Length) as `type`. */
function streaming(method: string, type: string, body: ReadableStream<Uint8Array>): RequestInit {
  return { method, headers: { "content-type": type }, body, duplex: "half" } as RequestInit;
}

Deno.test("JSON and form routes refuse oversized bodies with 413 before buffering them", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const declared = await app.request("http://localhost/api/v1/auth/logout", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new Uint8Array(MIB).fill(32),
    });
    assert.equal(declared.status, 413);
    const envelope = await declared.json();
    assert.equal(envelope.error.code, "too_large");
    assert.equal(envelope.error.details.maxBytes, services.config.http.maxBodyBytes);

    const stream = chunked(300 * MIB);
    const streamed = await app.request(
      "http://localhost/api/v1/auth/logout",
      streaming("POST", "application/json", stream.body),
    );
    assert.equal(streamed.status, 413);
    assert.equal((await streamed.json()).error.code, "too_large");
    assert.ok(stream.state.pulled < 2 * MIB, `read ${stream.state.pulled} bytes of 300 MB`);

    const form = chunked(300 * MIB, 97);
    const page = await app.request(
      "http://localhost/signin",
      streaming("POST", "application/x-www-form-urlencoded", form.body),
    );
    assert.equal(page.status, 413);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    await page.body?.cancel();
    assert.ok(form.state.pulled < 2 * MIB, `read ${form.state.pulled} bytes of 300 MB`);
  } finally {
    await services.close();
  }
});

Deno.test("avatars may be a few MB but no more; a stalled body is a 408", async () => {
  const services = await openTestServices();
  try {
    // A short body deadline, so that the stalled request below ends quickly.
    const config = { ...services.config, http: { ...services.config.http, bodyTimeoutMs: 500 } };
    const app = createApp({ ...services, config }, { rateLimits: { auth: 1000 } });
    const client = new TestClient(app);
    const r = await signUpAndIn(client, {
      json: { email: testEmail(), password: GOOD_PASSWORD, displayName: "Avatar" },
    });
    assert.equal(r.status, 200);
    await r.body?.cancel();

    // 3 MiB of junk is over the default limit but within the avatar's: ffmpeg refuses it (400).
    const within = await client.request(
      "/api/v1/users/me/avatar",
      streaming("PUT", "image/png", chunked(3 * MIB).body),
    );
    assert.equal(within.status, 400, await within.text());

    const over = chunked(64 * MIB);
    const big = await client.request(
      "/api/v1/users/me/avatar",
      streaming("PUT", "image/png", over.body),
    );
    assert.equal(big.status, 413);
    const refusal = (await big.json()).error;
    assert.equal(refusal.code, "too_large");
    assert.match(refusal.message, /avatar may be at most 5 MiB/);
    assert.ok(over.state.pulled < 7 * MIB, `read ${over.state.pulled} bytes`);

    const silent = new ReadableStream<Uint8Array>({
      start(ctrl) {
        ctrl.enqueue(new TextEncoder().encode('{"email":'));
      },
    });
    const stalled = await app.request(
      "http://localhost/api/v1/auth/login",
      streaming("POST", "application/json", silent),
    );
    assert.equal(stalled.status, 408);
    assert.equal((await stalled.json()).error.code, "timeout");
  } finally {
    await services.close();
  }
});
