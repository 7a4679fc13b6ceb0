import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { SearchBackend } from "../../../lib/search/backend.ts";
import { isEmpty, parseQuery } from "../../../lib/search/query.ts";
import { ValidationError } from "../../../lib/errors.ts";
import { filtersOf, searchApiParams, suggestParams } from "../../_search_params.ts";
import { ANYONE, apiRouter, errors, json } from "./_openapi.ts";

const tags = ["search"];
const segments = z.array(z.object({ text: z.string(), match: z.boolean() }));
const hit = z.object({
  id: z.uuid(),
  title: z.string(),
  titleHighlight: segments,
  snippet: segments.meta({ description: "A passage of the description around the matches." }),
  durationS: z.number().nullable(),
  posterUrl: z.string().nullable(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  tags: z.array(z.string()),
  category: z.string().nullable(),
  viewCount: z.number(),
  publishedAt: z.iso.datetime(),
  exact: z.boolean().meta({ description: "False for a near spelling (typo fallback)." }),
  premium: z.boolean().meta({ description: "Premium-only: members play it." }),
}).meta({ id: "SearchHit" });
const page = z.object({
  results: z.array(hit),
  nextCursor: z.string().nullable(),
  fuzzy: z.boolean().meta({ description: "Near spellings were included (few exact matches)." }),
});
const suggestion = z.object({
  kind: z.enum(["video", "tag", "creator"]),
  text: z.string(),
  href: z.string(),
}).meta({ id: "Suggestion" });

const search = createRoute({
  method: "get",
  path: "/api/v1/search",
  operationId: "search",
  tags,
  summary: "Search what the caller may see",
  description: 'Query syntax: "a phrase", -excluded, OR; the last word matches as a prefix; ' +
    "accents are ignored; near spellings are tried when exact matches are few. No total count.",
  security: ANYONE,
  request: { query: searchApiParams },
  responses: { 200: json(page, "A page of results."), ...errors(400, 429, 503) },
});

const suggest = createRoute({
  method: "get",
  path: "/api/v1/search/suggest",
  operationId: "suggest",
  tags,
  summary: "Suggestions while typing: titles, tags, creators",
  security: ANYONE,
  request: { query: suggestParams },
  responses: {
    200: json(z.object({ suggestions: z.array(suggestion) }), "Suggestions."),
    ...errors(400, 429),
  },
});

/**
 * GET /api/v1/search?q=&date=&duration=&category=&tag=&sort=&cursor=&limit=
 * → {results, nextCursor, fuzzy}; GET /api/v1/search/suggest?q= → {suggestions}.
 * Only what the caller may see; no total count (see lib/search/backend.ts).
 */
export function searchApiRoutes(deps: { search: SearchBackend }): OpenAPIHono {
  return apiRouter()
    .openapi(search, async (c) => {
      const p = c.req.valid("query");
      const query = parseQuery(p.q);
      if (isEmpty(query)) {
        throw new ValidationError("Type a word to search for.", {
          details: { fields: [{ field: "q", message: "The query has no words to search for." }] },
        });
      }
      const found = await deps.search.search({
        query,
        viewer: c.get("user"),
        filters: filtersOf(p),
        sort: p.sort,
        limit: p.limit,
        cursor: p.cursor,
      });
      // Results depend on who asks (their own videos), so no shared caching.
      c.header("Cache-Control", "private, no-store");
      const results = found.hits.map((h) => ({ ...h, publishedAt: h.publishedAt.toISOString() }));
      return c.json({ results, nextCursor: found.nextCursor, fuzzy: found.fuzzy }, 200);
    })
    .openapi(suggest, async (c) => {
      const p = c.req.valid("query");
      const suggestions = await deps.search.suggest(p.q, { viewer: c.get("user"), limit: p.limit });
      c.header("Cache-Control", "private, no-store");
      return c.json({ suggestions }, 200);
    });
}
