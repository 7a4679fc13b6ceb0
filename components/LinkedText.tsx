import { linkify } from "../lib/shared/linkify.ts";

/**
 * User text with its http(s) addresses as links: escaped text (never HTML),
 * links marked as user content that passes no ranking (nofollow ugc) and gets
 * no handle on this page (noopener).
 */
export function LinkedText(props: { text: string }) {
  return (
    <>
      {linkify(props.text).map((p, i) =>
        "href" in p
          ? <a key={i} href={p.href} rel="nofollow ugc noopener" target="_blank">{p.text}</a>
          : p.text
      )}
    </>
  );
}
