import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { VNode } from "preact";
import { ErrorPage } from "../components/ErrorPage.tsx";
import { renderPage } from "../lib/islands/render.ts";

/** Responds with a server-rendered page; the islands bundle URL comes from the app. */
export function page(c: Context, vnode: VNode, status: ContentfulStatusCode = 200): Response {
  return c.html(renderPage(vnode, { islandsUrl: c.get("islandsUrl") }), status);
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
