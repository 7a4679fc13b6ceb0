/**
 * "512 bytes", "1.5 MiB", "2 GiB": the one way sizes are written, on pages,
 * in islands and in error messages alike. Binary units named as such (IEC),
 * since every limit here is a power of two (MAX_UPLOAD_BYTES is 2 GiB).
 */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 1024) {
    const b = Math.max(0, Math.round(Number.isFinite(n) ? n : 0));
    return `${b} ${b === 1 ? "byte" : "bytes"}`;
  }
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let i = -1;
  // Compared after rounding, so that 1023.96 MiB reads "1 GiB", not "1024 MiB".
  while (Math.round(n * 10) / 10 >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  const rounded = Math.round(n * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)} ${units[i]}`;
}
