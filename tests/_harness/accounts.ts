/** Anything with app.request()'s shape: a Hono app or a TestClient. */
type Requester = {
  request(
    path: string,
    init?: RequestInit & { json?: unknown; form?: Record<string, string> },
  ): Response | Promise<Response>;
};

/**
 * Sign-up no longer signs in (it answers alike for new and taken addresses,
 * docs/DESIGN.md "Accounts: mail, verification, reset"). This asks for the
 * account and then signs in with the same request body — the API's JSON
 * (`json` or a raw `body`) or the page's form (`form`) — and returns the
 * sign-in's response: 200 with `{user, …}` from the API (tokens with
 * `"session": "token"`), a 303 from the form; cookies land in a TestClient.
 */
export async function signUpAndIn(
  client: Requester,
  init: RequestInit & { json?: unknown; form?: Record<string, string> },
): Promise<Response> {
  const page = init.form !== undefined;
  const r = await client.request(page ? "/signup" : "/api/v1/auth/signup", {
    method: "POST",
    ...init,
  });
  if (r.status !== (page ? 303 : 202)) {
    throw new Error(`sign-up failed: ${r.status} ${await r.text()}`);
  }
  return await client.request(page ? "/signin" : "/api/v1/auth/login", {
    method: "POST",
    ...init,
  });
}
