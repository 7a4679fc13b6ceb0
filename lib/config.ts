import { z } from "zod";
import { setLogLevel } from "./log.ts";
import { type BillingConfig, billingFromEnv } from "./billing/config.ts";
import { type LiveConfig, liveConfigFrom } from "./live/config.ts";

/** Raised when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const bool = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) =>
  v === "true" || v === "1" || v === "yes"
);
const optionalUrl = z.url().optional();
/** A byte quota: -1 means unlimited (PeerTube's convention). */
const quotaBytes = z.coerce.number().int().min(-1).max(2 ** 53 - 1);

/** Every environment variable VideoFlow reads, with its embedded default. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_URL: optionalUrl,
  MEDIA_BASE_URL: optionalUrl,
  DATA_DIR: z.string().min(1).default("./data"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres://")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // Web-tier isolates sharing the port (web_tier.ts): one per core, like nginx's workers.
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  S3_BUCKET: z.string().min(3).optional(),
  S3_ENDPOINT: optionalUrl,
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.optional(),
  KV_URL: z.string().min(1).optional(),
  SIGNING_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  FFMPEG_PATH: z.string().min(1).default("ffmpeg"),
  FFPROBE_PATH: z.string().min(1).default("ffprobe"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ADMIN_EMAIL: z.email().optional(),
  NEW_USER_ROLE: z.enum(["viewer", "creator"]).default("creator"),
  MODERATION: z.enum(["off", "pre"]).default("off"),
  REGISTRATION: z.enum(["open", "invite", "closed"]).default("open"),
  ENFORCE_CATEGORY_ACCESS: bool.default(false),
  TRUST_PROXY: bool.default(false),
  RATE_LIMIT_AUTH: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_API_USER: z.coerce.number().int().min(1).default(100),
  RATE_LIMIT_API_IP: z.coerce.number().int().min(1).default(1000),
  RATE_LIMIT_STORAGE_PARTS: z.coerce.number().int().min(1).default(600),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  WORKER_POLL_MS: z.coerce.number().int().min(20).max(10_000).default(200),
  WORKER_TMP_DIR: z.string().min(1).optional(),
  JOB_LEASE_S: z.coerce.number().min(1).max(3600).default(30),
  JOB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  JOB_RETRY_BASE_S: z.coerce.number().min(0).max(3600).default(10),
  FFMPEG_PRESET: z.enum(["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow"])
    .default("veryfast"),
  MEDIA_MAX_DIMENSION: z.coerce.number().int().min(16).max(16384).default(7680),
  MEDIA_MAX_DURATION_S: z.coerce.number().min(1).default(4 * 3600),
  MEDIA_MAX_FRAMES: z.coerce.number().int().min(1).default(1_000_000),
  MEDIA_TIME_LIMIT_FACTOR: z.coerce.number().min(0.1).max(1000).default(10),
  // Address space, not RSS: a 1080p ladder maps 1.6–2.2 GB for 0.5–0.9 GB resident (DESIGN.md).
  MEDIA_FFMPEG_MAX_MEMORY_MB: z.coerce.number().int().min(256).max(1024 * 1024).default(8192),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1).max(5 * 1024 ** 4).default(2 * 1024 ** 3),
  UPLOAD_URL_TTL_S: z.coerce.number().int().min(10).max(7 * 24 * 3600).default(900),
  UPLOAD_RECEIVE_CONCURRENCY: z.coerce.number().int().min(0).max(10_000).default(8),
  UPLOAD_RECEIVE_WAIT_S: z.coerce.number().int().min(1).max(3600).default(60),
  UPLOAD_RECEIVE_GC_MIB: z.coerce.number().int().min(0).max(1024 * 1024).default(1024),
  VIDEO_QUOTA_BYTES: quotaBytes.default(50 * 1024 ** 3),
  VIDEO_QUOTA_DAILY_BYTES: quotaBytes.default(10 * 1024 ** 3),
  MAX_OPEN_UPLOADS: z.coerce.number().int().min(1).max(1000).default(5),
  // Job fairness and cost budgets (lib/queue/, lib/videos/transcode_job.ts).
  JOB_OWNER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  JOB_SHORT_LANE_PIXELS: z.coerce.number().min(0).default(7.5e9),
  MEDIA_MAX_PIXELS: z.coerce.number().min(1).default(5e11),
  JOB_RETENTION_DAYS: z.coerce.number().min(0.01).max(3650).default(30),
  // Analytics (lib/analytics/): raw events kept this long (rollups forever), rollup period.
  ANALYTICS_RAW_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  ANALYTICS_ROLLUP_EVERY_S: z.coerce.number().int().min(10).max(86_400).default(300),
  HTTP_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 ** 2).default(128 * 1024),
  HTTP_BODY_TIMEOUT_S: z.coerce.number().min(1).max(3600).default(30),
  // Mail (lib/mail/): SMTP when SMTP_URL is set, else the outbox directory under DATA_DIR.
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, "must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().min(3).max(320).regex(/^[^\r\n]+$/, "must be one line").optional(),
  REQUIRE_EMAIL_VERIFICATION: bool.optional(),
  RATE_LIMIT_MAIL: z.coerce.number().int().min(1).default(5),
  // Prometheus /metrics (lib/metrics/): 404 unless a token is set or a port of its own.
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").max(256)
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces").optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  // Set only by `deno task dev`: the outbox is readable at /dev/mail.
  DEV_MAIL_VIEWER: bool.default(false),
});

/** Upload quotas (PeerTube's semantics: bytes, -1 = unlimited). */
export interface UploadQuotas {
  /** Bytes a user may store: finished videos plus the declared size of open uploads. */
  videoQuota: number;
  /** Bytes a user may start uploading in any 24 hours. */
  videoQuotaDaily: number;
  /** Unfinished uploads a user may have open at once. */
  maxOpenUploads: number;
}

/** How mail leaves (lib/mail/) and what accounts must do with it (lib/auth/). */
export interface MailConfig {
  /** smtp(s)://user:pass@host:port; unset: messages are written to `outboxDir`. */
  smtpUrl?: string;
  /** The From header, e.g. `VideoFlow <no-reply@example.com>`. */
  from: string;
  outboxDir: string;
  /** Serve the outbox at /dev/mail (`deno task dev` only). */
  devViewer: boolean;
  /** Unverified accounts may not upload (or comment). */
  requireVerification: boolean;
  /** Mails one address may be sent per hour by the mail-sending endpoints. */
  perAddressPerHour: number;
}

/** The validated configuration; derived values are filled in. */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  /** Where players fetch /media from: "" (this origin) or a CDN's origin. */
  mediaBaseUrl: string;
  dataDir: string;
  logLevel: "debug" | "info" | "warn" | "error";
  /** WEB_CONCURRENCY: isolates serving HTTP on the port; jobs, ingest and schedules run once. */
  webConcurrency: number;
  database: { url?: string; poolSize: number };
  storage:
    | {
      kind: "local";
      root: string;
      /**
       * Part bodies received at once (0: no cap), how long a part waits for a turn, and the
       * MiB received between two full garbage collections (0: none).
       */
      receive?: { concurrency: number; waitS: number; gcMib: number };
    }
    | {
      kind: "s3";
      bucket: string;
      endpoint?: string;
      region: string;
      accessKeyId?: string;
      secretAccessKey?: string;
      forcePathStyle: boolean;
    };
  kvPath: string;
  signingSecret?: string;
  ffmpegPath: string;
  ffprobePath: string;
  auth: {
    /** Key for access tokens; generated into DATA_DIR when unset. */
    secret?: string;
    /** This account is made an admin (at sign-up and at start-up). */
    adminEmail?: string;
    newUserRole: "viewer" | "creator";
  };
  /**
   * Initial instance settings (MODERATION, REGISTRATION): written to the database at start-up when
   * it has none; admins change them on /admin/settings afterwards.
   */
  instance: { moderation: "off" | "pre"; registration: "open" | "invite" | "closed" };
  /**
   * ENFORCE_CATEGORY_ACCESS: users see only their access group's videos (lib/videos/access.ts);
   * off, access groups are informational.
   */
  enforceCategoryAccess: boolean;
  /** Take the client address from X-Forwarded-For (behind a trusted proxy). */
  trustProxy: boolean;
  /**
   * Requests per minute: sign-in/sign-up per IP and per account, the API per user and per IP,
   * local-storage part PUTs per IP.
   */
  rateLimits: { auth: number; apiUser: number; apiIp: number; storageParts: number };
  worker: {
    concurrency: number;
    pollMs: number;
    /** Where jobs keep their temporary files; the OS temp dir when unset. */
    tmpDir?: string;
    leaseMs: number;
    maxAttempts: number;
    retryBaseMs: number;
  };
  media: {
    preset: string;
    /** Longest side, in pixels, that an input may have. */
    maxDimension: number;
    maxDurationS: number;
    maxFrames: number;
    /** A job may take this many times its cost in seconds of 1080p30 (plus a fixed minute). */
    timeLimitFactor: number;
    /** Address-space cap of each ffmpeg a worker runs (prlimit --as), in bytes. */
    ffmpegMaxMemoryBytes: number;
  };
  /** Job scheduling: fairness between owners and what a job may cost. */
  jobs: {
    /** Running jobs one owner may have at once, across every worker. */
    ownerConcurrency: number;
    /** Jobs costing more pixels (width × height × fps × seconds) than this are in the long lane. */
    shortLanePixels: number;
    /** Most pixels one transcode may decode; costlier sources are refused. */
    maxPixels: number;
    /** Succeeded and cancelled jobs are deleted this long after they finished. */
    retentionMs: number;
  };
  uploads: {
    /** Largest upload accepted, in bytes. */
    maxBytes: number;
    /** Lifetime of a presigned part URL, in seconds. */
    urlTtlS: number;
  };
  /** Instance defaults; admins override the byte quotas per user. -1 = unlimited. */
  quotas: UploadQuotas;
  mail: MailConfig;
  /** Raw player events: days kept (their partitions are then dropped) and the rollup period. */
  analytics: { rawRetentionDays: number; rollupEveryMs: number };
  http: {
    /** Default cap on a request body (routes that need more say so in app.ts). */
    maxBodyBytes: number;
    /** How long a (default-sized) request body may take to arrive, in ms. */
    bodyTimeoutMs: number;
  };
  /** /metrics: with a token, on the main port behind it (Bearer); with a port, on its own listener. */
  metrics: { token?: string; port?: number };
  /** Premium through Stripe (lib/billing/config.ts); undefined: premium is hidden. */
  billing?: BillingConfig;
  /** Live streaming: the RTMP ingest and per-creator limits (lib/live/config.ts). */
  live: LiveConfig;
}

/**
 * Reads the configuration from environment variables, validated with zod.
 * Throws a ConfigError whose message names each offending variable.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join("; ")}`);
  }
  const e = parsed.data;
  const billing = billingFromEnv(present as Record<string, string>);
  if (billing.issues.length) {
    throw new ConfigError(`Invalid configuration: ${billing.issues.join("; ")}`);
  }
  if (e.S3_ENDPOINT && !e.S3_BUCKET) {
    throw new ConfigError("Invalid configuration: S3_BUCKET: required when S3_ENDPOINT is set");
  }
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError(
      "Invalid configuration: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together",
    );
  }
  if (e.WEB_CONCURRENCY > 1 && !e.DATABASE_URL) {
    throw new ConfigError(
      "Invalid configuration: WEB_CONCURRENCY: above 1 needs DATABASE_URL (the embedded database serves one connection)",
    );
  }
  const dataDir = e.DATA_DIR.replace(/\/+$/, "");
  const shownHost = e.HOST === "0.0.0.0" || e.HOST === "::" ? "localhost" : e.HOST;
  const publicUrl = (e.PUBLIC_URL ?? `http://${shownHost}:${e.PORT}`).replace(/\/+$/, "");
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    mediaBaseUrl: (e.MEDIA_BASE_URL ?? "").replace(/\/+$/, ""),
    dataDir,
    logLevel: e.LOG_LEVEL,
    webConcurrency: e.WEB_CONCURRENCY,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    storage: e.S3_BUCKET
      ? {
        kind: "s3",
        bucket: e.S3_BUCKET,
        endpoint: e.S3_ENDPOINT,
        region: e.S3_REGION,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        forcePathStyle: e.S3_FORCE_PATH_STYLE ?? Boolean(e.S3_ENDPOINT),
      }
      : {
        kind: "local",
        root: `${dataDir}/objects`,
        receive: {
          concurrency: e.UPLOAD_RECEIVE_CONCURRENCY,
          waitS: e.UPLOAD_RECEIVE_WAIT_S,
          gcMib: e.UPLOAD_RECEIVE_GC_MIB,
        },
      },
    kvPath: e.KV_URL ?? `${dataDir}/kv.sqlite3`,
    signingSecret: e.SIGNING_SECRET,
    ffmpegPath: e.FFMPEG_PATH,
    ffprobePath: e.FFPROBE_PATH,
    auth: {
      secret: e.AUTH_SECRET,
      adminEmail: e.ADMIN_EMAIL?.trim().toLowerCase(),
      newUserRole: e.NEW_USER_ROLE,
    },
    instance: { moderation: e.MODERATION, registration: e.REGISTRATION },
    enforceCategoryAccess: e.ENFORCE_CATEGORY_ACCESS,
    trustProxy: e.TRUST_PROXY,
    rateLimits: {
      auth: e.RATE_LIMIT_AUTH,
      apiUser: e.RATE_LIMIT_API_USER,
      apiIp: e.RATE_LIMIT_API_IP,
      storageParts: e.RATE_LIMIT_STORAGE_PARTS,
    },
    worker: {
      concurrency: e.WORKER_CONCURRENCY,
      pollMs: e.WORKER_POLL_MS,
      tmpDir: e.WORKER_TMP_DIR,
      leaseMs: Math.round(e.JOB_LEASE_S * 1000),
      maxAttempts: e.JOB_MAX_ATTEMPTS,
      retryBaseMs: Math.round(e.JOB_RETRY_BASE_S * 1000),
    },
    media: {
      preset: e.FFMPEG_PRESET,
      maxDimension: e.MEDIA_MAX_DIMENSION,
      maxDurationS: e.MEDIA_MAX_DURATION_S,
      maxFrames: e.MEDIA_MAX_FRAMES,
      timeLimitFactor: e.MEDIA_TIME_LIMIT_FACTOR,
      ffmpegMaxMemoryBytes: e.MEDIA_FFMPEG_MAX_MEMORY_MB * 1024 * 1024,
    },
    uploads: { maxBytes: e.MAX_UPLOAD_BYTES, urlTtlS: e.UPLOAD_URL_TTL_S },
    quotas: {
      videoQuota: e.VIDEO_QUOTA_BYTES,
      videoQuotaDaily: e.VIDEO_QUOTA_DAILY_BYTES,
      maxOpenUploads: e.MAX_OPEN_UPLOADS,
    },
    jobs: {
      ownerConcurrency: e.JOB_OWNER_CONCURRENCY,
      shortLanePixels: e.JOB_SHORT_LANE_PIXELS,
      maxPixels: e.MEDIA_MAX_PIXELS,
      retentionMs: Math.round(e.JOB_RETENTION_DAYS * 86_400_000),
    },
    analytics: {
      rawRetentionDays: e.ANALYTICS_RAW_RETENTION_DAYS,
      rollupEveryMs: e.ANALYTICS_ROLLUP_EVERY_S * 1000,
    },
    http: { maxBodyBytes: e.HTTP_MAX_BODY_BYTES, bodyTimeoutMs: e.HTTP_BODY_TIMEOUT_S * 1000 },
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT },
    billing: billing.config,
    live: liveConfigFrom(present),
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM ?? `VideoFlow <no-reply@${new URL(publicUrl).hostname}>`,
      outboxDir: `${dataDir}/outbox`,
      devViewer: e.DEV_MAIL_VIEWER,
      // Without a mail server nobody could verify, so verification is only required with one.
      requireVerification: e.REQUIRE_EMAIL_VERIFICATION ?? Boolean(e.SMTP_URL),
      perAddressPerHour: e.RATE_LIMIT_MAIL,
    },
  };
}

/**
 * For entry points: the configuration from this process's environment, with
 * the log level applied; invalid configuration prints its one-line message and
 * exits with status 1.
 */
export function configFromEnv(): Config {
  try {
    const config = loadConfig(Deno.env.toObject());
    setLogLevel(config.logLevel);
    return config;
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    Deno.exit(1);
  }
}
