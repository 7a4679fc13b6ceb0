import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { VNode } from "preact";
import { ErrorPage } from "../components/ErrorPage.tsx";
import { SessionContext } from "../components/session.ts";
import { renderPage } from "../lib/islands/render.ts";
import { csrfToken } from "../middleware/csrf.ts";

/**
 * Responds with a server-rendered page; the islands bundle URL comes from the
 * app. Every page gets the signed-in user and the CSRF token through
 * SessionContext (Layout's header and forms read them), so routes need not.
 */
export function page(c: Context, vnode: VNode, status: ContentfulStatusCode = 200): Response {
  const session = { user: c.get("user"), csrfToken: csrfToken(c) || undefined };
  const html = renderPage(
    <SessionContext.Provider value={session}>{vnode}</SessionContext.Provider>,
    { islandsUrl: c.get("islandsUrl") },
  );
  // Pages can show who is signed in: never let a shared cache keep them.
  if (session.user) c.header("Cache-Control", "private, no-store");
  return c.html(html, status);
}

declare module "hono" {
  interface ContextVariableMap {
    islandsUrl: string | undefined;
  }
}

/** Renders the HTML error page; used by the error handler. */
export function errorPage(c: Context, status: ContentfulStatusCode, message: string): Response {
  return page(
    c,
    <ErrorPage status={status} message={message} requestId={c.get("requestId")} />,
    status,
  );
}
