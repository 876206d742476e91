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
  type AdapterResult,
  type InputError,
  type Report,
  type ReportInput,
  type Resource,
} from '@onus/core';
import { fromAwsCli, fromAwsConfig, fromCloudAssets, fromKubernetes, fromTerraformPlan, linkKubernetesRefs, readInput, type InputFormat } from '@onus/adapters';
import { parseAllDocuments } from 'yaml';
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
  for (const input of pending) {
    options.onProgress?.({ phase: 'read', done, total: pending.length, file: input.file });
    done++;
    const lenient = !input.explicit || options.ignoreUnknown === true;
    if (input.explicit && options.ignoreUnknown && isNotInputName(basename(input.file))) {
      skipped.push(input.file);
      continue;
    }
    if ('data' in input) {
      const result = adaptParsed(input.format, input.data, input.file);
      errors.push(...result.errors);
      read.push({ file: input.file, format: result.format, resources: result.resources.length });
      for (const r of result.resources) resources.push(r);
      continue;
    }
    let content: string | Uint8Array;
    if ('content' in input) content = input.content;
    else {
      const loaded = await load(input, options);
      if ('error' in loaded) {
        errors.push(loaded.error);
        if ('folder' in input && input.folder !== undefined) foldersWithInputs.add(input.folder);
        continue;
      }
      content = loaded.content;
    }
    if (lenient && /\.ya?ml$/i.test(input.file) && isTemplate(content)) {
      skipped.push(input.file); // a Helm chart's template: render it first (helm template ... > rendered.yaml)
      continue;
    }
    const result = readInput(input.file, content);
    if (result.format === 'unknown' && lenient && isClearlyNotInput(content)) {
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

/** An input already parsed, adapted with its declared format. */
function adaptParsed(format: InputFormat, data: unknown, file: string): AdapterResult {
  const value = typeof data === 'object' && data !== null ? data : String(data);
  switch (format) {
    case 'terraform-plan':
      return fromTerraformPlan(value, file);
    case 'kubernetes':
      return fromKubernetes(typeof data === 'string' ? data : JSON.stringify(data), file);
    case 'aws-config':
      return fromAwsConfig(value, file);
    case 'aws-cli':
      return fromAwsCli(value, file);
    case 'gcp-cai':
      return fromCloudAssets(value, file);
  }
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

/**
 * A found file whose format was not recognised is skipped when it is some other
 * tool's file: well-formed JSON or YAML, empty, or malformed but with nothing
 * of a plan, manifest or export in it (JSON with comments, say). A malformed
 * file that looks like an input is still reported: it may be a truncated plan.
 */
function isClearlyNotInput(content: string | Uint8Array): boolean {
  let text: string;
  if (typeof content === 'string') text = content;
  else {
    if (content.length >= 4 && content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04) return false; // a binary plan
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      return false;
    }
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return true;
  return wellFormed(text) || !LOOKS_LIKE_INPUT.test(text.slice(0, 1 << 20));
}

/** Keys that only plans, manifests and exports have near their top. */
const LOOKS_LIKE_INPUT =
  /"(format_version|terraform_version|resource_changes|planned_values|configurationItems?|resourceType|asset_type|assetType|apiVersion|SecurityGroups|Reservations|LoadBalancers|PasswordPolicy|UserDetailList|RoleDetailList)"\s*:|^\s*(apiVersion|kind)\s*:/m;

function wellFormed(text: string): boolean {
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return text.split('\n').every((line) => {
        if (line.trim() === '') return true;
        try {
          JSON.parse(line);
          return true;
        } catch {
          return false;
        }
      });
    }
  }
  try {
    return Array.from(parseAllDocuments(text, { prettyErrors: false })).every((d) => d.errors.length === 0);
  } catch {
    return false;
  }
}

/** Go/Helm template markers in a YAML file: not a manifest until rendered. */
function isTemplate(content: string | Uint8Array): boolean {
  const head = typeof content === 'string' ? content.slice(0, 65536) : new TextDecoder().decode(content.subarray(0, 65536));
  return /\{\{-?\s*[.$A-Za-z(/-]/.test(head);
}
