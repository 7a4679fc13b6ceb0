import { Hono } from "hono";
import type { SearchBackend } from "../../../lib/search/backend.ts";
import { isEmpty, parseQuery } from "../../../lib/search/query.ts";
import { ValidationError } from "../../../lib/errors.ts";
import { filtersOf, searchApiParams, suggestParams } from "../../_search_params.ts";
import { validate } from "../../_validate.ts";

/**
 * GET /api/v1/search?q=&date=&duration=&category=&tag=&sort=&cursor=&limit=
 * → {results, nextCursor, fuzzy}; GET /api/v1/search/suggest?q= → {suggestions}.
 * Only what the caller may see; no total count (see lib/search/backend.ts).
 */
export function searchApiRoutes(deps: { search: SearchBackend }): Hono {
  return new Hono()
    .get("/api/v1/search", async (c) => {
      const p = validate(searchApiParams, c.req.query());
      const query = parseQuery(p.q);
      if (isEmpty(query)) {
        throw new ValidationError("Type a word to search for.", {
          details: { fields: [{ field: "q", message: "The query has no words to search for." }] },
        });
      }
      const page = await deps.search.search({
        query,
        viewer: c.get("user"),
        filters: filtersOf(p),
        sort: p.sort,
        limit: p.limit,
        cursor: p.cursor,
      });
      // Results depend on who asks (their own videos), so no shared caching.
      c.header("Cache-Control", "private, no-store");
      return c.json({ results: page.hits, nextCursor: page.nextCursor, fuzzy: page.fuzzy });
    })
    .get("/api/v1/search/suggest", async (c) => {
      const p = validate(suggestParams, c.req.query());
      const suggestions = await deps.search.suggest(p.q, { viewer: c.get("user"), limit: p.limit });
      c.header("Cache-Control", "private, no-store");
      return c.json({ suggestions });
    });
}
