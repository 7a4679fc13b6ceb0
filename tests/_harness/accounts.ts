import type { TestClient } from "./client.ts";

/**
 * Sign-up no longer signs in (it answers alike for new and taken addresses):
 * this asks for the account, then signs in with the same body, and returns
 * the sign-in's response (cookies absorbed; tokens in the body with
 * `session: "token"`).
 */
export async function signUpAndIn(
  client: Pick<TestClient, "request">,
  body: { email: string; password: string; displayName: string; session?: "cookie" | "token" },
): Promise<Response> {
  const r = await client.request("/api/v1/auth/signup", { json: body });
  if (r.status !== 202) throw new Error(`signup failed: ${r.status} ${await r.text()}`);
  return await client.request("/api/v1/auth/login", {
    json: { email: body.email, password: body.password, session: body.session },
  });
}
