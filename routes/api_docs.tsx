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

/** What the API description routes need. */
export interface ApiDocsDeps {
  /** Builds the OpenAPI 3.1 document (once: the routes do not change after start-up). */
  document: () => Record<string, unknown>;
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
    cached ??= deps.document();
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
