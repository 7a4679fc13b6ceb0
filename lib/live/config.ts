/**
 * Live streaming's configuration (README's env table): read from the same
 * environment as lib/config.ts, which calls liveConfigFrom() for its `live` part.
 */
import { z } from "zod";
import { ConfigError } from "../config.ts";

/** Where the RTMP ingest listens and what one creator may push. */
export interface LiveConfig {
  /** The ingest's TCP port (RTMP_PORT); 0 picks a free one (tests). */
  rtmpPort: number;
  /** The address the ingest binds (RTMP_HOST). */
  rtmpHost: string;
  /** The URL shown to creators for their encoder (LIVE_RTMP_URL), without the key. */
  rtmpUrl: string;
  /** Streams one creator may have on air at once (LIVE_MAX_CONCURRENT). */
  maxConcurrent: number;
  /** Highest ingest bitrate a publisher may sustain, in kbit/s (LIVE_MAX_BITRATE_KBPS). */
  maxBitrateKbps: number;
  /** Seconds without data after which a stream ends (LIVE_IDLE_TIMEOUT_S). */
  idleTimeoutS: number;
  /**
   * Lowest latency (LIVE_LOW_LATENCY): every rung encoded with 1 s segments
   * instead of the source passed through in 2 s ones (more CPU, ~2 s less delay).
   */
  lowLatency: boolean;
}

const schema = z.object({
  RTMP_PORT: z.coerce.number().int().min(0).max(65535).default(1935),
  RTMP_HOST: z.string().default("127.0.0.1"),
  LIVE_RTMP_URL: z.string().regex(/^rtmps?:\/\/[^\s]+$/).optional(),
  LIVE_MAX_CONCURRENT: z.coerce.number().int().min(1).max(100).default(1),
  LIVE_MAX_BITRATE_KBPS: z.coerce.number().int().min(100).max(100_000).default(8000),
  LIVE_IDLE_TIMEOUT_S: z.coerce.number().int().min(5).max(600).default(30),
  LIVE_LOW_LATENCY: z.enum(["true", "false"]).default("false"),
});

/** The live configuration from environment variables (throws on an invalid value, naming it). */
export function liveConfigFrom(env: Record<string, string | undefined>): LiveConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join("; ")}`);
  }
  const e = parsed.data;
  const host = e.RTMP_HOST === "0.0.0.0" || e.RTMP_HOST === "::" ? "localhost" : e.RTMP_HOST;
  return {
    rtmpPort: e.RTMP_PORT,
    rtmpHost: e.RTMP_HOST,
    rtmpUrl: (e.LIVE_RTMP_URL ?? `rtmp://${host}:${e.RTMP_PORT}/live`).replace(/\/+$/, ""),
    maxConcurrent: e.LIVE_MAX_CONCURRENT,
    maxBitrateKbps: e.LIVE_MAX_BITRATE_KBPS,
    idleTimeoutS: e.LIVE_IDLE_TIMEOUT_S,
    lowLatency: e.LIVE_LOW_LATENCY === "true",
  };
}
