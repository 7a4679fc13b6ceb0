import { exists, findPostgresBin } from "../tests/_harness/postgres.ts";

/** A system program the tests need, and the Debian package that provides it. */
interface Requirement {
  name: string;
  aptPackage: string;
  present(): Promise<boolean>;
}

const REQUIREMENTS: Requirement[] = [
  {
    name: "PostgreSQL 15+",
    aptPackage: "postgresql",
    present: async () => !!(await findPostgresBin()),
  },
  { name: "ffmpeg", aptPackage: "ffmpeg", present: () => onPath("ffmpeg") },
  { name: "ffprobe", aptPackage: "ffmpeg", present: () => onPath("ffprobe") },
  { name: "Chromium", aptPackage: "chromium", present: () => exists("/usr/bin/chromium") },
  { name: "nginx", aptPackage: "nginx", present: () => exists("/usr/sbin/nginx") },
];

/** What only the benchmarks need beyond the tests. */
const BENCH_REQUIREMENTS: Requirement[] = [
  { name: "wrk", aptPackage: "wrk", present: () => onPath("wrk") },
  { name: "GNU time", aptPackage: "time", present: () => exists("/usr/bin/time") },
];

/**
 * Makes sure the system packages the tests need are installed: with apt when
 * running as root, otherwise stops with one sentence saying what to install.
 */
export async function ensureSystemPackages(options: { forBench?: boolean } = {}): Promise<void> {
  const missing = new Set<string>();
  const needed = options.forBench ? [...REQUIREMENTS, ...BENCH_REQUIREMENTS] : REQUIREMENTS;
  for (const r of needed) if (!(await r.present())) missing.add(r.aptPackage);
  if (missing.size === 0) return;
  const pkgs = [...missing].join(" ");
  if (Deno.uid() !== 0) {
    console.error(
      `Missing system packages: run \`sudo apt-get install -y ${pkgs}\` and try again.`,
    );
    Deno.exit(1);
  }
  console.error(`Installing system packages with apt: ${pkgs}`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  await sh(["apt-get", "update", "-q"], env);
  await sh(["apt-get", "install", "-y", "-q", "--no-install-recommends", ...missing], env);
}

async function sh(cmd: string[], env: Record<string, string>): Promise<void> {
  const r = await new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    env,
    stdout: "inherit",
    stderr: "inherit",
  })
    .output();
  if (!r.success) throw new Error(`${cmd.join(" ")} failed with exit code ${r.code}`);
}

async function onPath(bin: string): Promise<boolean> {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (dir && await exists(`${dir}/${bin}`)) return true;
  }
  return false;
}
