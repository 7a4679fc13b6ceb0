import { CHAT_CLOSE, type ChatServerFrame } from "../lib/shared/chat.ts";

/** Where a chat connection stands, for the island's status line. */
export type ChatStatus = "connecting" | "open" | "reconnecting" | "closed";

/** What a chat connection reports. */
export interface ChatHandlers {
  onFrame(frame: ChatServerFrame): void;
  onStatus(status: ChatStatus, detail?: string): void;
}

// Backoff between reconnects (ms), with up to 50 % jitter so a restarted
// instance's sockets do not all come back at once.
const BACKOFF = [500, 1000, 2000, 4000, 8000, 15000];
// The server pings every 20 s: this long without a frame means the link is dead.
const SILENCE_MS = 50_000;

/**
 * The island's chat socket: answers pings, reconnects after a drop with
 * backoff and resumes (`after` = the newest message it holds, so messages
 * sent meanwhile arrive), and gives up on a refusal (4403, 4404).
 */
export class ChatConnection {
  readonly #url: string;
  readonly #handlers: ChatHandlers;
  #socket?: WebSocket;
  #attempt = 0;
  #lastId = 0;
  #closed = false;
  #retry?: ReturnType<typeof setTimeout>;
  #watchdog?: ReturnType<typeof setTimeout>;

  constructor(videoId: string, handlers: ChatHandlers) {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    this.#url = `${scheme}://${location.host}/api/v1/videos/${videoId}/chat/socket`;
    this.#handlers = handlers;
    this.#open();
  }

  /** Sends a message; false when the socket is not open. */
  send(body: string, nonce: string): boolean {
    if (this.#socket?.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(JSON.stringify({ type: "send", body, nonce }));
    return true;
  }

  /** Closes for good (the island unmounts). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#retry);
    clearTimeout(this.#watchdog);
    this.#socket?.close(1000);
  }

  #open(): void {
    const url = this.#lastId ? `${this.#url}?after=${this.#lastId}` : this.#url;
    this.#handlers.onStatus(this.#attempt ? "reconnecting" : "connecting");
    const socket = new WebSocket(url);
    this.#socket = socket;
    socket.onmessage = (e) => {
      this.#alive();
      let frame: ChatServerFrame;
      try {
        frame = JSON.parse(String(e.data));
      } catch {
        return;
      }
      if (frame.type === "ping") return void socket.send('{"type":"pong"}');
      if (frame.type === "welcome") {
        this.#attempt = 0;
        this.#handlers.onStatus("open");
      }
      const newest = frame.type === "welcome"
        ? frame.messages.at(-1)?.id
        : frame.type === "message"
        ? frame.message.id
        : undefined;
      if (newest && newest > this.#lastId) this.#lastId = newest;
      this.#handlers.onFrame(frame);
    };
    socket.onclose = (e) => {
      clearTimeout(this.#watchdog);
      if (this.#closed || this.#socket !== socket) return;
      if (e.code === CHAT_CLOSE.forbidden || e.code === CHAT_CLOSE.notFound) {
        this.#handlers.onStatus("closed", "This chat is no longer available to you.");
        return;
      }
      const delay = BACKOFF[Math.min(this.#attempt++, BACKOFF.length - 1)];
      this.#handlers.onStatus("reconnecting");
      this.#retry = setTimeout(() => this.#open(), delay * (1 + Math.random() / 2));
    };
    this.#alive();
  }

  #alive(): void {
    clearTimeout(this.#watchdog);
    this.#watchdog = setTimeout(() => this.#socket?.close(4000, "silent"), SILENCE_MS);
  }
}
