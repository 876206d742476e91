/**
 * The scan pipeline: inputs -> adapters -> facts -> evaluation -> waivers ->
 * report, for a plan made by `planScan`. Never throws on bad input:
 * unreadable inputs become report errors and the readable ones are still
 * evaluated. Every file seen is accounted (`report.files`): read, rendered,
 * skipped with the reason, or failed. Terraform module folders are read whole
 * (./source-inputs.ts). Rego sources of the plan are evaluated on each input
 * as parsed (kept by reference) and on the facts, beside the pack (./rego.ts).
 * Imports @onus/core and @onus/adapters.
 */
// `fs.promises`, not `node:fs/promises`: Node loads it (and readline with it) at first use, not at start.
import { promises as fs, readFileSync, statSync } from 'node:fs';
import { constants } from 'node:buffer';
import { basename, join } from 'node:path';
import {
  annotationWaivers,
  applyWaivers,
  takesInlineWaivers,
  buildReport,
  clockMs,
  evaluate,
  type InputError,
  type Report,
  type ReportInput,
  type Resource,
} from '@onus/core';
import { adaptParsed, isTerraformSourceFile, linkKubernetesRefs, readInput, utf8Text, type InputFormat, type InputResult } from '@onus/adapters';
import { FileAccount } from './account.js';
import { discover, isNotInputName, type DiscoveredInput } from './discover.js';
import { scanInlineWaivers } from './inline-waivers.js';
import { accountRendered, renderTemplates, type RenderedTemplate, type RenderLimits, type RenderSetting } from './render.js';
import type { ScanPlan } from './plan.js';
import { evaluateRego, regoInputs, regoRan, type RegoInput } from './rego.js';
import { pairPlansWithSource, readModule, rootModules, type PlanRead, type TerraformVars } from './source-inputs.js';
import { VERSION } from './version.js';

/** A path (file, folder, `-` for stdin), a text in memory, or a value already parsed with its format. */
export type ScanInput = string | { file: string; content: string | Uint8Array } | { format: InputFormat; data: unknown; file?: string };

export interface ScanProgress {
  /**
   * `inputs`: what is to be read is known, before the first read (`total` inputs, of which `modules` are
   * Terraform module folders, and the `bytes` of the others); `read`: an input is about to be read;
   * `parsed`: it is parsed (its text given up), its facts not yet adapted; `evaluate`: the policies run.
   */
  phase: 'inputs' | 'read' | 'parsed' | 'evaluate';
  done: number;
  total: number;
  file?: string;
  /** With `parsed`: the length of the file's text. */
  length?: number;
  /** With `inputs`: the Terraform module folders to read. */
  modules?: number;
  /** With `inputs`: the size of the files and texts to read besides module folders (strings count their characters), when known: never with standard input. */
  bytes?: number;
}

export interface ScanOptions {
  /** Folder relative paths start from (default: the process's). */
  cwd?: string;
  /** Skip named files whose format is not recognised (as found ones are) instead of reporting them. */
  ignoreUnknown?: boolean;
  /** Problems found before the scan (config, policies, the plan) to carry into the report. */
  errors?: readonly InputError[];
  /** Standard input, for the `-` path. */
  readStdin?: () => Promise<Uint8Array>;
  onProgress?: (progress: ScanProgress) => void;
  /** The version of the tool named in the report (default: the engine's). */
  toolVersion?: string;
  /**
   * Render Helm charts and kustomizations with `helm` / `kustomize` from the
   * PATH (default off: no process is started). Charts not rendered are named
   * in `report.files` with the command to pipe.
   */
  render?: RenderSetting;
  /** Time limit, output cap and environment (PATH) of renders. */
  renderLimits?: RenderLimits;
  /** Path globs folder scans leave out (`*` any run of characters, `/` included); see `discover`. */
  exclude?: readonly string[];
  /** Read `# onus:ignore ID reason="..."` comments next to resources as waivers (default true). */
  inlineWaivers?: boolean;
  /** Variable values for Terraform source folders (`-var-file`, `-var`). */
  terraform?: TerraformVars;
}

export interface ScanResult {
  /** The report; `report.files` accounts for every file seen (read, rendered, skipped and why, failed). */
  report: Report;
  /** Inputs read with a remark that does not stop them (a duplicate YAML key, a patch document left out). */
  warnings: InputError[];
}

/** Largest input read: 512 MiB, and never more than a string can hold once decoded. */
export const MAX_INPUT_BYTES = Math.min(512 * 1024 * 1024, constants.MAX_STRING_LENGTH);

export async function scan(inputs: readonly ScanInput[], plan: ScanPlan, options: ScanOptions = {}): Promise<ScanResult> {
  const startedAt = clockMs();
  const cwd = options.cwd ?? process.cwd();
  const errors: InputError[] = [...(options.errors ?? [])];
  const { pack } = plan;

  // Inputs.
  const paths = inputs.filter((i): i is string => typeof i === 'string');
  const found = paths.length ? await discover(paths, cwd, { exclude: options.exclude ?? [] }) : { inputs: [], modules: [], problems: [], folders: [], templates: [], skipped: [] };
  const { roots: modules, examples } = await rootModules(found.modules);
  errors.push(...found.problems);
  const account = new FileAccount();
  for (const p of found.problems) account.failed(p);
  for (const s of found.skipped) account.skipped(s.file, s.reason, s.detail);
  for (const m of examples) await accountExample(account, m);
  const renders = await renderTemplates(found.templates, options.render, options.renderLimits ?? {}, account, found.inputs);
  errors.push(...renders.errors);
  type Pending =
    | DiscoveredInput
    | { file: string; content: string | Uint8Array; explicit: true; rendered?: RenderedTemplate; folder?: string }
    | { file: string; format: InputFormat; data: unknown; explicit: true };
  const pending: Pending[] = found.inputs.filter((i) => !renders.claimed.has(i.path));
  for (const r of renders.rendered) pending.push({ file: r.template.file, content: r.output, explicit: true, rendered: r, ...(r.template.folder !== undefined ? { folder: r.template.folder } : {}) });
  // A kustomization not built: the manifests beside it are read as they are (its patches were left out in discover).
  pending.push(...renders.plain);
  const foldersWithInputs = new Set<string>();
  /** The folder given on the command line that an input came from has something in it (no "nothing found" error). */
  const inFolder = (input: Pending) => {
    if ('folder' in input && input.folder !== undefined) foldersWithInputs.add(input.folder);
  };
  const inlineWaiversOn = options.inlineWaivers !== false;
  inputs.forEach((input, i) => {
    if (typeof input === 'string') return;
    if ('content' in input) pending.push({ ...input, explicit: true });
    else pending.push({ file: input.file ?? `<${input.format} ${i + 1}>`, format: input.format, data: input.data, explicit: true });
  });
  const read: ReportInput[] = [];
  const resources: Resource[] = [];
  const warnings: InputError[] = [];
  const contents = new Map<string, string | Uint8Array>();
  const documents: RegoInput[] = [];
  const plans: PlanRead[] = [];
  const total = pending.length + modules.length;
  if (options.onProgress) options.onProgress({ phase: 'inputs', done: 0, total, modules: modules.length, ...sizeOf(pending) });
  let done = 0;
  for (const input of pending) {
    options.onProgress?.({ phase: 'read', done, total, file: input.file });
    done++;
    const rendered = 'rendered' in input ? input.rendered : undefined;
    const lenient = !rendered && (!input.explicit || options.ignoreUnknown === true);
    if (!rendered && input.explicit && options.ignoreUnknown && isNotInputName(basename(input.file))) {
      account.skipped(input.file, 'other-tool', 'configuration of another tool');
      continue;
    }
    // What was read is held here only, and the reader takes it: a large plan's text is freed while the plan is
    // adapted. The text of a format with inline waivers comes back as `result.text`.
    const held: { content?: string | Uint8Array | undefined } = {};
    if ('content' in input) held.content = input.content;
    else if (!('data' in input)) {
      const loaded = input.path === '-' ? await readStdin(options) : readFile(input);
      if ('error' in loaded) {
        errors.push(loaded.error);
        account.failed(loaded.error);
        inFolder(input);
        continue;
      }
      held.content = take(loaded);
    }
    if (rendered && rendered.output.trim() === '') {
      accountRendered(rendered, [], 'kubernetes', account);
      inFolder(input);
      continue;
    }
    // A value already parsed is adapted with its declared format, never re-serialised.
    const result: InputResult =
      'data' in input
        ? adaptParsed(input.format, input.data, input.file)
        : readInput(input.file, () => take(held) ?? '', {
            lenient,
            documents: plan.rego.length > 0,
            ...(inlineWaiversOn ? { keepText: takesInlineWaivers } : {}),
            onParsed: (length) => options.onProgress?.({ phase: 'parsed', done, total, file: input.file, length }),
          });
    const content = result.text ?? take(held);
    if (result.skipped !== undefined) {
      account.skipped(input.file, result.skipReason ?? 'not-an-input', result.skipped);
      continue;
    }
    inFolder(input);
    errors.push(...result.errors);
    warnings.push(...(result.warnings ?? []));
    // Only texts that can hold `# onus:ignore` are kept for the inline waivers (never a plan's bytes).
    if (inlineWaiversOn && content !== undefined && result.resources.length > 0 && takesInlineWaivers(result.format)) contents.set(input.file, content);
    if (result.format !== 'unknown') {
      read.push({ file: input.file, format: result.format, resources: result.resources.length });
      for (const r of result.resources) resources.push(r);
      if (plan.rego.length > 0) documents.push(...regoInputs(input.file, result.format, 'data' in input ? [input.data] : result.documents));
      if (result.format === 'terraform-plan' && 'path' in input) plans.push({ path: input.path, resources: result.resources });
      if (rendered) accountRendered(rendered, result.resources, result.format, account);
      else account.read(input.file, result.format, result.resources.length);
    } else if (rendered) {
      for (const file of rendered.members) account.failed({ file, message: `the output of \`${rendered.command}\` was not read: ${result.errors[0]?.message ?? 'no manifest in it'}` });
    } else for (const e of result.errors) account.failed(e);
  }
  // Terraform source: each root module folder read whole.
  const sources = [];
  for (const m of modules) {
    options.onProgress?.({ phase: 'read', done: done++, total, file: m.file });
    const source = await readModule(m, options.terraform ?? {}, cwd);
    if (source.folder !== undefined) foldersWithInputs.add(source.folder);
    errors.push(...source.errors);
    warnings.push(...source.warnings);
    read.push(source.input);
    accountModule(account, source);
    sources.push(source);
  }
  for (const source of pairPlansWithSource(plans, sources)) for (const r of source.resources) resources.push(r);
  for (const folder of found.folders) {
    if (!foldersWithInputs.has(folder)) {
      const seen = found.skipped.filter((s) => s.folder === folder).length + found.templates.filter((t) => t.folder === folder).reduce((n, t) => n + t.members.length, 0);
      errors.push({
        file: folder,
        message: `no Terraform source or plan JSON, Kubernetes manifest or cloud export found in this folder${seen ? ` (${seen} other file${seen === 1 ? '' : 's'} seen and not checked: see the list of files)` : ''}`,
        hint: 'scan the folder that holds them, or name the files (a plan must first be written with `terraform show -json tfplan > plan.json`)',
      });
    }
  }
  linkKubernetesRefs(resources);

  // Evaluate and waive.
  options.onProgress?.({ phase: 'evaluate', done: 0, total: resources.length });
  const findings = evaluate(resources, pack, { params: plan.params, selected: plan.selected });
  if (plan.rego.length > 0) findings.push(...(await evaluateRego(plan.rego, plan.selected, documents, resources)));
  const inline = inlineWaiversOn ? scanInlineWaivers(resources, contents, plan, cwd) : { waivers: [], problems: [] };
  errors.push(...inline.problems);
  const waivers = [...plan.waivers, ...annotationWaivers(resources), ...inline.waivers];
  const waived = applyWaivers(findings, waivers, plan.today);
  const report = buildReport({
    pack,
    toolVersion: options.toolVersion ?? VERSION,
    inputs: read,
    errors: distinct(errors),
    files: account.list(),
    findings: waived.findings,
    areas: [...plan.areas],
    waivers: {
      // A waiver for a policy that did not run (--only, --skip, an area not enabled) is not stale;
      // one naming no pack policy is for a Rego message's own id, stale when Rego ran and gave none.
      stale: waived.stale.filter((w) => w.policy === '*' || plan.selected.has(w.policy) || (regoRan(plan.rego, plan.selected) && !plan.pack.policies.some((p) => p.id === w.policy))),
      expired: waived.expired,
    },
    startedAt,
  });
  return { report, warnings: distinct(warnings) };
}

/** Each problem or remark once: a module called from several roots is read, and remarked on, through each of them. */
function distinct(list: readonly InputError[]): InputError[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const key = `${e.file}\u0000${e.line ?? ''}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every Terraform file of a module read (its called modules' files too): read, with its resources, or failed with its first error. */
function accountModule(account: FileAccount, { files, resources, errors }: { files: readonly string[]; resources: readonly Resource[]; errors: readonly InputError[] }): void {
  const counts = new Map<string, number>();
  for (const file of files) counts.set(file, 0);
  for (const r of resources) if (r.source.file !== undefined) counts.set(r.source.file, (counts.get(r.source.file) ?? 0) + 1);
  const failed = new Set(errors.map((e) => e.file));
  for (const e of errors) account.failed(e);
  for (const [file, n] of counts) if (!failed.has(file)) account.read(file, 'terraform-source', n);
}

/** The Terraform files of a module example found in a folder scan, which is read only when named. */
async function accountExample(account: FileAccount, m: { file: string; path: string }): Promise<void> {
  const fix = `name its folder to check it: \`onus scan ${m.file}\``;
  for (const file of await terraformFiles(m)) account.skipped(file, 'module-example', 'an example of a module, read only when its folder is named', { from: m.file, fix });
}

/** The Terraform files of a module folder, as shown (none when it cannot be listed: the module's own errors say why). */
async function terraformFiles(m: { file: string; path: string }): Promise<string[]> {
  try {
    return (await fs.readdir(m.path)).filter(isTerraformSourceFile).map((name) => (m.file === '.' || m.file === '' ? name : join(m.file, name)));
  } catch {
    return [];
  }
}

/** The content a holder has, which gives up its reference to it (so a large input's text can be freed once read). */
function take(holder: { content?: string | Uint8Array | undefined }): string | Uint8Array | undefined {
  const content = holder.content;
  holder.content = undefined;
  return content;
}

/** UTF-8 bytes as their text, decoded as soon as read: a large plan is then held once, not as bytes and text. */
function asText(bytes: Uint8Array): string | Uint8Array {
  return utf8Text(bytes) ?? bytes;
}

/** Standard input, as the CLI gives it. */
async function readStdin(options: ScanOptions): Promise<{ content: string | Uint8Array } | { error: InputError }> {
  if (!options.readStdin) return { error: { file: '-', message: 'no standard input to read', hint: 'pipe the input, e.g. `terraform show -json tfplan | onus scan -`' } };
  return { content: asText(await options.readStdin()) };
}

/**
 * A file's content, read synchronously: for the many small files of a
 * pre-commit run, asynchronous reads (a pool of eight ahead of the one being
 * adapted) cost 100 ms more of a 900 ms run on two cores, in callbacks and
 * thread-pool hand-overs, than they saved by overlapping; a large plan reads
 * as fast either way, and the scan that follows holds the thread anyway.
 */
function readFile(input: DiscoveredInput): { content: string | Uint8Array } | { error: InputError } {
  try {
    // Stat'ed already by discovery (a file named on the command line) or for the progress total: not again.
    const size = input.size ?? statSync(input.path).size;
    if (size > MAX_INPUT_BYTES) return { error: tooLarge(input.file, size) };
    const bytes = readFileSync(input.path);
    // It may have grown since.
    if (bytes.byteLength > MAX_INPUT_BYTES) return { error: tooLarge(input.file, bytes.byteLength) };
    return { content: asText(bytes) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { error: { file: input.file, message: `cannot read the file (${code ?? String(err)})`, hint: code === 'EACCES' ? 'check its permissions' : 'check the path' } };
  }
}

function tooLarge(file: string, size: number): InputError {
  return {
    file,
    message: `the file is ${Math.round(size / 1024 / 1024)} MiB, more than onus reads (${Math.floor(MAX_INPUT_BYTES / 1024 / 1024)} MiB)`,
    hint: 'split the input (one plan per root module, manifests per namespace)',
  };
}

/**
 * The bytes of the inputs to read (`{}` when one is standard input); a file
 * that cannot be stat'ed counts nothing, as reading it will fail. A file's
 * size, once stat'ed here, stays on it for the size check before reading.
 */
function sizeOf(pending: readonly ({ path: string; size?: number } | { content: string | Uint8Array } | { data: unknown })[]): { bytes?: number } {
  let bytes = 0;
  for (const input of pending) {
    if ('content' in input) bytes += typeof input.content === 'string' ? input.content.length : input.content.byteLength;
    else if ('path' in input) {
      if (input.path === '-') return {};
      if (input.size !== undefined) {
        bytes += input.size;
        continue;
      }
      try {
        input.size = statSync(input.path).size;
        bytes += input.size;
      } catch {
        // Unreadable: reading it will say why.
      }
    }
  }
  return { bytes };
}
