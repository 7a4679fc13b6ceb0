import { useRef, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { hasFailed } from "../lib/shared/video_states.ts";
import { csrfHeaders } from "./_csrf.ts";
import { formatBytes } from "../lib/shared/bytes.ts";
import { type Progress, UploadSession, type Visibility } from "./_upload_client.ts";

const TYPES: Record<string, string> = {
  mp4: "video/mp4",
  m4v: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
};

type Phase = "idle" | "sending" | "paused" | "finishing" | "done" | "error";

/** A file the browser lets us read, with a declared type fixed from its extension if missing. */
function fileType(file: File): string | undefined {
  if (Object.values(TYPES).includes(file.type)) return file.type;
  return TYPES[file.name.split(".").pop()?.toLowerCase() ?? ""];
}

function resumeKey(file: File): string {
  return `vf-upload:${file.name}:${file.size}:${file.lastModified}`;
}

/**
 * Drop or pick a video; it is checked here (type, size), then sent in parts
 * straight to storage with progress, speed and time left, pause and resume.
 * The upload id is kept in localStorage per file, so picking the same file
 * after a reload skips the parts already stored. Lands on the edit page.
 */
function Uploader(props: { maxBytes: number; categories?: { slug: string; name: string }[] }) {
  const [phase, setPhase] = useState<Phase>("idle");
  const [title, setTitle] = useState("");
  const [category, setCategory] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("private");
  const [message, setMessage] = useState("");
  const [progress, setProgress] = useState<Progress>({ sent: 0, total: 0, bytesPerSecond: 0 });
  const [dragging, setDragging] = useState(false);
  const session = useRef<UploadSession | null>(null);

  async function run(s: UploadSession, key: string) {
    setPhase("sending");
    setMessage("");
    try {
      const result = await s.run();
      localStorage.removeItem(key);
      if (hasFailed(result.status)) {
        setPhase("error");
        setMessage(result.reason ?? "This file is not a video we can use.");
        return;
      }
      setPhase("done");
      location.assign(`/studio/videos/${result.videoId}`);
    } catch (err) {
      if (err instanceof Error && err.message === "paused") return setPhase("paused");
      setPhase("error");
      setMessage(err instanceof Error ? err.message : String(err));
    }
  }

  function choose(file: File | undefined) {
    if (!file) return;
    const type = fileType(file);
    if (!type) {
      setPhase("error");
      return setMessage("Choose an MP4, WebM or MOV video.");
    }
    if (file.size > props.maxBytes) {
      setPhase("error");
      return setMessage(`That file is too large: the limit is ${formatBytes(props.maxBytes)}.`);
    }
    if (file.size === 0) {
      setPhase("error");
      return setMessage("That file is empty.");
    }
    const typed = file.type === type
      ? file
      : new File([file], file.name, { type, lastModified: file.lastModified });
    const key = resumeKey(file);
    const s = new UploadSession(typed, {
      headers: csrfHeaders(),
      resumeId: localStorage.getItem(key) ?? undefined,
      onUploadId: (id) => localStorage.setItem(key, id),
      onProgress: setProgress,
      metadata: {
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(category ? { category } : {}),
        visibility,
      },
    });
    session.current = s;
    void run(s, key);
  }

  const pct = progress.total ? Math.floor((progress.sent / progress.total) * 100) : 0;
  const left = progress.bytesPerSecond > 0
    ? (progress.total - progress.sent) / progress.bytesPerSecond
    : 0;
  const busy = phase === "sending" || phase === "paused";
  return (
    <div class="uploader">
      <div class="upload-meta">
        <label>
          Title <span class="muted">(optional: the file name otherwise)</span>
          <input
            type="text"
            name="title"
            maxLength={200}
            value={title}
            disabled={busy}
            onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
          />
        </label>
        {props.categories && props.categories.length > 0 && (
          <label>
            Category
            <select
              name="category"
              value={category}
              disabled={busy}
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
            disabled={busy}
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
          if (!busy) choose(e.dataTransfer?.files[0]);
        }}
      >
        <input
          type="file"
          accept="video/mp4,video/webm,video/quicktime,.mp4,.m4v,.webm,.mov"
          disabled={busy}
          onChange={(e) => choose((e.target as HTMLInputElement).files?.[0])}
        />
        <strong>Drop a video here</strong> or tap to choose one
        <span class="muted">MP4, WebM or MOV, up to {formatBytes(props.maxBytes)}</span>
      </label>
      {phase !== "idle" && phase !== "error" && (
        <div class="upload-progress">
          <progress max={100} value={pct} aria-label="Upload progress" />
          <p>
            <span class="upload-percent">{pct}%</span> · {formatBytes(progress.sent)} of{" "}
            {formatBytes(progress.total)} · {formatBytes(progress.bytesPerSecond)}/s
            {left > 0 && phase === "sending" ? ` · ${formatTime(left)} left` : ""}
            {phase === "paused" ? " · paused" : ""}
            {pct === 100 && phase === "sending" ? " · checking the file…" : ""}
            {phase === "done" ? " · done" : ""}
          </p>
          {phase === "sending" && (
            <button
              type="button"
              class="button secondary"
              onClick={() => session.current?.pause()}
            >
              Pause
            </button>
          )}
          {phase === "paused" && (
            <button
              type="button"
              class="button"
              onClick={() =>
                session.current && run(session.current, resumeKey(session.current.file as File))}
            >
              Resume
            </button>
          )}
        </div>
      )}
      {message && <p class="form-error" role="alert">{message}</p>}
    </div>
  );
}

function formatTime(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export default defineIsland("Uploader", Uploader);
