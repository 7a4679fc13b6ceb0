import { freePort } from "./postgres.ts";

const TEMPLATE = new URL("../../deploy/nginx/videoflow.conf.template", import.meta.url);

/** nginx running the shipped CDN example in front of `upstream` ("host:port", or several). */
export async function startNginx(
  upstream: string | string[],
  options: { cacheLog?: string } = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  const prefix = await Deno.makeTempDir({ prefix: "vf-nginx-" });
  // Workers run as an unprivileged user when nginx starts as root: let them write here.
  await Deno.chmod(prefix, 0o777);
  await Deno.mkdir(`${prefix}/cache`, { mode: 0o777 });
  await Deno.chmod(`${prefix}/cache`, 0o777);
  const port = freePort();
  const vars: Record<string, string> = {
    LISTEN: `127.0.0.1:${port}`,
    UPSTREAM: [upstream].flat().map((u) => `server ${u} max_fails=1 fail_timeout=5s;`)
      .join("\n    "),
    CACHE_DIR: `${prefix}/cache`,
    PREFIX: prefix,
  };
  const conf = (await Deno.readTextFile(TEMPLATE)).replace(
    /\$\{(\w+)\}/g,
    (_, k: string) => vars[k],
  );
  // A benchmark counts cache hits from nginx's own log: one `$upstream_cache_status` a request.
  const logged = options.cacheLog
    ? conf.replace(
      "access_log off;",
      `log_format vf_cache '$upstream_cache_status $status $uri';\n` +
        `  access_log ${options.cacheLog} vf_cache buffer=256k flush=1s;`,
    )
    : conf;
  await Deno.writeTextFile(`${prefix}/nginx.conf`, logged);
  const child = new Deno.Command("/usr/sbin/nginx", {
    args: ["-p", prefix, "-c", `${prefix}/nginx.conf`, "-g", "daemon off;"],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0;; i++) {
    try {
      await Deno.connect({ hostname: "127.0.0.1", port }).then((c) => c.close());
      break;
    } catch (err) {
      if (i > 100) {
        child.kill();
        throw new Error(`nginx did not start: ${err}; ${await new Response(child.stderr).text()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await child.stderr.cancel().catch(() => {});
      await Deno.remove(prefix, { recursive: true }).catch(() => {});
    },
  };
}
