import type { SearchFilters as Filters, SearchSort } from "../lib/search/backend.ts";

const UPLOADED = [
  ["", "Any time"],
  ["hour", "Last hour"],
  ["day", "Today"],
  ["week", "This week"],
  [
    "month",
    "This month",
  ],
  ["year", "This year"],
];
const DURATION = [["", "Any length"], ["short", "Under 4 minutes"], [
  "medium",
  "4–20 minutes",
], ["long", "Over 20 minutes"]];
const SORT = [["relevance", "Relevance"], ["newest", "Newest"], ["views", "Most viewed"]];

/**
 * The filters and sort as a plain GET form (works without JavaScript); the
 * query travels in a hidden field.
 */
export function SearchFilters(
  props: {
    q: string;
    filters: Filters;
    sort: SearchSort;
    categories?: { slug: string; name: string }[];
  },
) {
  const f = props.filters;
  return (
    <form class="search-filters" method="get" action="/search" aria-label="Filters">
      <input type="hidden" name="q" value={props.q} />
      <Select name="date" label="Upload date" options={UPLOADED} value={f.date ?? ""} />
      <Select name="duration" label="Duration" options={DURATION} value={f.duration ?? ""} />
      {props.categories
        ? (
          <Select
            name="category"
            label="Category"
            options={[["", "Any category"], ...props.categories.map((c) => [c.slug, c.name])]}
            value={f.category ?? ""}
          />
        )
        : (
          <label>
            Category
            <input name="category" value={f.category ?? ""} maxLength={64} placeholder="Any" />
          </label>
        )}
      <label>
        Tag
        <input name="tag" value={f.tag ?? ""} maxLength={64} placeholder="Any" />
      </label>
      <Select name="sort" label="Sort by" options={SORT} value={props.sort} />
      <button type="submit" class="button secondary">Apply</button>
    </form>
  );
}

function Select(props: { name: string; label: string; options: string[][]; value: string }) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        {props.options.map(([value, text]) => (
          <option value={value} selected={value === props.value}>{text}</option>
        ))}
      </select>
    </label>
  );
}
