/**
 * The browser side of VideoFlow's upload protocol (docs/DESIGN.md): create or
 * resume an upload, PUT the missing parts straight to storage with a few in
 * flight, retry each with backoff, report each stored part, then complete.
 * It runs in Deno too (fetch, Blob), which is how the tests drive it against
 * the real server. The request and response shapes are the API's own
 * (lib/shared/upload_api.ts, which the server's schemas are checked against).
 */
import type {
  CompletedUpload,
  CompleteUploadRequest,
  CreateUploadRequest,
  PartReport,
  PartTicket,
  ResumedUpload,
  UploadTicket,
} from "../lib/shared/upload_api.ts";

/** Who may watch the uploaded video. */
export type Visibility = NonNullable<CreateUploadRequest["visibility"]>;

/** What the server answers for a new or resumed upload. */
type UploadState = UploadTicket | ResumedUpload;

/** Progress as the bar shows it. */
export interface Progress {
  sent: number;
  total: number;
  bytesPerSecond: number;
}

/** Options for an upload session. */
export interface UploadOptions {
  /** Base URL of the API, e.g. "" in a page or "http://127.0.0.1:8000" in a test. */
  apiBase?: string;
  headers?: Record<string, string>;
  concurrency?: number;
  retries?: number;
  /** Milliseconds before the first retry; doubled for each next one. */
  backoffMs?: number;
  onProgress?: (p: Progress) => void;
  /** Called once the server has created (or resumed) the upload: keep the id to resume later. */
  onUploadId?: (uploadId: string) => void;
  /** An upload id from an earlier session of the same file. */
  resumeId?: string;
  metadata?: Omit<CreateUploadRequest, "filename" | "size" | "mimeType">;
}

/** An upload failed for good; `status` is the HTTP status if there was one. */
export class UploadError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** Uploads a file; `pause()` stops it, calling `run()` again resumes it. */
export class UploadSession {
  readonly file: Blob & { name: string };
  #opts: UploadOptions;
  #state?: UploadState;
  #etags = new Map<number, string>();
  #inFlight = new Map<number, number>();
  #done = 0;
  #abort = new AbortController();
  #started = 0;

  constructor(file: Blob & { name: string }, options: UploadOptions = {}) {
    this.file = file;
    this.#opts = { concurrency: 4, retries: 5, backoffMs: 500, ...options };
  }

  /** The upload's id once the server has created it. */
  get uploadId(): string | undefined {
    return this.#state?.uploadId;
  }

  /** Runs (or resumes) the upload until every part is stored and it is complete. */
  async run(): Promise<CompletedUpload> {
    this.#abort = new AbortController();
    this.#started = performance.now();
    const state = await this.#open();
    const queue = [...state.parts];
    const worker = async () => {
      for (let part = queue.shift(); part; part = queue.shift()) await this.#sendPart(part);
    };
    try {
      await Promise.all(
        Array.from({ length: Math.min(this.#opts.concurrency!, queue.length || 1) }, worker),
      );
    } catch (err) {
      // One part failed for good: stop the others too.
      if (!this.#abort.signal.aborted) this.#abort.abort(err);
      throw err;
    }
    const parts = [...this.#etags].map(([partNumber, etag]) => ({ partNumber, etag }))
      .sort((a, b) => a.partNumber - b.partNumber);
    const body: CompleteUploadRequest = { parts };
    return await this.#api("POST", `/api/v1/uploads/${state.uploadId}/complete`, body);
  }

  /** Stops sending; parts already stored stay stored. */
  pause(): void {
    this.#abort.abort(new UploadError("paused"));
  }

  /** Gives up on the upload and asks the server to delete what it stored. */
  async cancel(): Promise<void> {
    this.pause();
    if (this.#state) await this.#api("DELETE", `/api/v1/uploads/${this.#state.uploadId}`);
  }

  async #open(): Promise<UploadState> {
    const id = this.#state?.uploadId ?? this.#opts.resumeId;
    if (id) {
      const resumed = await this.#api<ResumedUpload>("GET", `/api/v1/uploads/${id}`).catch(() =>
        undefined
      );
      if (resumed?.status === "pending" && resumed.size === this.file.size) {
        return this.#adopt(resumed);
      }
    }
    const create: CreateUploadRequest = {
      filename: this.file.name,
      size: this.file.size,
      mimeType: this.file.type,
      ...this.#opts.metadata,
    };
    return this.#adopt(await this.#api<UploadTicket>("POST", "/api/v1/uploads", create));
  }

  #adopt(state: UploadState): UploadState {
    this.#state = state;
    this.#inFlight.clear();
    this.#opts.onUploadId?.(state.uploadId);
    const received = "received" in state ? state.received : [];
    for (const p of received) this.#etags.set(p.partNumber, p.etag);
    this.#done = received.reduce((n, p) => n + p.size, 0);
    this.#report();
    return state;
  }

  async #sendPart(part: PartTicket): Promise<void> {
    const state = this.#state!;
    const start = (part.partNumber - 1) * state.partSize;
    const blob = this.file.slice(start, start + part.size);
    for (let attempt = 0;; attempt++) {
      this.#abort.signal.throwIfAborted();
      try {
        const etag = await putPart(part.url, blob, {
          signal: this.#abort.signal,
          onProgress: (sent) => {
            this.#inFlight.set(part.partNumber, sent);
            this.#report();
          },
        });
        const report: PartReport = { partNumber: part.partNumber, size: part.size, etag };
        await this.#api("POST", `/api/v1/uploads/${state.uploadId}/parts`, report);
        this.#inFlight.delete(part.partNumber);
        this.#etags.set(part.partNumber, etag);
        this.#done += part.size;
        this.#report();
        return;
      } catch (err) {
        this.#inFlight.delete(part.partNumber);
        if (this.#abort.signal.aborted) throw this.#abort.signal.reason;
        if (attempt >= this.#opts.retries!) throw err;
        if (err instanceof UploadError && err.status === 403) {
          // The URL expired: ask for fresh ones and retry this part with its new URL.
          const fresh = await this.#api<ResumedUpload>("GET", `/api/v1/uploads/${state.uploadId}`);
          part = fresh.parts.find((p) => p.partNumber === part.partNumber) ?? part;
        }
        await sleep(this.#opts.backoffMs! * 2 ** attempt, this.#abort.signal);
      }
    }
  }

  #report(): void {
    if (!this.#opts.onProgress || !this.#state) return;
    let sent = this.#done;
    for (const n of this.#inFlight.values()) sent += n;
    const seconds = (performance.now() - this.#started) / 1000;
    this.#opts.onProgress({
      sent,
      total: this.#state.size,
      bytesPerSecond: seconds > 0 ? sent / seconds : 0,
    });
  }

  async #api<T = never>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await fetch(`${this.#opts.apiBase ?? ""}${path}`, {
      method,
      headers: { ...this.#opts.headers, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      credentials: "same-origin",
    });
    if (r.status === 204) return undefined as T;
    const json = await r.json().catch(() => ({}));
    if (!r.ok) throw new UploadError(json?.error?.message ?? `HTTP ${r.status}`, r.status);
    return json as T;
  }
}

/** PUTs one part and returns its ETag; reports bytes sent when the browser can (XHR). */
async function putPart(
  url: string,
  blob: Blob,
  options: { signal: AbortSignal; onProgress: (sent: number) => void },
): Promise<string> {
  if (typeof XMLHttpRequest === "undefined") {
    const r = await fetch(url, { method: "PUT", body: blob, signal: options.signal });
    await r.body?.cancel();
    if (!r.ok) throw new UploadError(`Storage answered ${r.status}`, r.status);
    options.onProgress(blob.size);
    return r.headers.get("etag") ?? "";
  }
  return await new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.upload.onprogress = (e) => options.onProgress(e.loaded);
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve(xhr.getResponseHeader("ETag") ?? "")
        : reject(new UploadError(`Storage answered ${xhr.status}`, xhr.status));
    xhr.onerror = () => reject(new UploadError("Network error"));
    options.signal.addEventListener("abort", () => {
      xhr.abort();
      reject(options.signal.reason);
    }, { once: true });
    xhr.send(blob);
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });
}
