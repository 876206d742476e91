import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { END, START, withBenchBlock } from '../bench/readme.js';

const root = join(import.meta.dirname, '..');

describe('pnpm bench --smoke (what CI runs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onus-bench-smoke-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the 1k plan, the pre-commit case and both cold starts, and writes every figure and target (no timing is asserted)', () => {
    const out = join(dir, 'smoke.json');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'run.ts'), '--smoke', '--out', out], { cwd: root, stdio: 'pipe' });
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.smoke).toBe(true);
    expect([r.runs, r.shortRuns]).toEqual([1, 1]);
    expect(r.wholeProcess.map((w: { size: number }) => w.size)).toEqual([1000]);
    expect(r.inProcess[0].resources).toBe(1000);
    for (const key of ['floorMs', 'scanMs', 'peakRssMb', 'reportMb']) expect(r.wholeProcess[0][key]).toBeGreaterThan(0);
    expect(r.preCommit.files).toBeGreaterThan(150);
    // Targets in milliseconds come with \`node -e 0\` timed alongside, as a ratio.
    expect(r.preCommit.nodeMs).toBeGreaterThan(0);
    expect(r.targets.find((t: { what: string }) => t.what.startsWith('pre-commit run')).measured).toMatch(/^\d+ ms \(\d+\.\dx node -e 0 \(\d+ ms\)\)$/);
    expect(r.coldStart.libraryMs).toBeGreaterThan(0);
    expect(r.targets.map((t: { what: string }) => t.what)).toEqual(expect.arrayContaining(['peak RSS at 50k', 'JSON report of the 10k plan']));
    // Sizes it did not run are said to be unmeasured, never passed.
    expect(r.targets.find((t: { what: string }) => t.what === 'peak RSS at 50k').met).toBeNull();
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe(readme);
  }, 600_000);

  it('rewrites only the marked block of the README', () => {
    const before = `# x\n\n${START}\nold\n${END}\n\n## Next\n`;
    expect(withBenchBlock(before, '| new |')).toBe(`# x\n\n${START}\n| new |\n${END}\n\n## Next\n`);
    expect(() => withBenchBlock('# no markers\n', 'x')).toThrow(/no <!-- bench:start/);
  });

  it('the README has the block', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme.indexOf(START)).toBeGreaterThan(readme.indexOf('## Performance'));
    expect(readme.indexOf(END)).toBeGreaterThan(readme.indexOf(START));
  });
});
