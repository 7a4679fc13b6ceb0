import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { renderToString } from "preact-render-to-string";
import { z } from "zod";
import type { SwaggerUiAssets } from "../lib/islands/vendor.ts";
import { cookieName, CSRF_COOKIE_BASE, CSRF_HEADER } from "../lib/shared/cookie_names.ts";
import { apiRouter, errors, json } from "./api/v1/_openapi.ts";

/** The OpenAPI document's path. */
export const OPENAPI_PATH = "/api/v1/openapi.json";

const documentRoute = createRoute({
  method: "get",
  path: OPENAPI_PATH,
  operationId: "getOpenApiDocument",
  tags: ["meta"],
  summary: "This document (OpenAPI 3.1)",
  security: [{}],
  responses: {
    200: json(z.record(z.string(), z.unknown()), "The OpenAPI 3.1 document."),
    ...errors(429),
  },
});

/** The document's own parts; the paths and components come from the routes. */
const DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "VideoFlow API",
    version: "1",
    description: 'Errors answer `{"error": {"code", "message", "details"}}`. ' +
      "Browsers sign in with cookies and send the CSRF header on writes; other " +
      'clients sign in with `"session": "token"` and send `Authorization: Bearer`.',
  },
  tags: [
    { name: "auth", description: "Accounts and sessions" },
    { name: "users", description: "Profiles, avatars, quotas, moderation" },
    { name: "uploads", description: "The resumable upload protocol (presigned multipart)" },
    { name: "videos", description: "Managing videos" },
    { name: "playback", description: "Watching: media URLs, views, processing events" },
    { name: "likes", description: "Likes and dislikes, liked videos" },
    { name: "follows", description: "Following creators, the follow feed" },
    { name: "admin", description: "The job queue" },
    { name: "meta", description: "This description" },
  ],
};

/** What the API description routes need. */
export interface ApiDocsDeps {
  /** The app's OpenAPI document with `config` on top (called once: routes are fixed by then). */
  describe: (config: typeof DOCUMENT) => object;
  swaggerUi: SwaggerUiAssets;
}

/**
 * GET /api/v1/openapi.json (the document generated from the routes' zod
 * schemas) and GET /api/docs (the reference page: Swagger UI served from
 * /_vendor and started by /static/api_docs.js, so no CDN and no inline script).
 */
export function apiDocRoutes(deps: ApiDocsDeps): OpenAPIHono {
  let cached: Record<string, unknown> | undefined;
  const app = apiRouter();
  app.openapi(documentRoute, (c) => {
    cached ??= { ...deps.describe(DOCUMENT) };
    c.header("Cache-Control", "public, max-age=300");
    return c.json(cached, 200);
  });
  app.get("/api/docs", (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.html(`<!doctype html>${renderToString(<DocsPage {...deps.swaggerUi} />)}`);
  });
  return app;
}

function DocsPage(props: SwaggerUiAssets) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>API reference · VideoFlow</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href={props.style} />
      </head>
      <body>
        <div
          id="swagger-ui"
          data-url={OPENAPI_PATH}
          data-csrf-cookies={[true, false].map((s) => cookieName(CSRF_COOKIE_BASE, s)).join(" ")}
          data-csrf-header={CSRF_HEADER}
        />
        <script src={props.script} />
        <script src="/static/api_docs.js" />
      </body>
    </html>
  );
}
