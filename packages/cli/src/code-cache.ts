/**
 * What a run of the CLI used, for the code cache the launcher keeps
 * (scripts/launcher.cjs). V8's cache holds the functions compiled by the run
 * that wrote it: a cache first written by a plan scan held nothing of the
 * Terraform parser's adapter or of the YAML readers, and every later source
 * or manifest scan compiled those again (about 20 ms of a 250 ms module scan).
 * The CLI names the parts of onus a run used (its command, the formats it
 * read and wrote); the launcher writes the cache again when a run used a part
 * the cache was not written with, so the cache comes to cover what is used.
 */
const FEATURES = Symbol.for('onus.codeCacheFeatures');

/** Note parts of onus this run used (`scan`, `in:kubernetes`, `out:sarif`). */
export function usedFeatures(...names: readonly string[]): void {
  const global = globalThis as { [FEATURES]?: Set<string> };
  const set = (global[FEATURES] ??= new Set());
  for (const name of names) set.add(name);
}
