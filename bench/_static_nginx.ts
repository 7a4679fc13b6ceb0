import { freePort } from "../tests/_harness/postgres.ts";

/**
 * nginx serving `root` as static files (sendfile, no logs), the reference the
 * media benchmarks compare VideoFlow's /media with: same files, same machine.
 */
export async function startStaticNginx(
  root: string,
  options: { workerConnections?: number } = {},
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const prefix = await Deno.makeTempDir({ prefix: "vf-nginx-static-" });
  await Deno.chmod(prefix, 0o777);
  const port = freePort();
  await Deno.writeTextFile(
    `${prefix}/nginx.conf`,
    `worker_processes auto; worker_rlimit_nofile 65536;
pid ${prefix}/nginx.pid; error_log ${prefix}/error.log warn;
events { worker_connections ${options.workerConnections ?? 4096}; }
http {
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path ${prefix}/cb; proxy_temp_path ${prefix}/p; fastcgi_temp_path ${prefix}/f;
  uwsgi_temp_path ${prefix}/u; scgi_temp_path ${prefix}/s;
  types { application/vnd.apple.mpegurl m3u8; video/iso.segment m4s; video/mp4 mp4; }
  server { listen 127.0.0.1:${port} backlog=4096; root ${root}; }
}`,
  );
  // nginx workers run unprivileged: make the files (and the folders above them) readable.
  await new Deno.Command("chmod", { args: ["-R", "a+rX", root] }).output();
  await Deno.chmod(root.slice(0, root.lastIndexOf("/")), 0o755);
  const child = new Deno.Command("/usr/sbin/nginx", {
    args: ["-p", prefix, "-c", `${prefix}/nginx.conf`, "-g", "daemon off;"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  for (let i = 0; i < 100; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url: `http://127.0.0.1:${port}`,
    /** The master's; its workers are its children. */
    pid: child.pid,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await Deno.remove(prefix, { recursive: true }).catch(() => {});
    },
  };
}
