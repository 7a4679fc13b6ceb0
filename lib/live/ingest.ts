/**
 * The RTMP ingest: encoders publish to `rtmp://host:RTMP_PORT/live/{key}`.
 * A publish is let through only with the key of a stream that has not ended,
 * no other publisher holding it, and its owner under the concurrent-stream
 * limit (lib/live/session.ts claimPublisher()); the socket is paused until
 * then, so a refused publisher is closed before any of its media is read.
 * An accepted one feeds a packaging run (lib/live/packager.ts); its lease is
 * renewed every 2 s; a publisher silent for the idle timeout is dropped and
 * its stream ended; one that leaves has the idle timeout to come back
 * (reconnect: the same stream, a discontinuity), after which the stream ends.
 * Runs in `deno task dev`'s process or on its own (`deno task ingest`).
 */
import { createServer, type Socket } from "node:net";
import type { Config } from "../config.ts";
import type { Sql } from "../db/mod.ts";
import { log } from "../log.ts";
import type { Storage } from "../storage/mod.ts";
import { STREAM } from "../shared/live_states.ts";
import type { LiveConfig } from "./config.ts";
import { hashStreamKey, STREAM_KEY_PATTERN } from "./keys.ts";
import { liveLadder } from "./ladder.ts";
import { startRun } from "./packager.ts";
import type { LiveRun } from "./packager.ts";
import { avcFacts, flvHeader, flvTag, rtmpConnection } from "./_rtmp.ts";
import {
  type Claim,
  claimPublisher,
  endStream,
  releasePublisher,
  renewPublisher,
  setSourceHeight,
} from "./session.ts";

/** What the ingest needs. */
export interface IngestDeps {
  sql: Sql;
  storage: Storage;
  config: LiveConfig;
  ffmpegPath: string;
  tmpDir?: string;
  preset?: string;
}

/** A running ingest. */
export interface Ingest {
  port: number;
  close(): Promise<void>;
}

const LEASE_MS = 6_000;
const RENEW_MS = 2_000;
/** How much of the bitrate limit a publisher may use before it is dropped (encoders burst). */
const BITRATE_TOLERANCE = 1.5;
/** Bitrate is judged over this window. */
const BITRATE_WINDOW_MS = 10_000;

/** The ingest of a process's services and configuration (`deno task dev`, `deno task ingest`). */
export function startConfiguredIngest(
  services: { db: { sql: Sql }; storage: Storage },
  config: Config,
): Promise<Ingest> {
  return startIngest({
    sql: services.db.sql,
    storage: services.storage,
    config: config.live,
    ffmpegPath: config.ffmpegPath,
    tmpDir: config.worker.tmpDir,
    preset: config.media.preset,
  });
}

/** Starts the RTMP ingest on `config.rtmpPort` (0: a free port, see `port`). */
export async function startIngest(deps: IngestDeps): Promise<Ingest> {
  const sockets = new Set<Socket>();
  const publishers = new Set<Promise<void>>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (fn: () => Promise<void>, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn().catch((err) => log("warn", "live ingest timer failed", { err }));
    }, ms);
    timers.add(t);
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    const done = handleConnection(deps, { later }, socket).catch((err) =>
      log("warn", "live ingest connection failed", { err })
    ).finally(() => {
      sockets.delete(socket);
      publishers.delete(done);
    });
    publishers.add(done);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(deps.config.rtmpPort, deps.config.rtmpHost, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : deps.config.rtmpPort;
  log("info", "live ingest listening", { port });
  return {
    port,
    async close() {
      // close() waits for open connections: cut the publishers off first.
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const s of sockets) s.destroy();
      await closed;
      await Promise.allSettled([...publishers]);
      for (const t of timers) clearTimeout(t);
    },
  };
}

/** One connection, from handshake to close. */
async function handleConnection(
  deps: IngestDeps,
  ctx: { later: (fn: () => Promise<void>, ms: number) => void },
  socket: Socket,
): Promise<void> {
  const publisherId = crypto.randomUUID();
  const idleMs = deps.config.idleTimeoutS * 1000;
  let claim: Claim | undefined;
  let run: LiveRun | undefined;
  let starting: Promise<void> | undefined;
  const pending: Uint8Array[] = [];
  let headers: { video?: Uint8Array; audio?: Uint8Array } = {};
  let lastDataAt = Date.now();
  const window: { at: number; bytes: number }[] = [];

  const conn = rtmpConnection(socket, {
    gate: async (name) => {
      if (!STREAM_KEY_PATTERN.test(name)) {
        log("info", "live publish refused", { reason: "malformed-key" });
        return false;
      }
      const result = await claimPublisher(deps.sql, hashStreamKey(name), {
        publisherId,
        leaseMs: LEASE_MS,
        maxConcurrent: deps.config.maxConcurrent,
        idleMs,
      });
      if (typeof result === "string") {
        log("info", "live publish refused", { reason: result });
        return false;
      }
      claim = result;
      log("info", "live publisher connected", { videoId: claim.videoId, run: claim.run });
      return true;
    },
    onPacket: (packet) => {
      if (!claim || packet.codec_type === 18) return;
      lastDataAt = Date.now();
      window.push({ at: lastDataAt, bytes: packet.size });
      if (run) return run.write(flvTag(packet));
      if (packet.codec_type === 9 && packet.flags === 2) headers.video = flvTag(packet);
      else if (packet.codec_type === 8 && packet.flags === 0) headers.audio = flvTag(packet);
      else if (headers.video && packet.codec_type === 9 && packet.flags === 3 && !starting) {
        pending.push(flvTag(packet));
        starting = begin();
      } else if (starting) pending.push(flvTag(packet));
    },
  });

  const begin = async () => {
    const c = claim!;
    const facts = avcFacts(headers.video!.subarray(11)) ??
      { width: 1280, height: 720, webSafe: false };
    const height = c.sourceHeight ?? facts.height;
    await setSourceHeight(deps.sql, c.videoId, facts.height);
    const audio = Boolean(headers.audio);
    const rungs = liveLadder({
      width: Math.round(facts.width * height / facts.height),
      height,
      webSafe: facts.webSafe && facts.height === height,
      audio,
    }, { passthrough: !deps.config.lowLatency });
    const r = await startRun(
      { ...deps, segmentS: deps.config.lowLatency ? 1 : 2 },
      { videoId: c.videoId, run: c.run, rungs, audio, startedAt: Date.now() },
    );
    r.write(flvHeader(audio));
    r.write(headers.video!);
    if (headers.audio) r.write(headers.audio);
    for (const tag of pending.splice(0)) r.write(tag);
    run = r;
  };

  socket.on("data", (data: Uint8Array) => {
    const err = conn.feed(data);
    if (err) socket.destroy();
  });
  const closed = new Promise<void>((resolve) => {
    socket.on("close", () => resolve());
    socket.on("error", () => socket.destroy());
  });

  const heartbeat = setInterval(async () => {
    if (!claim) return;
    const now = Date.now();
    while (window.length && window[0].at < now - BITRATE_WINDOW_MS) window.shift();
    const kbps = window.reduce((n, w) => n + w.bytes, 0) * 8 / BITRATE_WINDOW_MS;
    if (kbps > deps.config.maxBitrateKbps * BITRATE_TOLERANCE) {
      log("info", "live publisher over the bitrate limit", { videoId: claim.videoId, kbps });
      return socket.destroy();
    }
    if (now - lastDataAt > idleMs) {
      await endStream(deps.sql, claim.videoId, { reason: "No data arrived for too long." });
      return socket.destroy();
    }
    const state = await renewPublisher(deps.sql, claim.videoId, {
      publisherId,
      leaseMs: LEASE_MS,
      dataFlowing: now - lastDataAt < RENEW_MS * 1.5,
    }).catch(() => STREAM.starting);
    if (state === undefined || state === STREAM.ended) socket.destroy();
  }, RENEW_MS);

  await closed;
  clearInterval(heartbeat);
  if (!claim) return;
  await starting?.catch((err) => log("warn", "live packaging did not start", { err }));
  await run?.finish();
  await releasePublisher(deps.sql, claim.videoId, publisherId);
  log("info", "live publisher left", { videoId: claim.videoId, run: claim.run });
  headers = {};
  // The encoder has the idle timeout to come back; the sweep is the safety net if this process dies.
  const videoId = claim.videoId;
  ctx.later(async () => {
    const [row] = await deps.sql<{ waiting: boolean }[]>`
      select state = ${STREAM.reconnecting} and publisher_id is null
        and last_data_at < now() - ${idleMs * 0.9}::float8 * interval '1 millisecond' as waiting
      from live_streams where video_id = ${videoId}`;
    if (row?.waiting) {
      await endStream(deps.sql, videoId, { reason: "The encoder did not come back." });
    }
  }, idleMs);
}
