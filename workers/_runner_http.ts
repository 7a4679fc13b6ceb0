/**
 * A remote runner's HTTP client for the web tier's runner API
 * (routes/api/v1/runners.ts): the token on every call, the lease on job
 * calls, the API's error envelope turned back into our error types, and
 * retries of what a load balancer or a web instance going away causes
 * (network errors, 502/503/504), so that killing one web instance costs a
 * runner a retry, not a job.
 */
import {
  AppError,
  AuthenticationError,
  ConflictError,
  LimitError,
  NotFoundError,
  PermissionError,
  ValidationError,
} from "../lib/errors.ts";
import { log } from "../lib/log.ts";

/** Where the web tier is and who this runner is. */
export interface RunnerHttpOptions {
  baseUrl: string;
  token: string;
  /** Attempts for a call that failed in transit (default 6). */
  attempts?: number;
}

/** One call: a JSON body or raw bytes, under a job's lease or not. */
export interface RunnerCall {
  method?: string;
  json?: unknown;
  bytes?: Uint8Array | string;
  lease?: string;
  query?: Record<string, string | undefined>;
}

const TRANSIENT = new Set([502, 503, 504]);
const ERRORS: Record<number, new (message: string) => AppError> = {
  400: ValidationError,
  401: AuthenticationError,
  403: PermissionError,
  404: NotFoundError,
  409: ConflictError,
  413: LimitError,
};

/** Calls the runner API; answers a 2xx Response or throws the error the API described. */
export class RunnerHttp {
  readonly #base: string;
  readonly #token: string;
  readonly #attempts: number;

  constructor(options: RunnerHttpOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, "");
    this.#token = options.token;
    this.#attempts = options.attempts ?? 6;
  }

  /** `path` below /api/v1/runners. */
  async call(path: string, call: RunnerCall = {}): Promise<Response> {
    const url = new URL(`${this.#base}/api/v1/runners/${path}`);
    for (const [k, v] of Object.entries(call.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, v);
    }
    const headers: Record<string, string> = { "x-runner-token": this.#token };
    if (call.lease) headers["x-runner-lease"] = call.lease;
    let body: BodyInit | undefined;
    if (call.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(call.json);
    } else if (call.bytes !== undefined) body = call.bytes as BodyInit;
    for (let attempt = 1;; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, { method: call.method ?? "POST", headers, body });
      } catch (err) {
        if (attempt >= this.#attempts) throw err;
        await this.#pause(attempt, { path, err: String(err) });
        continue;
      }
      if (res.ok) return res;
      if (TRANSIENT.has(res.status) && attempt < this.#attempts) {
        await res.body?.cancel();
        await this.#pause(attempt, { path, status: res.status });
        continue;
      }
      throw await errorOf(res);
    }
  }

  /** Fetches a signed URL the API handed out (the source); undefined on a 404. */
  async download(url: string): Promise<Response | undefined> {
    for (let attempt = 1;; attempt++) {
      try {
        const res = await fetch(url);
        if (res.status === 404) {
          await res.body?.cancel();
          return undefined;
        }
        if (res.ok) return res;
        await res.body?.cancel();
        if (!TRANSIENT.has(res.status) || attempt >= this.#attempts) {
          throw new Error(`The source download answered ${res.status}.`);
        }
      } catch (err) {
        if (attempt >= this.#attempts) throw err;
      }
      await this.#pause(attempt, { path: "source download" });
    }
  }

  async #pause(attempt: number, fields: Record<string, unknown>) {
    log("warn", "runner API call failed in transit; retrying", { ...fields, attempt });
    await new Promise((r) => setTimeout(r, Math.min(5000, 200 * 2 ** (attempt - 1))));
  }
}

async function errorOf(res: Response): Promise<Error> {
  let message = `The runner API answered ${res.status}.`;
  try {
    const body = await res.json() as { error?: { message?: unknown } };
    if (typeof body.error?.message === "string") message = body.error.message.slice(0, 1000);
  } catch { /* not the envelope */ }
  const Type = ERRORS[res.status];
  return Type ? new Type(message) : new Error(message);
}
