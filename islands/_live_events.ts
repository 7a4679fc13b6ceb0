/**
 * The tab's one live connection: a single EventSource on
 * /api/v1/users/me/events shared by every island that wants live news (the
 * bell, processing progress), so that a page with several of them holds one
 * stream, not one each (the server caps streams per user). Islands subscribe
 * while hydrating; the stream opens once they all have (a task later) and
 * reopens if a video is added afterwards.
 */

type Listener = (data: unknown) => void;

const MAX_VIDEOS = 5;
const listeners = new Map<string, Set<Listener>>();
const videos = new Set<string>();
let source: EventSource | undefined;
let pending = false;
let stopped = false;

/**
 * Calls `fn` with each `event`'s data (`notifications`, `status`); with
 * `videoId`, also asks the stream for that video's processing status. Returns
 * the unsubscribe function.
 */
export function subscribe(
  event: string,
  fn: Listener,
  options: { videoId?: string } = {},
): () => void {
  let set = listeners.get(event);
  if (!set) listeners.set(event, set = new Set());
  set.add(fn);
  if (options.videoId && !videos.has(options.videoId) && videos.size < MAX_VIDEOS) {
    videos.add(options.videoId);
    if (source) open();
  }
  if (!source && !pending) {
    pending = true;
    setTimeout(open, 0);
  }
  return () => set.delete(fn);
}

function open() {
  pending = false;
  if (stopped) return;
  source?.close();
  const query = videos.size ? `?videos=${[...videos].join(",")}` : "";
  const es = new EventSource(`/api/v1/users/me/events${query}`);
  source = es;
  for (const name of ["notifications", "status"]) {
    es.addEventListener(name, (e) => {
      const data = JSON.parse((e as MessageEvent).data);
      for (const fn of listeners.get(name) ?? []) fn(data);
    });
  }
  es.addEventListener("end", (e) => {
    const { reason } = JSON.parse((e as MessageEvent).data) as { reason: string };
    // Signed out elsewhere: reconnecting would only be refused.
    if (reason === "signed-out") {
      stopped = true;
      es.close();
    }
  });
}
