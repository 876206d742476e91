/**
 * The account of a scan's files: every file seen is read (format,
 * resources), rendered (from a chart or kustomization), skipped (a reason
 * from `SKIP_REASONS`, and the fix) or failed (the error). One entry per
 * file, listed by name; a later verdict on the same file replaces an
 * earlier one, except that a file read or failed keeps that verdict.
 * Imports @onus/core only.
 */
import type { InputError, ReportFile, SkipReason } from '@onus/core';

export class FileAccount {
  private readonly entries = new Map<string, ReportFile>();

  read(file: string, format: string, resources: number): void {
    this.set({ file, status: 'read', format, resources });
  }

  rendered(file: string, from: string, format: string, resources?: number): void {
    this.set({ file, status: 'rendered', format, ...(resources !== undefined ? { resources } : {}), from });
  }

  /** A skipped file; the fix defaults to the reason's (`SKIP_FIX`). */
  skipped(file: string, reason: SkipReason, detail: string, extra: { fix?: string; from?: string } = {}): void {
    const fix = extra.fix ?? SKIP_FIX[reason];
    this.set({ file, status: 'skipped', reason, detail, ...(extra.from !== undefined ? { from: extra.from } : {}), ...(fix !== undefined ? { fix } : {}) });
  }

  /** A file that could not be read or rendered; its first error is the detail. */
  failed(error: InputError): void {
    // A file already read keeps that verdict: its other errors are in the report's errors.
    const status = this.entries.get(error.file)?.status;
    if (status === 'read' || status === 'failed') return;
    this.set({ file: error.file, status: 'failed', detail: error.line !== undefined ? `line ${error.line}: ${error.message}` : error.message });
  }

  /** Every entry, by file name. */
  list(): ReportFile[] {
    return [...this.entries.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  private set(entry: ReportFile): void {
    this.entries.delete(entry.file);
    this.entries.set(entry.file, entry);
  }
}

/** What to do to have a skipped file checked, where the reason has a fix. */
export const SKIP_FIX: Partial<Record<SkipReason, string>> = {
  template: 'render it first, e.g. `helm template CHART | onus scan -`',
  excluded: 'remove the exclude pattern that matches it to check it',
};
