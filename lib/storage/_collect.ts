import v8 from "node:v8";
import vm from "node:vm";

let gc: (() => void) | undefined;

/**
 * Runs a full garbage collection now. Deno exposes no `gc()` without a
 * command-line flag; V8 installs one in contexts made after `--expose-gc` is
 * set, so one such context is made, once, on first use.
 */
export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as () => void;
  }
  gc();
}
