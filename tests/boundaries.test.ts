/**
 * Package boundaries: dependencies flow one way (DESIGN.md, Layout).
 * Every import in a package's sources (found with TypeScript's own
 * pre-processor, so strings and comments do not count) must name the package
 * itself or one it may import; relative imports stay inside the package; the
 * package.json declares what the sources import; and the `Imports:` line of
 * each package's top comment says the same as the table here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** What each package may import (besides itself and npm packages). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  adapters: ['@onus/core'],
  rules: ['@onus/core'],
  engine: ['@onus/core', '@onus/adapters', '@onus/rego'],
  rego: ['@onus/core'],
  onus: ['@onus/core', '@onus/adapters', '@onus/rules', '@onus/engine'],
  cli: ['@onus/core', '@onus/rules', '@onus/engine'],
};
const NAMES: Record<string, string> = { core: '@onus/core', adapters: '@onus/adapters', rules: '@onus/rules', engine: '@onus/engine', rego: '@onus/rego', onus: 'onus', cli: '@onus/cli' };

interface SourceFile {
  pkg: string;
  file: string;
  text: string;
}

/** Every import that crosses a boundary it should not, as `file: import`. */
export function violations(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  const workspace = new Set(Object.values(NAMES));
  for (const { pkg, file, text } of files) {
    const allowed = new Set([NAMES[pkg]!, ...(MAY_IMPORT[pkg] ?? [])]);
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      const spec = ref.fileName;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(join(ROOT, 'packages', pkg, file)), spec);
        if (relative(join(ROOT, 'packages', pkg), target).startsWith('..')) out.push(`${pkg}/${file}: ${spec} (reaches outside the package)`);
        continue;
      }
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      if ((workspace.has(name) || name.startsWith('@onus/')) && !allowed.has(name)) out.push(`${pkg}/${file}: ${spec}`);
    }
  }
  return out;
}

function sources(pkg: string): SourceFile[] {
  const dir = join(ROOT, 'packages', pkg, 'src');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mts|js|mjs)$/.test(f))
    .map((f) => ({ pkg, file: `src/${f.split(sep).join('/')}`, text: readFileSync(join(dir, f), 'utf8') }));
}

describe('package boundaries', () => {
  it.each(Object.keys(MAY_IMPORT))('%s imports only what it may', (pkg) => {
    expect(violations(sources(pkg))).toEqual([]);
  });

  it('fails on a planted import: core importing adapters, adapters importing the CLI, engine importing rules', () => {
    const planted: SourceFile[] = [
      { pkg: 'core', file: 'src/x.ts', text: "import { readInput } from '@onus/adapters';" },
      { pkg: 'adapters', file: 'src/x.ts', text: "export { main } from '@onus/cli';" },
      { pkg: 'engine', file: 'src/x.ts', text: "const rules = await import('@onus/rules');" },
      { pkg: 'onus', file: 'src/x.ts', text: "import type { Io } from '@onus/cli/src/io.js';" },
      { pkg: 'rules', file: 'src/x.ts', text: "import { scan } from '../../engine/src/scan.js';" },
      { pkg: 'cli', file: 'src/x.ts', text: "// import { x } from '@onus/nope';\nconst s = \"from '@onus/nope'\";" },
    ];
    expect(violations(planted)).toEqual([
      'core/src/x.ts: @onus/adapters',
      'adapters/src/x.ts: @onus/cli',
      'engine/src/x.ts: @onus/rules',
      'onus/src/x.ts: @onus/cli/src/io.js',
      'rules/src/x.ts: ../../engine/src/scan.js (reaches outside the package)',
    ]);
  });

  it.each(Object.keys(MAY_IMPORT))('%s: package.json declares the onus packages its sources import', (pkg) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', pkg, 'package.json'), 'utf8'));
    const imported = new Set<string>();
    for (const { text } of sources(pkg)) {
      for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
        const name = ref.fileName.split('/').slice(0, 2).join('/');
        if (name.startsWith('@onus/') && name !== NAMES[pkg]) imported.add(name);
      }
    }
    expect(Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith('@onus/')).sort()).toEqual([...imported].sort());
  });

  it.each(Object.keys(MAY_IMPORT))("%s: the top comment's Imports line matches", (pkg) => {
    const head = readFileSync(join(ROOT, 'packages', pkg, 'src', 'index.ts'), 'utf8').split('*/')[0]!;
    const line = /\* Imports: ([^\n]*)\./.exec(head)?.[1];
    const said = line === 'no other onus package' ? [] : (line ?? '').split(', ');
    expect(said).toEqual(MAY_IMPORT[pkg]);
  });

  it('tests import other packages by name, not by path', () => {
    const bad: string[] = [];
    const dirs = [...Object.keys(MAY_IMPORT).map((p) => join('packages', p, 'test')), 'tests'];
    for (const d of dirs) {
      let files: string[] = [];
      try {
        files = readdirSync(join(ROOT, d), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
      } catch {
        continue;
      }
      for (const f of files) {
        const text = readFileSync(join(ROOT, d, f), 'utf8');
        for (const ref of ts.preProcessFile(text, true, true).importedFiles) if (/(^|\/)packages\/|\.\.\/\.\.\/[a-z]+\/src\//.test(ref.fileName)) bad.push(`${d}/${f}: ${ref.fileName}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
