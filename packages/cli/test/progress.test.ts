import { describe, expect, it } from 'vitest';
import type { Io } from '../src/io.js';
import { ProgressLine } from '../src/progress.js';

function io(tty: boolean, env: Record<string, string> = {}) {
  let err = '';
  const value: Io = {
    stdout: { write: () => undefined, isTTY: tty },
    stderr: { write: (t) => void (err += t), isTTY: tty },
    readStdin: async () => new Uint8Array(),
    cwd: '/',
    env,
  };
  return { io: value, stderr: () => err };
}

describe('progress line', () => {
  it('on a TTY, after 400 ms, rewritten in place (at most every 100 ms) and cleared at the end', () => {
    let now = 0;
    const { io: term, stderr } = io(true);
    const p = new ProgressLine(term, () => now);
    p.update({ phase: 'read', done: 0, total: 300, file: 'a.json' });
    expect(stderr()).toBe(''); // a short scan shows nothing
    now = 500;
    p.update({ phase: 'read', done: 10, total: 300, file: 'plans/b.json' });
    expect(stderr()).toBe('\r\u001b[2Konus: reading 11/300 plans/b.json');
    now = 550;
    p.update({ phase: 'read', done: 11, total: 300, file: 'c.json' });
    expect(stderr()).not.toContain('c.json');
    now = 700;
    p.update({ phase: 'evaluate', done: 0, total: 12000 });
    expect(stderr()).toMatch(/\r\u001b\[2Konus: evaluating 12000 resources$/);
    p.clear();
    expect(stderr().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('never when stderr is not a terminal, or in CI', () => {
    for (const { io: quiet, stderr } of [io(false), io(true, { CI: 'true' })]) {
      let now = 0;
      const p = new ProgressLine(quiet, () => now);
      now = 5000;
      p.update({ phase: 'read', done: 1, total: 2, file: 'x' });
      p.clear();
      expect(stderr()).toBe('');
    }
  });
});
