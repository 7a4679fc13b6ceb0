/**
 * Live chat fan-out (issue 19): 500 WebSocket clients connected to two web
 * instances (250 each, each instance its own database client and fan-out) on
 * one PostgreSQL; one signed-in writer on instance A sends a message every
 * 100 ms; each client's receipt time minus the send time is one sample.
 * Prints p50/p95/max against the goal (p95 under 1 s: "a message posted
 * through one instance reaches viewers connected to another within a
 * second"), for LISTEN/NOTIFY (what a real PostgreSQL uses) and, as the
 * baseline, the polling fan-out (250 ms) on the same PostgreSQL; then that poll
 * where it really runs, on the embedded PGlite (one connection for both). Servers
 * and clients share this process and its 2 cores, so figures are upper bounds.
 */
import { setLogLevel } from "../lib/log.ts";
import type { FanoutMode } from "../lib/chat/fanout.ts";
import { startPostgres } from "../tests/_harness/postgres.ts";
import { chatPair, tokenUser } from "../tests/_harness/chat.ts";
import { percentile, verdict } from "./_timing.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";

const GOAL_P95_MS = 1000;

async function measure(
  mode: FanoutMode,
  options: { clients: number; messages: number; db: "postgres" | "embedded" },
): Promise<{ samples: number[]; lost: number }> {
  const pair = await chatPair(options.db, {
    // The writer is a bot at 10 messages a second: lift the per-user and per-socket caps.
    chat: {
      fanout: mode,
      perUser: 1e6,
      socketsPerClient: options.clients + 10,
      socketLimits: { maxFrames: 1e6 },
    },
    rateLimits: { apiIp: 1e9, apiUser: 1e9 },
  });
  const sent = new Map<string, number>();
  const samples: number[] = [];
  const sockets: WebSocket[] = [];
  try {
    const writer = await tokenUser(pair.apps[0], "Writer");
    const opened: Promise<void>[] = [];
    for (let i = 0; i < options.clients; i++) {
      const ws = new WebSocket(pair.ws[i % 2]);
      sockets.push(ws);
      opened.push(
        new Promise((resolve, reject) => {
          ws.onmessage = (e) => {
            const f = JSON.parse(String(e.data));
            if (f.type === "welcome") resolve();
            else if (f.type === "ping") ws.send('{"type":"pong"}');
            else if (f.type === "message") {
              const t0 = sent.get(f.message.body);
              if (t0 !== undefined) samples.push(performance.now() - t0);
            }
          };
          ws.onerror = () => reject(new Error("socket failed"));
        }),
      );
      // Connect in batches so the handshakes do not all time out together.
      if (i % 50 === 49) await Promise.all(opened.slice(-50));
    }
    await Promise.all(opened);
    const out = new WebSocket(pair.ws[0], { headers: writer.headers } as never);
    sockets.push(out);
    await new Promise<void>((resolve) => {
      out.onmessage = (e) => JSON.parse(String(e.data)).type === "welcome" && resolve();
    });
    for (let i = 0; i < options.messages; i++) {
      const body = `bench ${mode} ${i}`;
      sent.set(body, performance.now());
      out.send(JSON.stringify({ type: "send", body }));
      await new Promise((r) => setTimeout(r, 100));
    }
    // Let the last deliveries arrive.
    const expected = options.clients * options.messages;
    const deadline = Date.now() + 10_000;
    while (samples.length < expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    return { samples, lost: expected - samples.length };
  } finally {
    for (const ws of sockets) ws.close();
    await new Promise((r) => setTimeout(r, 500));
    await pair.close();
  }
}

export default async function run(options: BenchOptions): Promise<BenchResult> {
  const clients = options.quick ? 200 : 500;
  const messages = options.quick ? 20 : 50;
  const pg = await startPostgres();
  Deno.env.set("TEST_DATABASE_URL", pg.url);
  setLogLevel("warn");
  const rows: (string | number)[][] = [];
  const data: Record<string, unknown> = {};
  try {
    const runs = [
      ["LISTEN/NOTIFY (PostgreSQL)", "notify", "postgres"],
      ["baseline: poll every 250 ms (PostgreSQL)", "poll", "postgres"],
      ["poll every 250 ms (embedded PGlite)", "poll", "embedded"],
    ] as const;
    for (const [label, mode, db] of runs) {
      const { samples, lost } = await measure(mode, { clients, messages, db });
      const p95 = percentile(samples, 0.95);
      data[label] = { deliveries: samples.length, lost };
      rows.push([
        label,
        clients,
        samples.length,
        lost,
        percentile(samples, 0.5),
        p95,
        Math.max(...samples),
        GOAL_P95_MS,
        verdict(p95, GOAL_P95_MS),
      ]);
    }
  } finally {
    await pg.stop();
  }
  return {
    tables: [{
      title: `Chat fan-out: send → receipt across two instances (${messages} messages, ms)`,
      columns: ["fan-out", "clients", "deliveries", "lost", "p50", "p95", "max", "goal p95", ""],
      rows,
      note: "Half the clients on each instance, the writer on A; servers, database clients " +
        "and sockets share this process, so these are upper bounds.",
    }],
    data,
  };
}
