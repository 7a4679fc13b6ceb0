/**
 * Carries a room's events (lib/chat/events.ts) to the sockets of every web
 * instance. Two ways, chosen by the database (docs/DESIGN.md, "Live chat"):
 *
 * - `notify` (a real PostgreSQL): one LISTEN connection per instance, held
 *   only while the instance has a socket open; each event arrives with its
 *   NOTIFY as the writer commits, in commit order.
 * - `poll` (the embedded PGlite, which delivers no NOTIFY over its socket and
 *   has one connection): the instance reads chat_events by id every `pollMs`
 *   (250 ms) for the rooms it has sockets in, and only while it has any. One
 *   connection runs transactions one at a time, so ids commit in order and a
 *   poll by id cannot skip one.
 */
import type { Sql } from "../db/mod.ts";
import { log } from "../log.ts";
import { CHAT_CHANNEL, eventsAfter, lastEventId, type LoggedEvent, parseNotice } from "./events.ts";

/** How events reach this instance. */
export type FanoutMode = "notify" | "poll";

/** A socket's handler for its room's events. */
export type RoomListener = (event: LoggedEvent) => void;

/** The fan-out of one web instance: rooms → the listeners of its open sockets. */
export class ChatFanout {
  readonly mode: FanoutMode;
  readonly #sql: Sql;
  readonly #pollMs: number;
  readonly #rooms = new Map<string, Set<RoomListener>>();
  #count = 0;
  // Start and stop run one after another, so a socket that arrives while the
  // last one leaves never finds a half-stopped listener.
  #chain: Promise<unknown> = Promise.resolve();
  #running = false;
  #unlisten?: () => Promise<void>;
  #timer?: ReturnType<typeof setTimeout>;
  #cursor = 0;
  #polling?: Promise<void>;

  constructor(sql: Sql, options: { mode: FanoutMode; pollMs?: number }) {
    this.#sql = sql;
    this.mode = options.mode;
    this.#pollMs = options.pollMs ?? 250;
  }

  /** Open subscriptions (sockets) on this instance. */
  get subscribers(): number {
    return this.#count;
  }

  /**
   * Registers `listener` for `videoId`'s events; resolves once events are
   * flowing (so history read afterwards misses nothing). Answers the release.
   */
  async subscribe(videoId: string, listener: RoomListener): Promise<() => Promise<void>> {
    let set = this.#rooms.get(videoId);
    if (!set) this.#rooms.set(videoId, set = new Set());
    set.add(listener);
    this.#count++;
    await this.#serially(() => this.#start());
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      set.delete(listener);
      if (!set.size && this.#rooms.get(videoId) === set) this.#rooms.delete(videoId);
      this.#count--;
      await this.#serially(() => this.#stopIfIdle());
    };
  }

  /** Stops listening or polling (the instance is shutting down). */
  async close(): Promise<void> {
    this.#rooms.clear();
    this.#count = 0;
    await this.#serially(() => this.#stopIfIdle());
  }

  #serially(fn: () => Promise<void>): Promise<void> {
    const next = this.#chain.catch(() => {}).then(fn);
    this.#chain = next;
    return next;
  }

  async #start(): Promise<void> {
    if (this.#running || this.#count === 0) return;
    if (this.mode === "notify") {
      const sub = await this.#sql.listen(CHAT_CHANNEL, (payload) => this.#onNotice(payload));
      this.#unlisten = () => sub.unlisten();
    } else {
      this.#cursor = await lastEventId(this.#sql);
      this.#schedule();
    }
    this.#running = true;
  }

  async #stopIfIdle(): Promise<void> {
    if (!this.#running || this.#count > 0) return;
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#polling;
    await this.#unlisten?.().catch(() => {});
    this.#unlisten = undefined;
  }

  #dispatch(e: LoggedEvent): void {
    for (const listener of this.#rooms.get(e.videoId) ?? []) {
      try {
        listener(e);
      } catch (err) {
        log("warn", "chat listener failed", { error: String(err) });
      }
    }
  }

  #onNotice(payload: string): void {
    const note = parseNotice(payload);
    if (!note || !this.#rooms.has(note.videoId)) return;
    if (note.event) return this.#dispatch(note as LoggedEvent);
    // Too large for a NOTIFY: read it from the log.
    eventsAfter(this.#sql, { videoIds: [note.videoId], afterId: note.id - 1, limit: 1 })
      .then((rows) => rows.forEach((e) => this.#dispatch(e)))
      .catch((err) => log("warn", "chat event read failed", { error: String(err) }));
  }

  #schedule(): void {
    this.#timer = setTimeout(() => {
      this.#polling = this.#poll().finally(() => {
        this.#polling = undefined;
        if (this.#running) this.#schedule();
      });
    }, this.#pollMs);
  }

  async #poll(): Promise<void> {
    try {
      for (let more = true; more && this.#rooms.size;) {
        const rows = await eventsAfter(this.#sql, {
          videoIds: [...this.#rooms.keys()],
          afterId: this.#cursor,
          limit: 500,
        });
        for (const e of rows) {
          this.#cursor = Math.max(this.#cursor, e.id);
          this.#dispatch(e);
        }
        more = rows.length === 500;
      }
    } catch (err) {
      log("warn", "chat poll failed", { error: String(err) });
    }
  }
}
