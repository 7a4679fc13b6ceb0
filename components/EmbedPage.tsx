import type { ComponentChildren } from "preact";

/**
 * The embed player's page: nothing but the player and a link to the video
 * on this site (opened in a new tab, outside the frame). No header, no
 * inline script, no theme boot: the framing site decides what surrounds it.
 */
export function EmbedPage(props: { title: string; watchUrl: string; children: ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · VideoFlow`}</title>
        <link rel="stylesheet" href="/static/styles.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="canonical" href={props.watchUrl} />
      </head>
      <body class="embed">
        <main>
          {props.children}
          <a class="embed-title" href={props.watchUrl} target="_blank" rel="noopener">
            {props.title}
          </a>
        </main>
      </body>
    </html>
  );
}
