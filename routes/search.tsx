import { Hono } from "hono";
import { Layout } from "../components/Layout.tsx";
import { SearchFilters } from "../components/SearchFilters.tsx";
import { SearchResults } from "../components/SearchResults.tsx";
import type { SearchBackend, SearchPage } from "../lib/search/backend.ts";
import { isEmpty, MAX_QUERY_LENGTH, parseQuery } from "../lib/search/query.ts";
import { page } from "./_render.tsx";
import { filtersOf, searchParams } from "./_search_params.ts";
import { validate } from "./_validate.ts";

const PAGE_SIZE = 20;

/**
 * GET /search?q=… — results with highlights, filters, sort and a "more" link.
 * A query that is empty, too long or only symbols gets a helpful page (not an
 * error); a crafted cursor is a 400.
 */
export function searchPageRoutes(deps: {
  search: SearchBackend;
  pageSize?: number;
  /** The category list, for the filter's select (a free-text field without it). */
  categories?: () => Promise<{ slug: string; name: string }[]>;
}): Hono {
  return new Hono().get("/search", async (c) => {
    const raw = c.req.query();
    if ((raw.q ?? "").length > MAX_QUERY_LENGTH) {
      return page(
        c,
        <Message q="" title="That search is too long">
          Searches can be up to {MAX_QUERY_LENGTH} characters. Try a few distinctive words.
        </Message>,
        400,
      );
    }
    const p = validate(searchParams, raw);
    const query = parseQuery(p.q);
    if (isEmpty(query)) {
      return page(
        c,
        <Message q={p.q} title={p.q ? "Nothing to search for" : "Search"}>
          {p.q
            ? 'Type some words (letters or numbers). Use "quotes" for a phrase, -word to leave a word out and OR for either.'
            : "Type what you are looking for in the search box above."}
        </Message>,
      );
    }
    const filters = filtersOf(p);
    const [result, categories]: [SearchPage, { slug: string; name: string }[] | undefined] =
      await Promise.all([
        deps.search.search({
          query,
          viewer: c.get("user"),
          filters,
          sort: p.sort,
          limit: deps.pageSize ?? PAGE_SIZE,
          cursor: p.cursor,
        }),
        deps.categories?.(),
      ]);
    const next = result.nextCursor
      ? `/search?${new URLSearchParams({ ...definedOnly({ ...p, cursor: result.nextCursor }) })}`
      : undefined;
    return page(
      c,
      <Layout title={`${p.q} - Search`} q={p.q}>
        <section class="search-page">
          <h1 class="page-title">Results for “{p.q}”</h1>
          <SearchFilters q={p.q} filters={filters} sort={p.sort} categories={categories} />
          {result.hits.some((h) => !h.exact) && (
            <p class="muted">Few exact matches, so similar spellings are included.</p>
          )}
          {result.hits.length === 0
            ? (
              <p class="empty-results">
                {p.cursor
                  ? "No more results."
                  : "No videos match. Check the spelling, use fewer words, or remove a filter."}
              </p>
            )
            : <SearchResults hits={result.hits} now={new Date()} />}
          {next && (
            <p class="pager">
              <a class="button secondary" rel="next" href={next}>More results</a>
            </p>
          )}
        </section>
      </Layout>,
    );
  });
}

function Message(props: { q: string; title: string; children: preact.ComponentChildren }) {
  return (
    <Layout title="Search" q={props.q}>
      <section class="empty-state">
        <h1>{props.title}</h1>
        <p>{props.children}</p>
      </section>
    </Layout>
  );
}

function definedOnly(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => !!e[1]));
}
