/** Helpers for upload tests: the app served on a port, accounts, S3 buckets, padded clips. */
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from "@aws-sdk/client-s3";
import { createApp } from "../../app.ts";
import { S3Storage } from "../../lib/storage/s3.ts";
import type { Services } from "../../lib/services.ts";
import { GOOD_PASSWORD, testEmail } from "./client.ts";
import { makeClip } from "./clips.ts";
import { freePort } from "./postgres.ts";
import { openTestServices } from "./services.ts";
import { signUpAndIn } from "./accounts.ts";

/** The app on a loopback port, with PUBLIC_URL = that origin so local part URLs resolve. */
export interface UploadServer {
  services: Services & { dir: string };
  app: ReturnType<typeof createApp>;
  origin: string;
  close(): Promise<void>;
}

/** Serves createApp() on a free port, on local storage or (mode "s3") a fresh s3rver bucket. */
export async function serveUploads(
  options: {
    mode?: "local" | "s3";
    maxUploadBytes?: number;
    quotas?: Partial<Services["config"]["quotas"]>;
    rateLimits?: { storageParts?: number };
    /** The web tier's ffprobe (a missing one: the inspection cannot run). */
    ffprobePath?: string;
  } = {},
): Promise<UploadServer> {
  const port = freePort();
  const origin = `http://127.0.0.1:${port}`;
  const services = await openTestServices({ publicUrl: origin });
  if (options.mode === "s3") services.storage = await s3Bucket();
  if (options.maxUploadBytes) services.config.uploads.maxBytes = options.maxUploadBytes;
  if (options.ffprobePath) services.config.ffprobePath = options.ffprobePath;
  Object.assign(services.config.quotas, options.quotas);
  const app = createApp(services, {
    rateLimits: { auth: 10_000, apiUser: 10_000, apiIp: 100_000, ...options.rateLimits },
  });
  const server = Deno.serve({ hostname: "127.0.0.1", port, onListen() {} }, app.fetch);
  return {
    services,
    app,
    origin,
    async close() {
      await server.shutdown();
      await services.close();
    },
  };
}

/** Signs up through the API and returns the account's id and a Bearer header. */
export async function bearerAccount(
  server: UploadServer,
  options: { role?: "viewer" | "creator" | "admin" } = {},
): Promise<{ id: string; headers: Record<string, string> }> {
  const email = testEmail("up");
  const r = await signUpAndIn({
    request: (path, init) => server.app.request(`${server.origin}${path}`, init),
  }, {
    headers: { "content-type": "application/json", origin: server.origin },
    body: JSON.stringify({
      email,
      password: GOOD_PASSWORD,
      displayName: "Uploader",
      session: "token",
    }),
  });
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`);
  const body = await r.json();
  if (options.role && options.role !== body.user.role) {
    await server.services.db
      .sql`update users set role = ${options.role} where id = ${body.user.id}`;
  }
  return { id: body.user.id, headers: { authorization: `Bearer ${body.accessToken}` } };
}

/** A fresh s3rver bucket (TEST_S3_ENDPOINT) with the CORS a browser upload needs. */
export async function s3Bucket(): Promise<S3Storage> {
  const endpoint = Deno.env.get("TEST_S3_ENDPOINT");
  if (!endpoint) {
    throw new Error("TEST_S3_ENDPOINT is not set: run the tests with `deno task test`.");
  }
  const bucket = `vf-up-${crypto.randomUUID().slice(0, 8)}`;
  const opts = { endpoint, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  const admin = new S3Client({
    ...opts,
    forcePathStyle: true,
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
  });
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  await admin.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [{
          AllowedOrigins: ["*"],
          AllowedMethods: ["GET", "PUT", "HEAD"],
          AllowedHeaders: ["*"],
          ExposeHeaders: ["ETag"],
        }],
      },
    }),
  );
  admin.destroy();
  return new S3Storage({ ...opts, bucket, forcePathStyle: true });
}

/**
 * A real MP4 clip followed by a `free` box of padding, so that it spans
 * several 8 MiB parts while staying a valid, quick-to-probe video.
 */
export async function paddedClip(
  path: string,
  totalBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  await makeClip(path, { durationS: 2, width: 160, height: 90 });
  const clip = await Deno.readFile(path);
  const pad = totalBytes - clip.length;
  if (pad < 8) return clip;
  const out = new Uint8Array(totalBytes);
  out.set(clip);
  const view = new DataView(out.buffer, clip.length, 8);
  view.setUint32(0, pad);
  out.set(new TextEncoder().encode("free"), clip.length + 4);
  await Deno.writeFile(path, out);
  return out;
}

/** SHA-256 of some bytes, hex. */
export async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}
