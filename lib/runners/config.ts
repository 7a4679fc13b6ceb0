import { z } from "zod";
import { ConfigError } from "../config.ts";
import { RUNNER_TOKEN_PATTERN } from "./tokens.ts";

/** What a remote runner needs besides the media settings every worker reads (lib/config.ts). */
export interface RunnerConfig {
  /** The web tier's address (through the load balancer). */
  url: string;
  token: string;
  /** Shown on the admin pages as part of the worker id of the jobs it holds. */
  name: string;
}

const schema = z.object({
  VIDEOFLOW_URL: z.url({ protocol: /^https?$/ }),
  RUNNER_TOKEN: z.string().regex(RUNNER_TOKEN_PATTERN, "must be a token from /admin/runners"),
  RUNNER_NAME: z.string().regex(/^[\w.-]{1,64}$/, "letters, digits, '.', '_' or '-'").optional(),
});

/**
 * Reads VIDEOFLOW_URL, RUNNER_TOKEN and RUNNER_NAME (default: the host name);
 * a ConfigError names each offending variable.
 */
export function runnerConfig(env: Record<string, string | undefined>): RunnerConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v));
  const r = schema.safeParse(present);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid runner configuration: ${lines.join("; ")}`);
  }
  const host = Deno.hostname().replace(/[^\w.-]/g, "-").slice(0, 64) || "runner";
  return {
    url: r.data.VIDEOFLOW_URL,
    token: r.data.RUNNER_TOKEN,
    name: r.data.RUNNER_NAME ?? host,
  };
}
