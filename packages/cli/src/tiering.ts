/**
 * How V8 compiles one scan, chosen once its inputs are known (the engine's
 * `inputs` progress, before the first is read). On this 2-core machine V8's
 * optimising compiler, TurboFan, runs on other threads and competes with a
 * short scan. Whole process, medians, old and new in turn (bench machine):
 * - Small scans without TurboFan for JavaScript: the pre-commit case (196
 *   files, 1.4 MB) 764 -> 686 ms, a 1k-resource plan 415 -> 380 ms, a 3k plan
 *   (2.9 MB) 639 -> 619 ms; but a 5k plan (4.8 MB) 827 -> 897 ms and the 10k
 *   plan 1061 -> 1328 ms. So it is off under SMALL_SCAN_BYTES, for a scan
 *   with no Terraform source and no standard input (its size is not known).
 * - The Terraform parser is WebAssembly (tree-sitter's grammar and runtime),
 *   compiled at once by the baseline compiler (Liftoff) and then again by
 *   TurboFan. A 20-file module took about a quarter longer with the second
 *   compile (385 ms without, 495 ms with); only a large repository earns it
 *   back (500 files in 50 modules: 2.1 s without, 1.9 s with). So the parser
 *   gets Liftoff alone when a scan reads up to SMALL_SOURCE module folders;
 *   and JavaScript keeps TurboFan there: with it off from the start of the
 *   run, the 500-file repository took 2.5 to 3 s in most runs instead of 1.9 s.
 * - Nothing changes when Rego policies run (their evaluation gains from the
 *   optimised code).
 * - The launcher holds V8's young generation at its first size (see
 *   scripts/launcher.cjs): good for short runs (the pre-commit case 644 ->
 *   529 ms, a 3k plan 923 -> 798 ms, the 500-file Terraform repository 1455
 *   -> 1403 ms), and for plans up to about 20 MB (a 5k plan, 4.8 MB, 782 ->
 *   712 ms; the 10k plan, 9.6 MB, 988 -> 967 ms; a 20k plan, 19 MB, 1578 ->
 *   1522 ms), whose runs then touch about 7,000 fewer new memory pages (each
 *   first touch costs about 11 us on a virtual machine); but a 30k plan (29
 *   MB) took 2050 -> 2192 ms and the 50k plan (48 MB) 3111 -> 3354 ms. So a
 *   scan of LARGE_SCAN_BYTES or more, or of standard input, lets it grow as
 *   V8 would.
 * The flags are set back to those the run started with when the scan ends:
 * V8 stamps the code cache the launcher writes at exit with the flags of that
 * moment, and a cache stamped otherwise would be refused by the next run. The
 * CLI owns its process; the library never sets a flag.
 */
import { setV8Flags } from './v8-flags.js';

/** Bytes of input under which a scan's JavaScript runs without TurboFan. */
export const SMALL_SCAN_BYTES = 3 * 1024 * 1024;

/** Bytes of input from which a scan lets V8's young generation grow. */
export const LARGE_SCAN_BYTES = 24 * 1024 * 1024;

/** Module folders up to which Terraform source is parsed with Liftoff alone. */
export const SMALL_SOURCE = 10;

/** What a scan is to read (the engine's `inputs` progress). */
export interface ScanInputs {
  modules?: number;
  bytes?: number;
}

/** Set by the launcher when it held the young generation at its first size. */
const YOUNG_GENERATION_HELD = Symbol.for('onus.youngGenerationHeld');

/** The V8 flags of one scan (compilers, young generation); `restore()` when the scan is over. */
export class Tiering {
  private noTurbofan = false;
  private liftoffOnly = false;
  private youngGenerationGrows = false;

  /** @param rego Rego policies run: leave the compiler flags alone */
  constructor(private readonly rego: boolean) {}

  /** The scan's inputs are known, none read yet. */
  inputs({ modules = 0, bytes }: ScanInputs): void {
    if ((globalThis as Record<symbol, unknown>)[YOUNG_GENERATION_HELD] === true && (bytes === undefined || bytes >= LARGE_SCAN_BYTES)) {
      setV8Flags('--semi-space-growth-factor=2');
      this.youngGenerationGrows = true;
    }
    if (this.rego) return;
    if (modules === 0 && bytes !== undefined && bytes < SMALL_SCAN_BYTES) {
      setV8Flags('--no-turbofan');
      this.noTurbofan = true;
    } else if (modules > 0 && modules <= SMALL_SOURCE) {
      setV8Flags('--liftoff-only');
      this.liftoffOnly = true;
    }
  }

  restore(): void {
    if (this.noTurbofan) setV8Flags('--turbofan');
    // `--liftoff-only` turned these two off as well: each is set back to its default.
    if (this.liftoffOnly) setV8Flags('--no-liftoff-only', '--wasm-tier-up', '--wasm-dynamic-tiering');
    // Held again, as the launcher started the run: V8 stamps the code cache with the flags at exit.
    if (this.youngGenerationGrows) setV8Flags('--semi-space-growth-factor=1');
    this.noTurbofan = this.liftoffOnly = this.youngGenerationGrows = false;
  }
}
