import type { ComponentChildren } from "preact";

/**
 * An admin list's search form: a text field, the list's own filters
 * (`children`), and the submit button. GET, so a filtered list has a URL.
 */
export function AdminSearch(
  props: { action: string; q?: string; button?: string; children?: ComponentChildren },
) {
  return (
    <form method="get" action={props.action} class="admin-filters" role="search">
      <label>
        Search <input type="search" name="q" value={props.q ?? ""} maxLength={200} />
      </label>
      {props.children}
      <button class="button secondary" type="submit">{props.button ?? "Filter"}</button>
    </form>
  );
}

/**
 * An admin list's table (scrolls sideways on desktop, rows become cards on a
 * phone), what it says when empty, and the link to the next page.
 */
export function AdminTable(
  props: {
    headers: string[];
    count: number;
    empty: string;
    next?: string;
    children: ComponentChildren;
  },
) {
  if (props.count === 0) return <p class="muted">{props.empty}</p>;
  return (
    <>
      <div class="admin-table-wrap">
        <table class="admin-table">
          <thead>
            <tr>{props.headers.map((h) => <th key={h} scope="col">{h}</th>)}</tr>
          </thead>
          <tbody>{props.children}</tbody>
        </table>
      </div>
      {props.next && (
        <p class="pager">
          <a href={props.next}>Next page</a>
        </p>
      )}
    </>
  );
}
