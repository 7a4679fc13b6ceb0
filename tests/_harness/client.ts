import type { Hono } from "hono";

/**
 * A browser-like client for app.request(): keeps cookies, and sends the
 * CSRF token (the vf_csrf cookie; __Host-vf_csrf off localhost) on state-changing
 * requests unless told not to.
 */
export class TestClient {
  readonly cookies = new Map<string, string>();
  readonly #app: Hono;
  readonly #origin: string;

  constructor(app: Hono, options: { origin?: string } = {}) {
    this.#app = app;
    this.#origin = options.origin ?? "http://localhost";
  }

  /** The CSRF cookie's name: the server prefixes `__Host-` wherever cookies are Secure. */
  get csrfCookie(): string {
    const host = new URL(this.#origin).hostname;
    const local = host === "localhost" || host === "127.0.0.1" || host.endsWith(".localhost");
    return local ? "vf_csrf" : "__Host-vf_csrf";
  }

  /** Sends a request; `json` becomes the body; `csrf: false` leaves the token out. */
  async request(
    path: string,
    init: RequestInit & {
      json?: unknown;
      form?: Record<string, string | string[]>;
      csrf?: boolean;
    } = {},
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    const method = (init.method ?? (init.json || init.form ? "POST" : "GET")).toUpperCase();
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    const unsafe = !["GET", "HEAD", "OPTIONS"].includes(method);
    if (unsafe && init.csrf !== false && !this.cookies.has(this.csrfCookie)) {
      await this.request("/");
    }
    if (init.form !== undefined) {
      const form = { ...init.form };
      if (unsafe && init.csrf !== false) form._csrf ??= this.cookies.get(this.csrfCookie) ?? "";
      headers.set("content-type", "application/x-www-form-urlencoded");
      // A list is sent as repeated fields (several ticked checkboxes of one name).
      body = new URLSearchParams(
        Object.entries(form).flatMap(([k, v]) => [v].flat().map((x) => [k, x])),
      ).toString();
    } else if (unsafe && init.csrf !== false) {
      headers.set("x-csrf-token", this.cookies.get(this.csrfCookie) ?? "");
    }
    // As browsers do: a form or JSON body always goes with its length.
    if (body instanceof FormData) {
      const encoded = new Response(body);
      headers.set("content-type", encoded.headers.get("content-type")!);
      body = new Uint8Array(await encoded.arrayBuffer());
    }
    if (typeof body === "string") body = new TextEncoder().encode(body);
    if (body instanceof Uint8Array) headers.set("content-length", String(body.byteLength));
    if (this.cookies.size) {
      headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const res = await this.#app.request(`${this.#origin}${path}`, {
      ...init,
      method,
      headers,
      body,
      redirect: "manual",
    });
    this.absorb(res);
    return res;
  }

  /** Takes the response's Set-Cookie headers into the jar (Max-Age=0 deletes). */
  absorb(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = decodeURIComponent(pair.slice(eq + 1));
      const expired = attrs.some((a) => /^max-age=0$/i.test(a)) ||
        attrs.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now());
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** A unique email for a test account. */
export function testEmail(tag = "user"): string {
  return `${tag}-${crypto.randomUUID().slice(0, 8)}@example.com`;
}

/** A password that passes the policy. */
export const GOOD_PASSWORD = "correct horse battery staple";

/** An account signed up through the API with a Bearer session, and a caller that uses it. */
export interface TokenAccount {
  id: string;
  email: string;
  /** Requests `path` as this account; a `json` body makes it a POST unless `method` says. */
  call(path: string, init?: { method?: string; json?: unknown }): Promise<Response>;
}

/** Signs up a new account (or `email`) on `app` with a token session. */
export async function tokenAccount(
  app: { request(path: string, init?: RequestInit): Response | Promise<Response> },
  options: { email?: string; name?: string } = {},
): Promise<TokenAccount> {
  const email = options.email ?? testEmail((options.name ?? "token").toLowerCase());
  const init = {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email,
      password: GOOD_PASSWORD,
      displayName: options.name ?? "Tester",
      session: "token",
    }),
  };
  // Sign-up signs nobody in (it answers alike for taken addresses): ask, then sign in.
  const asked = await app.request("/api/v1/auth/signup", init);
  if (asked.status !== 202) throw new Error(`signup failed: ${asked.status} ${await asked.text()}`);
  const r = await app.request("/api/v1/auth/login", init);
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  const body = await r.json();
  const headers = { authorization: `Bearer ${body.accessToken}` };
  return {
    id: body.user.id,
    email,
    call: (path, init = {}) =>
      Promise.resolve(app.request(path, {
        method: init.method ?? (init.json === undefined ? "GET" : "POST"),
        headers: { ...headers, "content-type": "application/json" },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      })),
  };
}
