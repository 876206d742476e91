/**
 * One scan: inputs -> adapters -> evaluate -> waivers -> report, and the exit
 * code it implies. Used by `onus scan` and exported for library users.
 * Never throws on bad input: unreadable inputs become report errors and the
 * readable ones are still evaluated.
 */
import { readFile, stat } from 'node:fs/promises';
import { constants } from 'node:buffer';
import { basename } from 'node:path';
import {
  annotationWaivers,
  applyWaivers,
  blockingFindings,
  buildReport,
  evaluate,
  isPolicySelected,
  resolveParams,
  type EvaluateOptions,
  type Finding,
  type InputError,
  type Pack,
  type Report,
  type ReportInput,
  type Resource,
  type Responsibility,
  type Waiver,
} from '@onus/core';
import { adaptParsed, linkKubernetesRefs, readInput, type InputFormat } from '@onus/adapters';
import type { FailOn } from './config.js';
import { discover, isNotInputName, type DiscoveredInput } from './discover.js';
import { combinePack, defaultPack, knownName, loadUserPolicies } from './packs.js';
import { VERSION } from './version.js';

/** A path (file, folder, `-` for stdin), an input in memory, or a value already parsed with its format. */
export type ScanInput = string | { file: string; content: string | Uint8Array } | { file: string; format: InputFormat; data: unknown };

export interface ScanProgress {
  phase: 'read' | 'evaluate';
  done: number;
  total: number;
  file?: string;
}

export interface ScanOptions {
  /** Folder relative paths start from (default: the process's). */
  cwd?: string;
  /** The pack to run (default: the built-in pack). */
  pack?: Pack;
  /** Folders of extra policies to add to the pack. */
  policies?: readonly string[];
  /** Parameter values over the pack's defaults (validated here). */
  params?: Record<string, unknown>;
  /** Optional areas to turn on (`certificates`, `objectStore`). */
  enable?: readonly Responsibility[];
  /** Only these policy ids or areas. */
  only?: readonly string[];
  /** Not these policy ids or areas. */
  skip?: readonly string[];
  /** Waivers (config); Kubernetes `onus.dev/waive` annotations are always read. */
  waivers?: readonly Waiver[];
  /** `YYYY-MM-DD` against which waivers expire (default: today, local time). */
  today?: string;
  /** Lowest failing severity that gives exit code 1 (default `high`; `none`: never). */
  failOn?: FailOn;
  /** Unknown results at or above `failOn` count too. */
  failOnUnknown?: boolean;
  /** Skip named files whose format is not recognised (as found ones are) instead of reporting them. */
  ignoreUnknown?: boolean;
  /** Problems found before the scan (config, policies) to carry into the report. */
  errors?: readonly InputError[];
  /** Standard input, for the `-` path. */
  readStdin?: () => Promise<Uint8Array>;
  onProgress?: (progress: ScanProgress) => void;
}

export interface ScanResult {
  report: Report;
  /** 0: nothing at or above the threshold; 1: findings at or above it; 2: input, policy or evaluation errors. */
  exitCode: 0 | 1 | 2;
  /** The findings that make the exit code 1. */
  blocking: Finding[];
  /** Files found in folders (or named, with `ignoreUnknown`) that are not inputs onus reads. */
  skipped: string[];
}

/** Largest input read: 512 MiB, and never more than a string can hold once decoded. */
export const MAX_INPUT_BYTES = Math.min(512 * 1024 * 1024, constants.MAX_STRING_LENGTH);

export async function scan(inputs: readonly ScanInput[], options: ScanOptions = {}): Promise<ScanResult> {
  const startedAt = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const errors: InputError[] = [...(options.errors ?? [])];

  // The pack, with the user's policies.
  let pack = options.pack ?? defaultPack();
  if (options.policies?.length) {
    const user = loadUserPolicies(options.policies, cwd);
    const combined = combinePack(pack, user.policies, user.texts);
    errors.push(...user.problems, ...combined.problems);
    pack = combined.pack;
  }
  let params = options.params;
  if (params) {
    const resolved = resolveParams(pack, params);
    for (const e of resolved.errors) errors.push({ file: 'params', pointer: e.pointer, message: e.message, hint: 'see `onus init` for every parameter, its type and its default' });
    params = resolved.params;
  }
  const known = knownName(pack);
  for (const [flag, list] of [['only', options.only], ['skip', options.skip]] as const) {
    for (const name of list ?? []) {
      if (!known(name)) errors.push({ file: `--${flag}`, message: `"${name}" is neither a policy id nor an area`, hint: 'run `onus policies list` for the ids and areas' });
    }
  }

  // Inputs.
  const paths = inputs.filter((i): i is string => typeof i === 'string');
  const found = paths.length ? await discover(paths, cwd) : { inputs: [], problems: [], folders: [] };
  errors.push(...found.problems);
  type Pending = DiscoveredInput | (Exclude<ScanInput, string> & { explicit: true });
  const pending: Pending[] = [...found.inputs, ...inputs.filter((i): i is Exclude<ScanInput, string> => typeof i !== 'string').map((i) => ({ ...i, explicit: true as const }))];
  const read: ReportInput[] = [];
  const resources: Resource[] = [];
  const skipped: string[] = [];
  const foldersWithInputs = new Set<string>();
  let done = 0;
  for (const input of pending) {
    options.onProgress?.({ phase: 'read', done, total: pending.length, file: input.file });
    done++;
    const lenient = !input.explicit || options.ignoreUnknown === true;
    if (input.explicit && options.ignoreUnknown && isNotInputName(basename(input.file))) {
      skipped.push(input.file);
      continue;
    }
    let content: string | Uint8Array | undefined;
    if ('content' in input) content = input.content;
    else if (!('data' in input)) {
      const loaded = await load(input, options);
      if ('error' in loaded) {
        errors.push(loaded.error);
        if ('folder' in input && input.folder !== undefined) foldersWithInputs.add(input.folder);
        continue;
      }
      content = loaded.content;
    }
    // A value already parsed is adapted with its declared format, never re-serialised.
    const result = 'data' in input ? adaptParsed(input.format, input.data, input.file) : readInput(input.file, content ?? '', { lenient });
    if ('skipped' in result) {
      skipped.push(input.file);
      continue;
    }
    if ('folder' in input && input.folder !== undefined) foldersWithInputs.add(input.folder);
    errors.push(...result.errors);
    if (result.format !== 'unknown') {
      read.push({ file: input.file, format: result.format, resources: result.resources.length });
      for (const r of result.resources) resources.push(r);
    }
  }
  for (const folder of found.folders) {
    if (!foldersWithInputs.has(folder)) {
      errors.push({
        file: folder,
        message: 'no Terraform plan JSON, Kubernetes manifest or cloud export found in this folder',
        hint: 'scan the folder that holds them, or name the files (a plan must first be written with `terraform show -json tfplan > plan.json`)',
      });
    }
  }
  linkKubernetesRefs(resources);

  // Evaluate and waive.
  options.onProgress?.({ phase: 'evaluate', done: 0, total: resources.length });
  const evalOptions: EvaluateOptions = {
    ...(params ? { params } : {}),
    ...(options.enable ? { enable: options.enable } : {}),
    ...(options.only ? { only: options.only } : {}),
    ...(options.skip ? { skip: options.skip } : {}),
  };
  const selected = pack.policies.filter((p) => isPolicySelected(p, evalOptions));
  const selectedIds = new Set(selected.map((p) => p.id));
  const findings = evaluate(resources, pack, evalOptions);
  const waivers = [...(options.waivers ?? []), ...annotationWaivers(resources)];
  const waived = applyWaivers(findings, waivers, options.today ?? localToday());
  const areas = [...new Set(selected.map((p) => p.responsibility))];
  const report = buildReport({
    pack,
    toolVersion: VERSION,
    inputs: read,
    errors,
    findings: waived.findings,
    areas,
    waivers: {
      // A waiver for a policy that did not run (--only, --skip, an area not enabled) is not stale.
      stale: waived.stale.filter((w) => w.policy === '*' || selectedIds.has(w.policy)),
      expired: waived.expired,
    },
    startedAt,
  });
  const failOn = options.failOn ?? 'high';
  const blocking = failOn === 'none' ? [] : blockingFindings(report, failOn, options.failOnUnknown === true);
  const exitCode = report.errors.length > 0 || report.summary.error > 0 ? 2 : blocking.length > 0 ? 1 : 0;
  return { report, exitCode, blocking, skipped };
}

async function load(input: DiscoveredInput, options: ScanOptions): Promise<{ content: Uint8Array } | { error: InputError }> {
  if (input.path === '-') {
    if (!options.readStdin) return { error: { file: '-', message: 'no standard input to read', hint: 'pipe the input, e.g. `terraform show -json tfplan | onus scan -`' } };
    return { content: await options.readStdin() };
  }
  try {
    const info = await stat(input.path);
    if (info.size > MAX_INPUT_BYTES) {
      return {
        error: {
          file: input.file,
          message: `the file is ${Math.round(info.size / 1024 / 1024)} MiB, more than onus reads (${Math.floor(MAX_INPUT_BYTES / 1024 / 1024)} MiB)`,
          hint: 'split the input (one plan per root module, manifests per namespace)',
        },
      };
    }
    return { content: await readFile(input.path) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { error: { file: input.file, message: `cannot read the file (${code ?? String(err)})`, hint: code === 'EACCES' ? 'check its permissions' : 'check the path' } };
  }
}

/** Today's date in local time, `YYYY-MM-DD`. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
