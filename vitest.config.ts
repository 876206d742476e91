import { defineConfig } from 'vitest/config';

// Tests run on the TypeScript sources: the `source` export condition of each
// workspace package points at src/, so no build is needed before `pnpm test`.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 30000,
  },
});
