/** A category's name as a link to its /c/:slug page; nothing for an uncategorised video. */
export function CategoryLink(props: { category: { slug: string; name: string } | null }) {
  const c = props.category;
  if (!c) return null;
  return <a class="category-link" href={`/c/${c.slug}`}>{c.name}</a>;
}
