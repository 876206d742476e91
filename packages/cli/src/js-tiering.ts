/**
 * V8 optimises hot JavaScript with TurboFan, compiling on other threads. A
 * scan of a few hundred small files (a pre-commit hook) is over before most
 * of that work pays, and on a 2-core machine the compiles compete with the
 * scan. Whole process, medians, old and new in turn (bench machine):
 * - gain without TurboFan: the pre-commit case (196 files, 1.4 MB) 764 -> 686 ms,
 *   a 1k-resource plan 415 -> 380 ms, a 3k plan (2.9 MB) 639 -> 619 ms,
 *   two copies of the pre-commit case (392 files) 1186 -> 1128 ms;
 * - loss: a 5k plan (4.8 MB) 827 -> 897 ms, the 10k plan 1061 -> 1328 ms.
 * So the CLI turns TurboFan off for a scan whose inputs, once known (before
 * the first is read), are small: under SMALL_SCAN_BYTES in all, no Terraform
 * source, no Rego policy, no standard input (its size is not known). A
 * Terraform source scan keeps it: its parser is WebAssembly, compiled while
 * the modules are found, and with the flag set from the start the 500-file
 * repository took 2.5 to 3 s in most runs instead of 1.9 s. So the decision
 * is also taken once, before anything is read, and not undone during the
 * scan. Everything still runs, in V8's interpreter and its baseline compiler
 * (Sparkplug).
 * The flag is set back when the scan ends: V8 stamps the code cache the
 * launcher writes at exit with the flags of that moment (see wasm-tiering.ts).
 * The CLI owns its process; the library never sets a flag.
 */

/** Bytes of input under which a scan runs without TurboFan (a 3k-resource plan has 2.9 MB and gains; a 5k plan, 4.8 MB, loses). */
export const SMALL_SCAN_BYTES = 3 * 1024 * 1024;

/** What a scan is to read (the engine's `inputs` progress). */
export interface ScanInputs {
  modules?: number;
  bytes?: number;
}

/** Turns TurboFan off for one small scan; `restore()` when the scan is over. */
export class JsTiering {
  private off = false;

  /** @param optimise keep TurboFan whatever the size (Rego policies run) */
  constructor(private readonly optimise: boolean) {}

  /** The scan's inputs are known, none read yet. */
  inputs(scan: ScanInputs): void {
    if (this.optimise || this.off || (scan.modules ?? 0) > 0 || scan.bytes === undefined || scan.bytes >= SMALL_SCAN_BYTES) return;
    setFlag('--no-turbofan');
    this.off = true;
  }

  /** TurboFan on again (the flags the process started with). */
  restore(): void {
    if (!this.off) return;
    setFlag('--turbofan');
    this.off = false;
  }
}

function setFlag(flag: string): void {
  process.getBuiltinModule('node:v8').setFlagsFromString(flag);
}
