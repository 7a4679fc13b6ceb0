import { useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";

/**
 * "Copy link": copies the watch page's address. Without JavaScript (or a
 * clipboard) it is a plain link to that page, whose address can be copied.
 */
function StudioCopyLink(props: { videoId: string }) {
  const [copied, setCopied] = useState(false);
  const href = `/v/${props.videoId}`;
  return (
    <a
      href={href}
      class="studio-copy"
      onClick={async (e) => {
        if (!navigator.clipboard) return;
        e.preventDefault();
        await navigator.clipboard.writeText(new URL(href, location.href).href).then(
          () => setCopied(true),
          () => location.assign(href),
        );
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      {copied ? "Copied" : "Copy link"}
      <span class="visually-hidden" role="status">{copied ? " to the clipboard" : ""}</span>
    </a>
  );
}

export default defineIsland("StudioCopyLink", StudioCopyLink);
