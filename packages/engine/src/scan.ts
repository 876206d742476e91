/**
 * The scan pipeline: inputs -> adapters -> facts -> evaluation -> waivers ->
 * report, for a plan made by `planScan`. Never throws on bad input:
 * unreadable inputs become report errors and the readable ones are still
 * evaluated. Imports @onus/core and @onus/adapters.
 */
import { readFile, stat } from 'node:fs/promises';
import { constants } from 'node:buffer';
import { basename } from 'node:path';
import {
  annotationWaivers,
  applyWaivers,
  buildReport,
  evaluate,
  type InputError,
  type Report,
  type ReportInput,
  type Resource,
} from '@onus/core';
import { adaptParsed, linkKubernetesRefs, readInput, type InputFormat } from '@onus/adapters';
import { discover, isNotInputName, type DiscoveredInput } from './discover.js';
import type { ScanPlan } from './plan.js';
import { VERSION } from './version.js';

/** A path (file, folder, `-` for stdin), a text in memory, or a value already parsed with its format. */
export type ScanInput = string | { file: string; content: string | Uint8Array } | { format: InputFormat; data: unknown; file?: string };

export interface ScanProgress {
  phase: 'read' | 'evaluate';
  done: number;
  total: number;
  file?: string;
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
}

export interface ScanResult {
  report: Report;
  /** Files found in folders (or named, with `ignoreUnknown`) that are not inputs onus reads. */
  skipped: string[];
}

/** Largest input read: 512 MiB, and never more than a string can hold once decoded. */
export const MAX_INPUT_BYTES = Math.min(512 * 1024 * 1024, constants.MAX_STRING_LENGTH);

export async function scan(inputs: readonly ScanInput[], plan: ScanPlan, options: ScanOptions = {}): Promise<ScanResult> {
  const startedAt = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const errors: InputError[] = [...(options.errors ?? [])];
  const { pack } = plan;

  // Inputs.
  const paths = inputs.filter((i): i is string => typeof i === 'string');
  const found = paths.length ? await discover(paths, cwd) : { inputs: [], problems: [], folders: [] };
  errors.push(...found.problems);
  type Pending = DiscoveredInput | { file: string; content: string | Uint8Array; explicit: true } | { file: string; format: InputFormat; data: unknown; explicit: true };
  const pending: Pending[] = [...found.inputs];
  inputs.forEach((input, i) => {
    if (typeof input === 'string') return;
    if ('content' in input) pending.push({ ...input, explicit: true });
    else pending.push({ file: input.file ?? `<${input.format} ${i + 1}>`, format: input.format, data: input.data, explicit: true });
  });
  const read: ReportInput[] = [];
  const resources: Resource[] = [];
  const skipped: string[] = [];
  const foldersWithInputs = new Set<string>();
  let done = 0;
  // Files are read a few ahead of the one being adapted (many small files: the disk and the CPU overlap).
  const reads = new Map<Pending, ReturnType<typeof load>>();
  const readAhead = (from: number) => {
    for (let j = from; j < Math.min(pending.length, from + READ_AHEAD); j++) {
      const next = pending[j]!;
      if (reads.has(next) || 'content' in next || 'data' in next || next.path === '-') continue;
      if (next.explicit && options.ignoreUnknown && isNotInputName(basename(next.file))) continue;
      reads.set(next, load(next, options));
    }
  };
  for (const [at, input] of pending.entries()) {
    readAhead(at);
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
      const loaded = await (reads.get(input) ?? load(input, options));
      reads.delete(input);
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
  const findings = evaluate(resources, pack, { params: plan.params, selected: plan.selected });
  const waivers = [...plan.waivers, ...annotationWaivers(resources)];
  const waived = applyWaivers(findings, waivers, plan.today);
  const report = buildReport({
    pack,
    toolVersion: options.toolVersion ?? VERSION,
    inputs: read,
    errors,
    findings: waived.findings,
    areas: [...plan.areas],
    waivers: {
      // A waiver for a policy that did not run (--only, --skip, an area not enabled) is not stale.
      stale: waived.stale.filter((w) => w.policy === '*' || plan.selected.has(w.policy)),
      expired: waived.expired,
    },
    startedAt,
  });
  return { report, skipped };
}

/** How many files are read ahead of the one being adapted. */
const READ_AHEAD = 8;

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
