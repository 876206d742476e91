/**
 * Test support: where the shared corpus is, and small lookups on results.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdapterResult, Resource } from '@onus/core';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The third-party corpus: `$ONUS_CORPUS`, else `../shared/corpus` next to the repository. */
export const corpusDir = process.env.ONUS_CORPUS ?? path.resolve(repoRoot, '../shared/corpus');

/** True when the corpus folder is present. */
export const hasCorpus = fs.existsSync(corpusDir);

/** The fact with this address (fails the test when absent). */
export function fact(result: AdapterResult, address: string): Resource {
  const found = result.resources.find((r) => r.address === address);
  if (!found) throw new Error(`no fact ${address}; have: ${result.resources.map((r) => r.address).join(', ')}`);
  return found;
}

/** The addresses of a result's facts. */
export function addresses(result: AdapterResult): string[] {
  return result.resources.map((r) => r.address);
}
