/**
 * The web tier's runner API seen as the three things the worker code already
 * takes: a RunnerLedger for the queue loop (lib/queue/runner.ts), and for each
 * job a TranscodeCatalog and a JobStorage for the transcode handler
 * (workers/transcode.ts). So a remote runner runs the same loop and the same
 * handler as a local worker; only these adapters differ.
 */
import { AuthenticationError, ConflictError } from "../lib/errors.ts";
import type { Claim, FailOutcome, Job, RunnerLedger } from "../lib/queue/mod.ts";
import { contentTypeFor } from "../lib/storage/keys.ts";
import type { JobStorage, ObjectBody } from "../lib/storage/types.ts";
import type { TranscodeCatalog } from "../lib/videos/transcode_catalog.ts";
import type { RunnerHttp } from "./_runner_http.ts";

interface ClaimAnswer {
  job: Pick<Job, "id" | "kind" | "payload" | "videoId" | "attempts" | "cost" | "timeLimitMs"> & {
    ownerId: string;
  };
  lease: { token: string; workerId: string; expiresAt: string };
}

/** A lost lease (409) or a revoked token (401): the job is someone else's now. */
function isLost(err: unknown): boolean {
  return err instanceof ConflictError || err instanceof AuthenticationError;
}

async function orLost<T>(fn: () => Promise<T>, lost: T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isLost(err)) return lost;
    throw err;
  }
}

/** The queue ledger over HTTP; `name` identifies this runner's claims. */
export function httpLedger(http: RunnerHttp, name: string): RunnerLedger {
  const onJob = (claim: Claim, op: string, json?: unknown) =>
    http.call(`jobs/${claim.job.id}/${op}`, { lease: claim.lease.token, json });
  return {
    async claim(_workerId, options) {
      const res = await http.call("claim", { json: { name, lane: options.lane } });
      if (res.status === 204) return undefined;
      const got = await res.json() as ClaimAnswer;
      const now = new Date();
      const job: Job = {
        ...got.job,
        state: "running",
        priority: 0,
        maxAttempts: 0,
        runAt: now,
        workerId: got.lease.workerId,
        leaseToken: got.lease.token,
        leaseExpiresAt: new Date(got.lease.expiresAt),
        cancelRequested: false,
        progress: 0,
        error: null,
        createdAt: now,
        startedAt: now,
        finishedAt: null,
      };
      return {
        job,
        lease: { jobId: job.id, workerId: got.lease.workerId, token: got.lease.token },
      };
    },
    renew: (claim) =>
      orLost(async () => {
        const res = await onJob(claim, "renew");
        return (await res.json() as { state: "ok" | "cancelled" }).state;
      }, "lost" as const),
    complete: (claim) => orLost(async () => (await onJob(claim, "complete"), true), false),
    cancelled: (claim) =>
      orLost(async () => (await onJob(claim, "release", { reason: "cancelled" }), true), false),
    release: (claim) =>
      orLost(async () => (await onJob(claim, "release", { reason: "shutdown" }), true), false),
    fail: (claim, options) =>
      orLost(async (): Promise<FailOutcome> => {
        const res = await onJob(claim, "fail", {
          error: options.error.slice(0, 2000),
          permanent: Boolean(options.permanent),
        });
        const { outcome } = await res.json() as { outcome: FailOutcome["outcome"] };
        // The web tier ran the dead-letter consequences (the video fails) itself.
        if (outcome === "dead") return { outcome, dead: { job: claim.job, reason: options.error } };
        if (outcome === "retry") return { outcome, runAt: new Date() };
        return { outcome: "lost" };
      }, { outcome: "lost" }),
  };
}

/** The transcode handler's catalog for one held job, over HTTP. */
export function httpCatalog(http: RunnerHttp, claim: { id: string; lease: string }) {
  const op = async <T>(json: Record<string, unknown>): Promise<T> => {
    const res = await http.call(`jobs/${claim.id}/catalog`, { lease: claim.lease, json });
    return (await res.json() as { result: T }).result;
  };
  const ok = async (json: Record<string, unknown>) => (await op<{ ok: boolean }>(json)).ok;
  const catalog: TranscodeCatalog = {
    async source() {
      const r = await op<{ sourceKey: string | null; gone: boolean }>({ op: "source" });
      return r.gone ? undefined : r.sourceKey;
    },
    started: () => ok({ op: "started" }),
    progress: async (report) => void await ok({ op: "progress", ...report }),
    async frames(frames, options) {
      const r = await op<{ key: string | null }>({ op: "frames", frames, auto: options.auto });
      return r.key ?? undefined;
    },
    measured: (facts) => op({ op: "measured", ...facts }),
    publishMaster: async (o) => void await ok({ op: "master", ...o }),
    ready: (keys) => ok({ op: "finished", ...keys }),
    exists: () => ok({ op: "exists" }),
  };
  return catalog;
}

/** The job's storage over HTTP: its source through a signed URL, its outputs through the API. */
export function httpJobStorage(http: RunnerHttp, claim: { id: string; lease: string }): JobStorage {
  const objects = (method: string, key: string, bytes?: Uint8Array | string) =>
    http.call(`jobs/${claim.id}/objects`, { method, lease: claim.lease, query: { key }, bytes });
  return {
    async get(key): Promise<ObjectBody | undefined> {
      const res = await http.call(`jobs/${claim.id}/download`, {
        lease: claim.lease,
        json: { key },
      });
      const { url } = await res.json() as { url: string };
      const got = await http.download(url);
      if (!got?.body) return undefined;
      return {
        key,
        size: Number(got.headers.get("content-length") ?? 0),
        etag: got.headers.get("etag") ?? "",
        contentType: got.headers.get("content-type") ?? contentTypeFor(key),
        lastModified: new Date(got.headers.get("last-modified") ?? Date.now()),
        body: got.body,
      };
    },
    async put(key, body) {
      // Outputs are segments, playlists and images: bytes in hand, so a call can be retried.
      const bytes = body instanceof ReadableStream
        ? new Uint8Array(await new Response(body).arrayBuffer())
        : body;
      await (await objects("PUT", key, bytes)).body?.cancel();
    },
    async delete(key) {
      await (await objects("DELETE", key)).body?.cancel();
    },
    async *list(prefix) {
      let after: string | undefined;
      do {
        const res = await http.call(`jobs/${claim.id}/objects`, {
          method: "GET",
          lease: claim.lease,
          query: { after },
        });
        const page = await res.json() as {
          objects: { key: string; size: number }[];
          next: string | null;
        };
        for (const o of page.objects) if (o.key.startsWith(prefix)) yield o;
        after = page.next ?? undefined;
      } while (after);
    },
  };
}
