/**
 * The Terraform parser is WebAssembly (tree-sitter's grammar and runtime).
 * V8 compiles it at once with its baseline compiler (Liftoff) and then again,
 * optimised (TurboFan), on other threads. On a 2-core machine that second
 * compile competes with the scan: a pre-commit-sized module (20 files) took
 * about a quarter longer with it (bench machine: 385 ms without, 495 ms with),
 * and only a large repository earns it back (500 files in 50 modules: 2.1 s
 * without, 1.9 s with). So the CLI compiles the parser with Liftoff alone when
 * a scan reads few module folders (SMALL_SOURCE), and never when Rego policies
 * run (their evaluation gains from the optimised code). The flags are set back
 * when the scan ends: V8 stamps the code cache the launcher writes at exit
 * with the flags of that moment, and a cache stamped otherwise would be
 * refused by the next run. The CLI owns its process; the library never sets a flag.
 */

/** Module folders up to which Terraform source is parsed with Liftoff alone. */
export const SMALL_SOURCE = 10;

/** Chooses how WebAssembly is compiled in one scan; `restore()` when the scan is over. */
export class WasmTiering {
  private baseline = false;

  constructor(private readonly optimise: boolean) {}

  /** Before the Terraform source of `modules` module folders is read (the parser is compiled on the first). */
  beforeSource(modules: number): void {
    if (this.optimise || this.baseline || modules > SMALL_SOURCE) return;
    process.getBuiltinModule('node:v8').setFlagsFromString('--liftoff-only');
    this.baseline = true;
  }

  restore(): void {
    if (!this.baseline) return;
    const v8 = process.getBuiltinModule('node:v8');
    // `--liftoff-only` turned these two off as well: each is set back to its default, so the flags are those the process started with.
    v8.setFlagsFromString('--no-liftoff-only');
    v8.setFlagsFromString('--wasm-tier-up');
    v8.setFlagsFromString('--wasm-dynamic-tiering');
    this.baseline = false;
  }
}
