import { useEffect, useRef, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { hasFailed } from "../lib/shared/video_states.ts";
import { formatBytes } from "../lib/shared/bytes.ts";
import { csrfHeaders } from "./_csrf.ts";
import { UploadSession, type Visibility } from "./_upload_client.ts";
import {
  nextToSend,
  type PendingFile,
  type QueueItem,
  refusal,
  resumeMismatch,
  videoType,
} from "./_upload_queue.ts";
import { UploadQueueList } from "./_UploadQueueList.tsx";
import { PendingUploads } from "./_PendingUploads.tsx";

function resumeKey(file: File): string {
  return `vf-upload:${file.name}:${file.size}:${file.lastModified}`;
}

/**
 * Drop or pick one video or several; each is checked here (type, size), then
 * they are sent one after another, in parts straight to storage, each with
 * its own bar, speed, time left, pause and resume. Unfinished uploads (after
 * a reload, from the server's list) resume when their file is picked again
 * (same name and size); a failed or unwanted one can be removed. One file
 * lands on its edit page when done; several stay listed with their links.
 */
function Uploader(
  props: {
    maxBytes: number;
    categories?: { slug: string; name: string }[];
    pending?: PendingFile[];
    resume?: string;
  },
) {
  const [title, setTitle] = useState("");
  const [category, setCategory] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("private");
  const [items, setItems] = useState<QueueItem[]>([]);
  const [pending, setPending] = useState<PendingFile[]>(props.pending ?? []);
  const [pendingErrors, setPendingErrors] = useState<Record<string, string>>({});
  const [dragging, setDragging] = useState(false);
  const files = useRef(new Map<string, File>());
  const sessions = useRef(new Map<string, UploadSession>());
  const total = useRef(0);

  const update = (key: string, patch: Partial<QueueItem>) =>
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  function add(list: File[], resume?: PendingFile) {
    const added = list.map((file): QueueItem => {
      const key = crypto.randomUUID();
      files.current.set(key, file);
      const base = { key, name: file.name, size: file.size, sent: 0, bytesPerSecond: 0 };
      const why = refusal(file, props.maxBytes);
      return why
        ? { ...base, phase: "error", message: why }
        : { ...base, phase: "waiting", resumeId: resume?.uploadId };
    });
    total.current += added.length;
    setItems((all) => [...all, ...added]);
  }

  function start(item: QueueItem) {
    let s = sessions.current.get(item.key);
    if (!s) {
      const file = files.current.get(item.key)!;
      const type = videoType(file)!;
      const typed = file.type === type
        ? file
        : new File([file], file.name, { type, lastModified: file.lastModified });
      const single = total.current === 1;
      s = new UploadSession(typed, {
        headers: csrfHeaders(),
        resumeId: item.resumeId ?? localStorage.getItem(resumeKey(file)) ?? undefined,
        onUploadId: (id) => localStorage.setItem(resumeKey(file), id),
        onProgress: (p) => update(item.key, { sent: p.sent, bytesPerSecond: p.bytesPerSecond }),
        metadata: {
          ...(single && title.trim() ? { title: title.trim() } : {}),
          ...(category ? { category } : {}),
          visibility,
        },
      });
      sessions.current.set(item.key, s);
    }
    void run(item.key, s);
  }

  async function run(key: string, s: UploadSession) {
    update(key, { phase: "sending", message: undefined });
    try {
      const result = await s.run();
      localStorage.removeItem(resumeKey(files.current.get(key)!));
      if (s.uploadId) setPending((all) => all.filter((p) => p.uploadId !== s.uploadId));
      if (hasFailed(result.status)) {
        return update(key, {
          phase: "error",
          videoId: result.videoId,
          message: result.reason ?? "This file is not a video we can use.",
        });
      }
      update(key, { phase: "done", videoId: result.videoId, sent: s.file.size });
      if (total.current === 1) location.assign(`/studio/videos/${result.videoId}`);
    } catch (err) {
      if (err instanceof Error && err.message === "paused") return update(key, { phase: "paused" });
      update(key, { phase: "error", message: err instanceof Error ? err.message : String(err) });
    }
  }

  useEffect(() => {
    const next = nextToSend(items);
    if (next) start(next);
  }, [items]);

  async function remove(key: string) {
    const item = items.find((i) => i.key === key);
    const s = sessions.current.get(key);
    try {
      // What the server holds for it goes too: the failed video, or the unfinished upload.
      if (item?.videoId) {
        await fetch(`/api/v1/videos/${item.videoId}`, { method: "DELETE", headers: csrfHeaders() });
      } else if (s?.uploadId) await s.cancel();
    } catch { /* already gone: nothing left to remove */ }
    sessions.current.delete(key);
    setItems((all) => all.filter((i) => i.key !== key));
  }

  async function discard(p: PendingFile) {
    const r = await fetch(`/api/v1/uploads/${p.uploadId}`, {
      method: "DELETE",
      headers: csrfHeaders(),
    }).catch(() => undefined);
    if (r && (r.ok || r.status === 404)) {
      setPending((all) => all.filter((x) => x.uploadId !== p.uploadId));
    } else {
      setPendingErrors((e) => ({ ...e, [p.uploadId]: "It could not be discarded; try again." }));
    }
  }

  function pick(p: PendingFile, file: File | undefined) {
    if (!file) return;
    const why = resumeMismatch(file, p);
    setPendingErrors((e) => ({ ...e, [p.uploadId]: why ?? "" }));
    if (why) return;
    setPending((all) => all.filter((x) => x.uploadId !== p.uploadId));
    add([file], p);
  }

  const busy = items.some((i) => i.phase === "sending" || i.phase === "finishing");
  return (
    <div class="uploader">
      <PendingUploads
        pending={pending}
        highlight={props.resume}
        onPick={pick}
        onDiscard={discard}
        errors={pendingErrors}
      />
      <div class="upload-meta">
        <label>
          Title <span class="muted">(one file; otherwise each file's name)</span>
          <input
            type="text"
            name="title"
            maxLength={200}
            value={title}
            onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
          />
        </label>
        {props.categories && props.categories.length > 0 && (
          <label>
            Category
            <select
              name="category"
              value={category}
              onChange={(e) => setCategory((e.target as HTMLSelectElement).value)}
            >
              <option value="">None</option>
              {props.categories.map((c) => <option key={c.slug} value={c.slug}>{c.name}</option>)}
            </select>
          </label>
        )}
        <label>
          Who can watch
          <select
            name="visibility"
            value={visibility}
            onChange={(e) => setVisibility((e.target as HTMLSelectElement).value as Visibility)}
          >
            <option value="private">Private: only you</option>
            <option value="unlisted">Unlisted: anyone with the link</option>
            <option value="public">Public</option>
          </select>
        </label>
      </div>
      <label
        class={`dropzone${dragging ? " dragging" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          add([...(e.dataTransfer?.files ?? [])]);
        }}
      >
        <input
          class="visually-hidden"
          type="file"
          multiple
          accept="video/mp4,video/webm,video/quicktime,.mp4,.m4v,.webm,.mov"
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            add([...(input.files ?? [])]);
            input.value = "";
          }}
        />
        <span class="button picker">Choose videos</span>
        <span>or drop them here</span>
        <span class="muted">MP4, WebM or MOV, up to {formatBytes(props.maxBytes)} each</span>
      </label>
      <UploadQueueList
        items={items}
        actions={{
          pause: (key) => sessions.current.get(key)?.pause(),
          resume: (key) => {
            const s = sessions.current.get(key);
            if (!s) return;
            if (busy) update(key, { phase: "waiting" });
            else void run(key, s);
          },
          remove: (key) => void remove(key),
        }}
      />
      {busy && <p class="muted" role="status">Keep this tab open while files are being sent.</p>}
    </div>
  );
}

export default defineIsland("Uploader", Uploader);
