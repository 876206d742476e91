import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests run on the TypeScript sources: the `source` export condition of each
// workspace package points at src/, so no build is needed before `pnpm test`.
// Tests outside a package (tests/) import the packages by name too; the root
// package declares no workspace dependencies (npm installs it for pre-commit),
// so their names are mapped here to the same sources.
const packages = Object.fromEntries(
  readdirSync(join(import.meta.dirname, 'packages')).map((dir) => {
    const name = JSON.parse(readFileSync(join(import.meta.dirname, 'packages', dir, 'package.json'), 'utf8')).name as string;
    return [name, join(import.meta.dirname, 'packages', dir, 'src', 'index.ts')];
  }),
);

export default defineConfig({
  resolve: { conditions: ['source'], alias: Object.entries(packages).map(([name, path]) => ({ find: new RegExp(`^${name.replace('/', '\\/')}$`), replacement: path })) },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 30000,
  },
});
