/** The progress line of long scans: stderr, terminals only, not in CI, after 400 ms. */
import type { Io } from './io.js';
import type { ScanProgress } from '@onus/engine';

/** A progress line on stderr for long scans, only on a terminal (and not in CI). */
export class ProgressLine {
  private readonly enabled: boolean;
  private readonly started: number;
  private last = 0;
  private shown = false;
  constructor(
    private readonly io: Io,
    private readonly now: () => number = Date.now,
  ) {
    this.enabled = io.stderr.isTTY === true && !io.env['CI'];
    this.started = now();
  }
  update(p: ScanProgress): void {
    if (!this.enabled || (p.phase !== 'read' && p.phase !== 'evaluate')) return;
    const now = this.now();
    if (now - this.started < 400 || now - this.last < 100) return;
    this.last = now;
    const text = p.phase === 'read' ? `onus: reading ${p.done + 1}/${p.total} ${p.file ?? ''}` : `onus: evaluating ${p.total} resources`;
    this.io.stderr.write(`\r\u001b[2K${text.length > 100 ? `${text.slice(0, 97)}...` : text}`);
    this.shown = true;
  }
  clear(): void {
    if (this.shown) this.io.stderr.write('\r\u001b[2K');
    this.shown = false;
  }
}

