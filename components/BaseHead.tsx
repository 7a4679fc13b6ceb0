/**
 * The head tags every document of VideoFlow starts with (the site's pages
 * and the frameable embed page alike): charset, viewport, title, the one
 * stylesheet and the icon. Each document adds its own tags after these.
 */
export function BaseHead(props: { title: string }) {
  return (
    <>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{props.title}</title>
      <link rel="stylesheet" href="/static/styles.css" />
      <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
    </>
  );
}
