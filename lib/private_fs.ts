/**
 * What VideoFlow keeps under DATA_DIR (objects, the embedded database, KV,
 * secrets) is private to the user running it: directories 0700, files 0600.
 * Modes given at creation are masked by the umask and do not apply to what
 * already exists, so directories are also chmod-ed explicitly.
 */

/** Mode for directories VideoFlow creates. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode for files VideoFlow creates. */
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `path` (and missing parents) as private directories, and makes `path` private if it existed. */
export async function ensurePrivateDir(path: string): Promise<void> {
  await Deno.mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  await Deno.chmod(path, PRIVATE_DIR_MODE);
}

/** Makes a file private, if it exists. */
export async function makeFilePrivate(path: string): Promise<void> {
  try {
    await Deno.chmod(path, PRIVATE_FILE_MODE);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
}

/**
 * Makes a whole tree private (directories 0700, files 0600; symlinks are left
 * alone). For trees a library writes with its own modes (PGlite unpacks its
 * initial database world-writable, 0666).
 */
export async function makeTreePrivate(path: string): Promise<void> {
  await Deno.chmod(path, PRIVATE_DIR_MODE);
  for await (const entry of Deno.readDir(path)) {
    const child = `${path}/${entry.name}`;
    if (entry.isDirectory) await makeTreePrivate(child);
    else if (entry.isFile) await Deno.chmod(child, PRIVATE_FILE_MODE);
  }
}
