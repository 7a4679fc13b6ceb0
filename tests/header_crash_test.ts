/**
 * The real server (main.ts in a child process, embedded defaults on an empty
 * DATA_DIR) against the requests that used to kill it: Deno's HTTP layer
 * panics, and the process exits, when a response header holds a control
 * character. After each attempt the process must still answer /healthz.
 */
import assert from "node:assert/strict";
import { GOOD_PASSWORD, testEmail } from "./_harness/client.ts";
import { freePort } from "./_harness/postgres.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

async function waitForHealth(base: string, child: Deno.ChildProcess): Promise<void> {
  let exited = false;
  child.status.then(() => exited = true);
  for (let i = 0; i < 600 && !exited; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      await r.body?.cancel();
      if (r.status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no 200 from ${base}/healthz`);
}

/** Sends raw bytes (what fetch would refuse to send) and returns the status line. */
async function raw(port: number, request: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(new Uint8Array([...request].map((ch) => ch.charCodeAt(0))));
    const buf = new Uint8Array(16 * 1024);
    const n = await conn.read(buf);
    return new TextDecoder().decode(buf.subarray(0, n ?? 0)).split("\r\n")[0];
  } finally {
    conn.close();
  }
}

function cookieHeader(res: Response): string {
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

Deno.test({
  name: "the real server survives control characters aimed at its response headers",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vf-crash-" });
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN],
      env: { DATA_DIR: dir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "error" },
      stdout: "null",
      stderr: "piped",
      stdin: "null",
    }).spawn();
    const alive = async (what: string) => {
      const r = await fetch(`${base}/healthz`).catch((err) => {
        throw new Error(`server gone after ${what}: ${err}`);
      });
      assert.equal(r.status, 200, what);
      await r.body?.cancel();
    };
    try {
      await waitForHealth(base, child);

      // Repro 1: sign up with next=/%7f.
      const form = {
        email: testEmail("crash"),
        displayName: "Crash",
        password: GOOD_PASSWORD,
        next: "/\x7f",
      };
      const post = (path: string) =>
        fetch(`${base}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(form),
        });
      const asked = await post("/signup");
      await asked.body?.cancel();
      assert.equal(asked.status, 303);
      assert.equal(asked.headers.get("location"), "/signin?signed_up=1");
      const signUp = await post("/signin");
      await signUp.body?.cancel();
      assert.equal(signUp.status, 303);
      assert.equal(signUp.headers.get("location"), "/");
      await alive("POST /signup next=/%7f");

      // Repro 2: signed in, GET /signin?next=/%1f (and friends).
      const cookie = cookieHeader(signUp);
      assert.match(cookie, /vf_at=/);
      for (const next of ["/%1f", "/%7f", "/%01", "/%0d%0aSet-Cookie:%20x=1", "/a%00b"]) {
        const r = await fetch(`${base}/signin?next=${next}`, {
          redirect: "manual",
          headers: { cookie },
        });
        await r.body?.cancel();
        assert.equal(r.status, 303, next);
        assert.equal(r.headers.get("location"), "/", next);
        await alive(`GET /signin?next=${next}`);
      }

      // Header values fetch would refuse to send, and a raw control character in the target.
      const attempts = [
        `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: abcdefgh\x7f\x1f\r\nConnection: close\r\n\r\n`,
        `GET /signin?next=/\x7f HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        `GET / HTTP/1.1\r\nHost: x\r\nCookie: vf_at=\x01; vf_csrf=\x7f\r\nConnection: close\r\n\r\n`,
        `GET /media/${crypto.randomUUID()}/master.m3u8?token=\x1f HTTP/1.1\r\nHost: x\r\nRange: bytes=\x7f-\r\nConnection: close\r\n\r\n`,
        `POST /api/v1/auth/logout HTTP/1.1\r\nHost: x\r\nUser-Agent: \x01\x02\r\nContent-Type: application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{"a":`,
        // Host headers that make no URL (every page used to answer 500 to them).
        ...["a b", "[::1", "x:99999", "%00"].map((host) =>
          `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`
        ),
      ];
      for (const request of attempts) {
        const status = await raw(port, request);
        assert.match(status, /^HTTP\/1\.1 [1-4]\d\d /, JSON.stringify(request.slice(0, 60)));
        await alive(JSON.stringify(request.slice(0, 60)));
      }
    } finally {
      child.kill("SIGKILL");
      await child.status;
      await child.stderr.cancel().catch(() => {});
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
