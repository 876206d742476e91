/**
 * Rendering of Helm charts (`helm template DIR`) and kustomizations
 * (`kustomize build DIR`, else `kubectl kustomize DIR`), when the scan
 * enables it: the tool is looked up on the PATH and run with execFile (no
 * shell), a time limit and an output cap. Nothing is spawned when rendering
 * is off, which is the default. Rendered output is read as a manifest named
 * after the chart; Helm's `# Source:` comments point each resource at its
 * template file. Imports @onus/core, ./account and ./discover.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { basename, delimiter, join, resolve } from 'node:path';
import { readYamlDocument, type Resource } from '@onus/core';
import type { FileAccount } from './account.js';
import { KUSTOMIZATION_NAMES, type DiscoveredInput, type TemplateSource } from './discover.js';

/** `true` renders charts and kustomizations; an object picks; off by default. */
export type RenderSetting = boolean | { helm?: boolean; kustomize?: boolean };

export interface RenderLimits {
  /** Longest a render may run (default 60 s); it is then killed and the template reported as failed. */
  timeoutMs?: number;
  /** Largest output read (default 64 MiB); past it the template is reported as failed. */
  maxOutputBytes?: number;
  /** Environment to find the tool on (`PATH`) and to run it with (default: the process's). */
  env?: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_RENDER_TIMEOUT_MS = 60_000;
export const DEFAULT_RENDER_MAX_BYTES = 64 * 1024 * 1024;

/** A rendered template's output, or why there is none. */
export type RenderOutcome =
  | { template: TemplateSource; command: string; output: string }
  | { template: TemplateSource; command: string; skipped: string }
  | { template: TemplateSource; command: string; error: string };

const TOOL_LABEL: Record<TemplateSource['kind'], string> = { helm: 'helm', kustomize: 'kustomize (or kubectl)' };

/** A template rendered: its output, and every file it was made from (its own and those of kustomizations it builds). */
export interface RenderedTemplate {
  template: TemplateSource;
  command: string;
  output: string;
  members: string[];
}

/**
 * Render the templates a scan found, as the setting allows. Templates not
 * rendered are accounted as skipped (with the command to pipe), renders
 * that fail as failed; the rendered ones are returned, for the scan to read
 * and then `accountRendered`. A kustomization that another one in the scan
 * builds (`resources: [../base]`) is built only through it; a file found in
 * the scan that a rendered kustomization lists (`resources: [../svc.yaml]`)
 * is read only through it (`claimed`: paths not to read as they are).
 * A kustomization that is not built is not lost: the manifests beside it
 * are returned as `plain` inputs, to be read as they are (its patches were
 * left out when the folder was searched), and only the kustomization file
 * itself is accounted as skipped, with the command that builds it.
 */
export async function renderTemplates(
  templates: readonly TemplateSource[],
  setting: RenderSetting | undefined,
  limits: RenderLimits,
  account: FileAccount,
  inputs: readonly DiscoveredInput[] = [],
): Promise<{ rendered: RenderedTemplate[]; errors: { file: string; message: string; hint: string }[]; claimed: Set<string>; plain: DiscoveredInput[] }> {
  const byPath = new Map(templates.map((t) => [resolve(t.path), t]));
  const builtBy = new Map<TemplateSource, TemplateSource>();
  const listed = new Map<TemplateSource, string[]>();
  for (const t of templates) {
    const refs = kustomizationRefs(t);
    listed.set(t, refs.files);
    for (const ref of refs.dirs) {
      const inner = byPath.get(ref);
      if (inner && inner !== t && inner.kind === 'kustomize' && !builtBy.has(inner)) builtBy.set(inner, t);
    }
  }
  const inputByPath = new Map(inputs.map((i) => [resolve(i.path), i]));
  const claimed = new Set<string>();
  const topOf = (t: TemplateSource): TemplateSource => {
    const seen = new Set<TemplateSource>();
    while (builtBy.has(t) && !seen.has(t)) {
      seen.add(t);
      t = builtBy.get(t)!;
    }
    return t;
  };
  const groups = new Map<TemplateSource, TemplateSource[]>();
  for (const t of templates) {
    const top = topOf(t);
    groups.set(top, [...(groups.get(top) ?? []), t]);
  }
  const rendered: RenderedTemplate[] = [];
  const errors: { file: string; message: string; hint: string }[] = [];
  const plain: DiscoveredInput[] = [];
  for (const [top, parts] of groups) {
    const outcome = await renderTemplate(top, setting, limits);
    const members = parts.flatMap((p) => p.members);
    if ('output' in outcome) {
      for (const path of parts.flatMap((p) => listed.get(p) ?? [])) {
        const input = inputByPath.get(path);
        if (input && !claimed.has(input.path)) {
          claimed.add(input.path);
          members.push(input.file);
        }
      }
      rendered.push({ template: top, command: outcome.command, output: outcome.output, members });
    }
    else if ('error' in outcome) {
      errors.push({ file: top.file, message: outcome.error, hint: `run \`${outcome.command}\` to see the whole error, and fix the ${top.kind === 'helm' ? 'chart' : 'kustomization'}` });
      for (const file of members) account.failed({ file, message: outcome.error });
    } else {
      const reason = top.kind === 'helm' ? 'helm-chart' : 'kustomization';
      const enable = renderEnabled(setting, top.kind) ? `install ${TOOL_LABEL[top.kind]}` : 'set `render: true` in .onus.yaml';
      const fix = `\`${outcome.command} | onus scan -\`, or ${enable}`;
      if (top.kind === 'kustomize') {
        for (const p of parts) {
          for (const file of p.members) {
            if (KUSTOMIZATION_NAMES.has(basename(file))) account.skipped(file, reason, `not built: ${outcome.skipped}; the manifests beside it were read as they are`, { from: top.file, fix });
            else plain.push({ file, path: join(p.path, basename(file)), explicit: false, ...(p.folder !== undefined ? { folder: p.folder } : {}) });
          }
        }
      } else for (const file of members) account.skipped(file, reason, `not rendered: ${outcome.skipped}`, { from: top.file, fix });
    }
  }
  return { rendered, errors, claimed, plain };
}

/** Account a rendered template's files, with the resources each gave where the output says (Helm `# Source:`). */
export function accountRendered(r: RenderedTemplate, resources: readonly Resource[], format: string, account: FileAccount): void {
  const counts = attribute(r.template, r.output, resources);
  const from = `${r.template.file} (${r.command})`;
  for (const file of r.members) account.rendered(file, from, format, counts.get(file) ?? 0);
}

/** Whether a kind of template is rendered under a setting. */
export function renderEnabled(setting: RenderSetting | undefined, kind: TemplateSource['kind']): boolean {
  if (setting === undefined || typeof setting === 'boolean') return setting === true;
  return setting[kind] === true;
}

/** The command that renders a template, as a person would type it (to pipe into `onus scan -`). */
export function renderCommand(t: TemplateSource): string {
  return t.kind === 'helm' ? `helm template ${quote(t.file)}` : `kustomize build ${quote(t.file)}`;
}

/** Render one template when enabled and its tool is on the PATH; never throws. */
export async function renderTemplate(t: TemplateSource, setting: RenderSetting | undefined, limits: RenderLimits = {}): Promise<RenderOutcome> {
  const command = renderCommand(t);
  if (!renderEnabled(setting, t.kind)) return { template: t, command, skipped: 'rendering is off' };
  const env = limits.env ?? process.env;
  const tool = t.kind === 'helm' ? which('helm', env) : which('kustomize', env);
  const kubectl = t.kind === 'kustomize' && !tool ? which('kubectl', env) : undefined;
  const bin = tool ?? kubectl;
  if (!bin) return { template: t, command, skipped: `${TOOL_LABEL[t.kind]} is not on the PATH` };
  const args = t.kind === 'helm' ? ['template', t.path] : kubectl ? ['kustomize', t.path] : ['build', t.path];
  const shown = kubectl ? `kubectl kustomize ${quote(t.file)}` : command;
  const maxBuffer = limits.maxOutputBytes ?? DEFAULT_RENDER_MAX_BYTES;
  const timeout = limits.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
  return new Promise((done) => {
    // node:child_process only when something is rendered (off by default).
    process.getBuiltinModule('node:child_process').execFile(bin, args, { env: { ...env }, timeout, killSignal: 'SIGKILL', maxBuffer, windowsHide: true, shell: false, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return done({ template: t, command: shown, output: stdout });
      const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
      let why: string;
      if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') why = `its output is larger than ${Math.round(maxBuffer / 1024 / 1024)} MiB`;
      else if (e.killed) why = `it did not finish in ${timeout < 1000 ? `${timeout} ms` : `${Math.round(timeout / 1000)} s`}`;
      else why = firstLine(String(stderr)) || `it exited with ${String(e.code ?? 'an error')}`;
      done({ template: t, command: shown, error: `\`${shown}\` failed: ${why}` });
    });
  });
}

/**
 * Point each resource of a Helm render at the template file its `# Source:`
 * comment names (`mychart/templates/x.yaml` -> `charts/x/templates/x.yaml`),
 * else at the chart's `Chart.yaml`; a kustomization's at its
 * `kustomization.yaml`. The line in the rendered output is not a line of
 * the template, so it is dropped. Returns the resources per file.
 */
export function attribute(t: TemplateSource, output: string, resources: readonly Resource[]): Map<string, number> {
  const counts = new Map<string, number>();
  const fallback = t.members.find((m) => /(^|[\\/])(Chart\.yaml|kustomization\.ya?ml|Kustomization)$/.test(m)) ?? t.file;
  const sourceAt = t.kind === 'helm' ? helmSources(output) : () => undefined;
  for (const r of resources) {
    const source = r.source.line !== undefined ? sourceAt(r.source.line) : undefined;
    const file = source !== undefined ? join(t.file, source.split('/').slice(1).join('/')) : fallback;
    r.source.file = file;
    delete r.source.line;
    counts.set(file, (counts.get(file) ?? 0) + 1);
  }
  return counts;
}

/** For a line of `helm template` output, the `# Source:` path of the document it is in. */
export function helmSources(output: string): (line: number) => string | undefined {
  const starts: { line: number; source: string }[] = [];
  const lines = output.split('\n');
  lines.forEach((text, i) => {
    const m = /^# Source: (\S.*?)\s*$/.exec(text);
    if (m) starts.push({ line: i + 1, source: m[1]! });
    else if (/^---(\s|$)/.test(text)) starts.push({ line: i + 1, source: '' });
  });
  return (line) => {
    let found: string | undefined;
    for (const s of starts) {
      if (s.line > line) break;
      found = s.source || undefined;
    }
    return found;
  };
}

/**
 * What a kustomization builds in (`resources`, `bases`, `components`): the
 * local folders and files, absolute. A kustomization built by another one
 * in the scan is not built on its own; a file it lists is not read alone.
 */
export function kustomizationRefs(t: TemplateSource): { dirs: string[]; files: string[] } {
  const none = { dirs: [], files: [] };
  if (t.kind !== 'kustomize') return none;
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
    let text: string;
    try {
      text = readFileSync(join(t.path, name), 'utf8');
    } catch {
      continue;
    }
    const { data } = readYamlDocument(text);
    if (typeof data !== 'object' || data === null) return none;
    const entries = ['resources', 'bases', 'components'].flatMap((k) => {
      const v = (data as Record<string, unknown>)[k];
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && !/^[a-z]+:\/\/|^git@|^github\.com\//.test(x)) : [];
    });
    const paths = entries.map((e) => resolve(t.path, e));
    return { dirs: paths.filter((p) => kindOf(p) === 'dir'), files: paths.filter((p) => kindOf(p) === 'file') };
  }
  return none;
}

function kindOf(path: string): 'dir' | 'file' | undefined {
  try {
    const info = statSync(path);
    return info.isDirectory() ? 'dir' : info.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** The executable of a name on the PATH, without running anything. */
export function which(name: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const exts = process.platform === 'win32' ? (env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      try {
        accessSync(candidate, constants.X_OK);
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find(Boolean)?.slice(0, 300) ?? '';
}

/** A path as typed in a POSIX shell: quoted only when it needs to be. */
function quote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

