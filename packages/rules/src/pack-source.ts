/**
 * Where the pack's files come from: the package folder on disk. Read only
 * when the pack is compiled (scripts/compile-pack.ts) and by the pack's own
 * tests and doc generator; at run time the pack is src/compiled-pack.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackSource {
  /** Policy files, path relative to the package (`policies/network/DSR-NET-04.yaml`), and text. */
  policies: { file: string; text: string }[];
  /** Text of params.yaml. */
  params: string;
  /** The package version, which is the pack version. */
  version: string;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function readPackSource(): PackSource {
  const dir = join(root, 'policies');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.split('\\').join('/'))
    .sort();
  return {
    policies: files.map((f) => ({ file: `policies/${f}`, text: readFileSync(join(dir, f), 'utf8') })),
    params: readFileSync(join(root, 'params.yaml'), 'utf8'),
    version: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
  };
}

/** Folder of the pack on disk (for tools that list or regenerate its files). */
export const packRoot: string = root;
