import type { ComponentChildren } from "preact";
import { BaseHead } from "./BaseHead.tsx";

/**
 * The embed player's page: nothing but the player and a link to the video
 * on this site (opened in a new tab, outside the frame). No header, no
 * inline script, no theme boot: the framing site decides what surrounds it.
 */
export function EmbedPage(props: { title: string; watchUrl: string; children: ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <BaseHead title={`${props.title} · VideoFlow`} />
        <meta name="robots" content="noindex" />
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
