/** A video's tags, each a link to its /tags/:tag page (tags are stored canonical, URL-safe). */
export function TagLinks(props: { tags: readonly string[] }) {
  if (props.tags.length === 0) return null;
  return (
    <ul class="tag-links" aria-label="Tags">
      {props.tags.map((t) => (
        <li key={t}>
          <a class="tag" href={tagHref(t)}>#{t}</a>
        </li>
      ))}
    </ul>
  );
}

/** The URL of a tag's page. */
export function tagHref(tag: string): string {
  return `/tags/${encodeURIComponent(tag)}`;
}
