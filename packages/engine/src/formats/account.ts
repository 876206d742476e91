/**
 * The file account in words: one line per group of files that were not read
 * as they are (failed, skipped for one reason, a chart or kustomization not
 * rendered, or rendered), with the count and the fix. Writers call
 * `accountLines` (or `accountSections`); the JSON report has the full list. Imports only @onus/core.
 */
import { type Report, type ReportFile, type SkipReason } from '@onus/core';

/** How a group of skipped files is named: `3 files of other tools`. */
const SKIPPED_AS: Record<SkipReason, (n: number) => string> = {
  'other-tool': (n) => `${files(n)} of other tools, not inputs`,
  'not-an-input': (n) => `${files(n)} not inputs (empty, binary, or with no key of a plan, manifest or export)`,
  excluded: (n) => `${files(n)} excluded`,
  template: (n) => `${files(n)} with template markers outside a chart`,
  'helm-chart': (n) => `${files(n)} of a Helm chart`,
  kustomization: (n) => `${files(n)} of a kustomization`,
  patch: (n) => `${files(n)} of patches, not resources`,
  'module-example': (n) => `${files(n)} of module examples`,
};

/** The order groups are shown in: what holds unchecked infrastructure first. */
const SHOWN_ORDER: readonly SkipReason[] = ['template', 'helm-chart', 'kustomization', 'patch', 'module-example', 'excluded', 'not-an-input', 'other-tool'];

/** Groups shown, at most (the JSON report lists every file). */
const MAX_GROUPS = 20;
/** Files or folders named in a line, at most. */
const MAX_NAMED = 3;

/** One part of the account: its title and its lines (at most MAX_GROUPS, then a line that says how many more). */
export interface AccountSection {
  title: 'Not checked' | 'Rendered';
  lines: string[];
}

/**
 * `Not checked:` lines (failed and skipped files by reason, and by chart or
 * kustomization), then `Rendered:` lines; none when every file was read.
 */
export function accountLines(report: Pick<Report, 'files'>): string[] {
  return accountSections(report).flatMap((s) => [`${s.title}:`, ...s.lines.map((line) => `  ${line}`)]);
}

/** The account as sections, for writers that lay it out themselves (HTML). */
export function accountSections(report: Pick<Report, 'files'>): AccountSection[] {
  const entries = report.files ?? [];
  const groups = new Map<string, ReportFile[]>();
  const order = (f: ReportFile) => (f.status === 'failed' ? 0 : f.status === 'skipped' ? 1 + SHOWN_ORDER.indexOf(f.reason!) : 100);
  for (const f of [...entries].filter((e) => e.status !== 'read').sort((a, b) => order(a) - order(b))) {
    // Kustomizations not built are one group (only their kustomization file is unread: the manifests beside it are read), and so are module examples.
    const key = `${f.status}\u0000${f.reason ?? ''}\u0000${f.reason === 'kustomization' || f.reason === 'module-example' ? '' : (f.from ?? '')}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const notChecked: string[] = [];
  const rendered: string[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const n = group.length;
    if (first.status === 'failed') notChecked.push(`${files(n)} could not be read (${named(group.map((f) => f.file))}): see the input errors`);
    else if (first.status === 'rendered') {
      const resources = group.reduce((sum, f) => sum + (f.resources ?? 0), 0);
      rendered.push(`${files(n)} from ${first.from}: ${resources} resource${resources === 1 ? '' : 's'}`);
    } else if (first.reason === 'kustomization' && n > 1) {
      const dirs = folders(group);
      notChecked.push(`${files(n, 'kustomization file')} not built, the manifests beside them read as they are (in ${named(dirs)})${groupFix(first)}`);
    } else if (first.reason === 'module-example') {
      const dirs = folders(group);
      const fix = dirs.length > 1 ? groupFix(first) : first.fix ? `: ${first.fix}` : '';
      notChecked.push(`${files(n)} of ${dirs.length} module example${dirs.length === 1 ? '' : 's'} (${named(dirs)}), read only when named${fix}`);
    } else {
      const reason = first.reason ?? 'not-an-input';
      const where = first.from !== undefined ? ` in ${first.from}` : ` (${named(group.map((f) => f.file))})`;
      const why = first.from !== undefined && first.detail ? ` (${first.detail})` : '';
      notChecked.push(`${SKIPPED_AS[reason](n)}${where}${why}${first.fix ? `: ${first.fix}` : ''}`);
    }
  }
  const sections: AccountSection[] = [];
  const add = (title: AccountSection['title'], list: string[]) => {
    if (list.length === 0) return;
    const lines = list.slice(0, MAX_GROUPS);
    if (list.length > MAX_GROUPS) lines.push(`and ${list.length - MAX_GROUPS} more (the JSON report lists every file)`);
    sections.push({ title, lines });
  };
  add('Not checked', notChecked);
  add('Rendered', rendered);
  return sections;
}

/** The folders (charts, kustomizations, examples) a group's files belong to. */
function folders(group: readonly ReportFile[]): string[] {
  return [...new Set(group.map((f) => f.from ?? f.file))];
}

/** The fix of a group that spans folders: the first file's, with DIR for its folder. */
function groupFix(first: ReportFile): string {
  return first.fix && first.from !== undefined ? `: ${first.fix.split(first.from).join('DIR')}` : '';
}

function files(n: number, noun = 'file'): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function named(list: readonly string[]): string {
  const shown = list.slice(0, MAX_NAMED).join(', ');
  return list.length > MAX_NAMED ? `${shown}, ...` : shown;
}

