/** Two web instances with live chat on one database, and WebSocket clients for them. */
import type { Hono } from "hono";
import { type AppOptions, createApp } from "../../app.ts";
import { loadConfig } from "../../lib/config.ts";
import { connect } from "../../lib/db/mod.ts";
import { openChatRoom } from "../../lib/chat/mod.ts";
import { openServices, type Services } from "../../lib/services.ts";
import type { ChatServerFrame } from "../../lib/shared/chat.ts";
import { GOOD_PASSWORD, testEmail } from "./client.ts";
import { addPlayableVideo } from "./community.ts";
import { openTestServices } from "./services.ts";

/** A WebSocket client of the chat that records every frame it receives. */
export class ChatSocket {
  readonly frames: ChatServerFrame[] = [];
  readonly closed: Promise<CloseEvent>;
  readonly ws: WebSocket;
  #waiters: (() => void)[] = [];

  constructor(url: string, options: { headers?: Record<string, string>; pong?: boolean } = {}) {
    this.ws = new WebSocket(url, { headers: options.headers } as never);
    this.ws.onmessage = (e) => {
      const frame = JSON.parse(String(e.data)) as ChatServerFrame;
      if (frame.type === "ping" && options.pong !== false) this.ws.send('{"type":"pong"}');
      this.frames.push(frame);
      for (const w of this.#waiters.splice(0)) w();
    };
    this.closed = new Promise((resolve) => {
      this.ws.onclose = (e) => {
        resolve(e);
        for (const w of this.#waiters.splice(0)) w();
      };
    });
    this.ws.onerror = () => {};
  }

  /** The first received frame that matches (waiting up to `timeoutMs`). */
  async next<T extends ChatServerFrame["type"]>(
    type: T,
    match: (f: Extract<ChatServerFrame, { type: T }>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Extract<ChatServerFrame, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const found = this.frames.find((f) => f.type === type && match(f as never));
      if (found) return found as never;
      if (Date.now() > deadline || this.ws.readyState >= WebSocket.CLOSING) {
        throw new Error(`no ${type} frame within ${timeoutMs} ms (got ${this.frames.length})`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.#waiters.push(() => (clearTimeout(t), resolve()));
      });
    }
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  async close(): Promise<void> {
    if (this.ws.readyState < WebSocket.CLOSING) this.ws.close();
    await this.closed;
  }
}

/** Signs up and in with a token session; answers the user id and the Bearer header. */
export async function tokenUser(app: Hono, name: string) {
  const body = JSON.stringify({
    email: testEmail(name.toLowerCase()),
    password: GOOD_PASSWORD,
    displayName: name,
    session: "token",
  });
  const init = { method: "POST", headers: { "content-type": "application/json" }, body };
  await app.request("/api/v1/auth/signup", init);
  const r = await app.request("/api/v1/auth/login", init);
  if (r.status !== 200) throw new Error(`login failed: ${r.status}`);
  const { user, accessToken } = await r.json();
  return { id: user.id as string, headers: { authorization: `Bearer ${accessToken}` } };
}

/** Two instances (own app, fan-out and database client each) serving one chat room. */
export interface ChatPair {
  services: Services;
  apps: [Hono, Hono];
  /** ws:// and http:// bases of instance A and B. */
  http: [string, string];
  ws: [string, string];
  videoId: string;
  ownerId: string;
  close(): Promise<void>;
}

/**
 * Instance A and B on one database: the harness PostgreSQL (each with its
 * own connection pool, so that events cross through the server's NOTIFY) or
 * the embedded PGlite (one connection, shared: the fan-out polls).
 */
export async function chatPair(
  kind: "postgres" | "embedded",
  options: AppOptions = {},
): Promise<ChatPair> {
  let services: Services;
  let servicesB: Services;
  let cleanup = async () => {};
  if (kind === "postgres") {
    const s = await openTestServices();
    const sqlB = connect(s.config.database.url!, { max: 4 });
    services = s;
    servicesB = { ...s, db: { sql: sqlB, kind: "external", close: () => sqlB.end() } };
    cleanup = async () => {
      await sqlB.end({ timeout: 1 });
      await s.close();
    };
  } else {
    const dir = await Deno.makeTempDir({ prefix: "vf-chat-pglite-" });
    services = await openServices(
      loadConfig({ DATA_DIR: dir, PUBLIC_URL: "http://localhost:8000" }),
    );
    servicesB = services;
    cleanup = async () => {
      await services.close();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    };
  }
  const apps: [Hono, Hono] = [createApp(services, options), createApp(servicesB, options)];
  const servers = apps.map((app) =>
    Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.fetch)
  );
  const owner = await tokenUser(apps[0], "Owner");
  const videoId = await addPlayableVideo(services.db.sql, owner.id);
  await openChatRoom(services.db.sql, videoId);
  const http = servers.map((s) => `http://127.0.0.1:${s.addr.port}`) as [string, string];
  return {
    services,
    apps,
    http,
    ws: http.map((h) => `${h.replace("http", "ws")}/api/v1/videos/${videoId}/chat/socket`) as [
      string,
      string,
    ],
    videoId,
    ownerId: owner.id,
    async close() {
      await Promise.all(servers.map((s) => s.shutdown()));
      await cleanup();
    },
  };
}
