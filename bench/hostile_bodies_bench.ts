/**
 * Oversized bodies against the web tier: peak resident memory of the server
 * (main.ts in its own process) while 20 clients at once each send a 300 MB
 * body (half chunked, half with Content-Length) to a JSON route
 * (POST /api/v1/auth/logout, anonymous) and to a form route (POST /signin).
 * Every one must be refused with 413 after at most the route's limit has been
 * read. Goal: peak growth under 50 MB. Before the body limits, ONE such POST
 * took the server from 317 MB to 1.2 GB (the hardening issue's measurement).
 */
import { startPostgres } from "../tests/_harness/postgres.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";
import { generated, rssMb, startServer } from "./uploads.ts";

const GOAL_MB = 50;

interface Row {
  route: string;
  clients: number;
  mbEach: number;
  seconds: number;
  idleMb: number;
  peakMb: number;
  refused: number;
  cutOff: number;
}

/** Sends one oversized body; "413" when answered so, "cut" when the server closed on it. */
async function send(url: string, options: { size: number; chunked: boolean; type: string }) {
  const headers: Record<string, string> = { "content-type": options.type };
  if (!options.chunked) headers["content-length"] = String(options.size);
  try {
    const r = await fetch(url, {
      method: "POST",
      headers,
      body: generated(options.size),
      duplex: "half",
    } as RequestInit);
    await r.body?.cancel();
    return r.status === 413 ? "413" : `status ${r.status}`;
  } catch {
    return "cut";
  }
}

export default async function run(options: BenchOptions): Promise<BenchResult> {
  const clients = 20;
  const size = options.quick ? 30_000_000 : 300_000_000;
  const routes = [
    {
      route: "POST /api/v1/auth/logout (JSON)",
      path: "/api/v1/auth/logout",
      type: "application/json",
    },
    { route: "POST /signin (form)", path: "/signin", type: "application/x-www-form-urlencoded" },
  ];
  const pg = await startPostgres();
  Deno.env.set("TEST_DATABASE_URL", pg.url);
  const rows: Row[] = [];
  try {
    for (const r of routes) {
      const server = await startServer();
      try {
        // Warm up the route's code paths before the idle figure.
        await send(`${server.origin}${r.path}`, { size: 1_000_000, chunked: true, type: r.type });
        await new Promise((res) => setTimeout(res, 500));
        const idle = rssMb(server.pid);
        let peak = idle;
        const sampler = setInterval(() => peak = Math.max(peak, rssMb(server.pid)), 10);
        const t0 = performance.now();
        let outcomes: string[];
        try {
          outcomes = await Promise.all(
            Array.from(
              { length: clients },
              (_, i) =>
                send(`${server.origin}${r.path}`, { size, chunked: i % 2 === 0, type: r.type }),
            ),
          );
        } finally {
          clearInterval(sampler);
        }
        peak = Math.max(peak, rssMb(server.pid));
        const unexpected = outcomes.filter((o) => o !== "413" && o !== "cut");
        if (unexpected.length) throw new Error(`${r.route}: ${unexpected.join(", ")}`);
        rows.push({
          route: r.route,
          clients,
          mbEach: size / 1e6,
          seconds: (performance.now() - t0) / 1000,
          idleMb: idle,
          peakMb: peak,
          refused: outcomes.filter((o) => o === "413").length,
          cutOff: outcomes.filter((o) => o === "cut").length,
        });
        console.log(`${r.route}: idle ${idle.toFixed(1)} MB, peak ${peak.toFixed(1)} MB`);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await pg.stop();
  }
  return {
    tables: [{
      title:
        `Web tier RSS under ${clients} concurrent oversized bodies (server in its own process)`,
      columns: [
        "route",
        "clients",
        "MB each",
        "seconds",
        "idle MB",
        "peak MB",
        "growth MB",
        "goal MB",
        "413",
        "closed",
      ],
      rows: rows.map((r) => [
        r.route,
        r.clients,
        r.mbEach,
        r.seconds,
        r.idleMb,
        r.peakMb,
        r.peakMb - r.idleMb,
        `< ${GOAL_MB}`,
        r.refused,
        r.cutOff,
      ]),
      note: "Half the clients send chunked bodies, half declare a Content-Length. " +
        "Baseline (before body limits): one 300 MB POST grew the server from 317 MB to 1.2 GB.",
    }],
    data: rows,
  };
}
