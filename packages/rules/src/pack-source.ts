/**
 * Where the pack's files come from: the package folder on disk. This module
 * is the one seam a bundler replaces (the CLI bundle embeds the same texts),
 * so nothing else in the pack reads the file system.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackSource {
  /**
   * Policy files, path relative to the package (`policies/network/DSR-NET-04.yaml`), and text.
   * A bundle may give `data` instead: the file already parsed and validated when the bundle was built.
   */
  policies: { file: string; text?: string; data?: Record<string, unknown> }[];
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
