import { useRef, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { CSRF_FIELD } from "../lib/shared/cookie_names.ts";
import { csrfHeaders } from "./_csrf.ts";
import { format } from "./_SeekBar.tsx";

/** A member as the editor shows it. */
export interface EditorItem {
  id: string;
  title: string;
  ownerName: string;
  durationS: number | null;
  posterUrl: string | null;
}

/** What the playlist page hands its owner's editor. */
export interface PlaylistEditorProps {
  playlistId: string;
  items: EditorItem[];
  /** For the forms that work before (or without) JavaScript. */
  csrfToken: string;
}

/**
 * The owner's list on /p/:id: each member with "Move up", "Move down" and
 * "Remove" buttons (forms that post to the page without JavaScript; with it,
 * calls to the JSON API without a reload) and drag and drop. After a move,
 * focus stays on the moved member's button and a polite live region says
 * where it went.
 */
function PlaylistEditor(props: PlaylistEditorProps) {
  const [items, setItems] = useState(props.items);
  const [status, setStatus] = useState("");
  const dragged = useRef<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const base = `/p/${props.playlistId}/items`;

  async function call(path: string, init: RequestInit) {
    const res = await fetch(`/api/v1/playlists/${props.playlistId}/items/${path}`, {
      ...init,
      headers: { "Content-Type": "application/json", ...csrfHeaders() },
    });
    if (!res.ok) {
      const body = await res.json().catch(() => undefined);
      throw new Error(body?.error?.message ?? `Failed (${res.status}).`);
    }
  }

  /** Moves `id` to index `to`, on the server and here. */
  async function moveTo(id: string, to: number, focus?: string) {
    const from = items.findIndex((i) => i.id === id);
    if (from < 0 || to < 0 || to >= items.length || to === from) return;
    const next = items.filter((i) => i.id !== id);
    next.splice(to, 0, items[from]);
    const previous = items;
    setItems(next);
    try {
      await call(`${id}/position`, {
        method: "PUT",
        body: JSON.stringify({ afterVideoId: to === 0 ? null : next[to - 1].id }),
      });
      setStatus(`Moved ${items[from].title} to position ${to + 1} of ${next.length}.`);
      if (focus) {
        setTimeout(() => {
          const btn = list.current?.querySelector<HTMLButtonElement>(
            `[data-item="${id}"] button[value="${focus}"]:not([disabled])`,
          ) ?? list.current?.querySelector<HTMLButtonElement>(`[data-item="${id}"] button`);
          btn?.focus();
        });
      }
    } catch (err) {
      setItems(previous);
      setStatus((err as Error).message);
    }
  }

  async function remove(id: string) {
    const index = items.findIndex((i) => i.id === id);
    const item = items[index];
    try {
      await call(id, { method: "DELETE" });
      const next = items.filter((i) => i.id !== id);
      setItems(next);
      setStatus(`Removed ${item.title}.`);
      setTimeout(() => {
        const rows = list.current?.querySelectorAll<HTMLElement>(
          "[data-item] a.playlist-item-title",
        );
        rows?.[Math.min(index, (rows?.length ?? 1) - 1)]?.focus();
      });
    } catch (err) {
      setStatus((err as Error).message);
    }
  }

  return (
    <div class="playlist-editor">
      {items.length === 0 && <p class="muted">No videos in this playlist yet.</p>}
      <ol ref={list} class="playlist-items">
        {items.map((item, i) => (
          <li
            key={item.id}
            data-item={item.id}
            class="playlist-item"
            draggable
            onDragStart={(e) => {
              dragged.current = item.id;
              e.dataTransfer?.setData("text/plain", item.id);
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              if (dragged.current) void moveTo(dragged.current, i);
              dragged.current = null;
            }}
          >
            <span class="playlist-item-index" aria-hidden="true">{i + 1}</span>
            <a
              class="playlist-item-thumb"
              href={`/v/${item.id}?list=${props.playlistId}`}
              tabIndex={-1}
              aria-hidden="true"
            >
              {item.posterUrl ? <img src={item.posterUrl} alt="" loading="lazy" /> : <span>▶</span>}
              {item.durationS !== null && (
                <span class="video-duration">{format(item.durationS)}</span>
              )}
            </a>
            <div class="playlist-item-text">
              <a class="playlist-item-title" href={`/v/${item.id}?list=${props.playlistId}`}>
                {item.title || "Untitled"}
              </a>
              <span class="muted">{item.ownerName}</span>
            </div>
            <form
              method="post"
              action={`${base}/${item.id}/move`}
              class="playlist-item-actions"
              onSubmit={(e) => {
                e.preventDefault();
                const dir = ((e as SubmitEvent).submitter as HTMLButtonElement | null)?.value;
                void moveTo(item.id, dir === "up" ? i - 1 : i + 1, dir);
              }}
            >
              <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
              <button
                type="submit"
                name="dir"
                value="up"
                class="icon-button"
                disabled={i === 0}
                aria-label={`Move up: ${item.title}`}
              >
                ↑
              </button>
              <button
                type="submit"
                name="dir"
                value="down"
                class="icon-button"
                disabled={i === items.length - 1}
                aria-label={`Move down: ${item.title}`}
              >
                ↓
              </button>
            </form>
            <form
              method="post"
              action={`${base}/${item.id}/remove`}
              onSubmit={(e) => {
                e.preventDefault();
                void remove(item.id);
              }}
            >
              <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
              <button type="submit" class="icon-button" aria-label={`Remove: ${item.title}`}>
                ✕
              </button>
            </form>
          </li>
        ))}
      </ol>
      <p class="visually-hidden" role="status" aria-live="polite">{status}</p>
    </div>
  );
}

export default defineIsland("PlaylistEditor", PlaylistEditor);
