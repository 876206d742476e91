/**
 * The Terraform source adapter: a root module folder (its `.tf` / `.tf.json`
 * files, tfvars, and the modules it calls) to `tf:<type>` facts, one per
 * resource or data source instance, addressed as in a plan. Values the source
 * does not determine are `unknown` with a reason; attributes absent from
 * source are absent (the provider default). Never throws: problems come back
 * as errors with file and line, and the readable rest is still adapted.
 * Imports the other modules of this folder, core types and the adapters'
 * error helpers.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AdapterResult, InputError, Resource } from '@onus/core';
import { formatPath } from '@onus/core';
import { inputError } from '../errors.js';
import type { Body } from './ast.js';
import { readSourceFile, SOURCE_HINT } from './config.js';
import { Evaluator, type Scope } from './evaluate.js';
import { parseHcl, terraformParser } from './hcl-syntax.js';
import { FileReader } from './files.js';
import { ModuleInstance, type InstanceResult, type RootValue } from './instance.js';
import { parseJsonVars } from './json-syntax.js';
import { ModuleLoader } from './module-tree.js';
import { Failure, isObject, newTracker, Unknown, View } from './values.js';

export const FORMAT = 'terraform-source';

/** Largest `.tf` / `.tfvars` file read (bigger ones are refused before parsing). */
export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface TerraformSourceOptions {
  /** Extra tfvars files, applied after `terraform.tfvars` and `*.auto.tfvars`, in order (as `-var-file`). */
  varFiles?: string[];
  /** Variable values applied last (as `-var`). */
  vars?: Record<string, unknown>;
  /** Refuse files larger than this many bytes (default 8 MiB). */
  maxFileBytes?: number;
  /** The folder as file names in facts and errors show it (default: `dir` as given). */
  shownAs?: string;
  /** Folder relative `varFiles` start from (default: the process's). */
  cwd?: string;
}

/** A scope where no name resolves: tfvars values are constants. */
const CONSTANT_SCOPE: Scope = {
  root: (name) => ({ value: new Failure(`tfvars values cannot refer to ${name}`), used: 0 }),
};

export async function adaptTerraformSource(dir: string, options: TerraformSourceOptions = {}): Promise<AdapterResult> {
  const errors: InputError[] = [];
  const shownDir = options.shownAs ?? dir;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  try {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) {
      return { format: FORMAT, resources: [], errors: [inputError(shownDir, 'Terraform source is read per module folder, and this is not a folder', 'give the folder that holds the .tf files')] };
    }
  } catch {
    return { format: FORMAT, resources: [], errors: [inputError(shownDir, 'the folder does not exist', 'give the folder that holds the .tf files')] };
  }
  const parser = await terraformParser();
  const loader = new ModuleLoader(parser, dir, shownDir, maxBytes);
  const tree = await loader.load();
  errors.push(...loader.errors);

  const rootValues = new Map<string, RootValue>();
  const varFiles = await varFilesOf(dir, shownDir, options.varFiles ?? [], options.cwd);
  for (const { file, shown } of varFiles) {
    const parsed = await readSourceFile(parser, file, shown, maxBytes, file.endsWith('.json') ? parseJsonVars : parseHcl);
    if ('error' in parsed) {
      errors.push(parsed.error);
      continue;
    }
    readVars(parsed.body, shown, rootValues, errors);
  }
  for (const [name, value] of Object.entries(options.vars ?? {})) rootValues.set(name, { value });
  for (const name of rootValues.keys()) {
    if (!tree.config.variables.has(name)) rootValues.delete(name);
  }

  const root = new ModuleInstance({ rootDir: dir, rootValues, files: new FileReader(dir, maxBytes) }, tree, []);
  const resources: Resource[] = [];
  for (const instance of root.all()) {
    try {
      resources.push(toFact(instance.evaluate()));
    } catch (error) {
      // A bug or a pathological expression in one resource must not lose the others.
      const reason = error instanceof RangeError ? 'its expressions nest too deeply to evaluate' : `internal error: ${(error as Error).message}`;
      errors.push(inputError(instance.file, `${instance.address} could not be read: ${reason}`, 'simplify the expression, or report the input to onus if it is valid Terraform', { line: instance.block.line }));
    }
  }
  errors.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1));
  // Every file read: the .tf files of the module and of those it calls, and the tfvars that set its variables.
  const files = [...new Set([...(await loader.files()), ...varFiles.map((v) => v.shown)])].sort();
  return { format: FORMAT, resources, errors, files, ...(loader.warnings.length > 0 ? { warnings: loader.warnings } : {}) };
}

/** tfvars in Terraform's order: terraform.tfvars(.json), *.auto.tfvars(.json) by name, then the given files. */
async function varFilesOf(dir: string, shownDir: string, given: string[], cwd = process.cwd()): Promise<{ file: string; shown: string }[]> {
  let names: string[] = [];
  try {
    names = (await fs.readdir(dir)).sort();
  } catch {
    // The folder was checked before; a race leaves no tfvars.
  }
  const found = [
    ...['terraform.tfvars', 'terraform.tfvars.json'].filter((fixed) => names.includes(fixed)),
    ...names.filter((name) => name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json')),
  ];
  return [...found.map((name) => ({ file: path.join(dir, name), shown: path.join(shownDir, name) })), ...given.map((file) => ({ file: path.resolve(cwd, file), shown: file }))];
}

function readVars(body: Body, file: string, into: Map<string, RootValue>, errors: InputError[]): void {
  for (const block of body.blocks) {
    errors.push(inputError(file, `a tfvars file holds only name = value lines, found a "${block.type}" block at line ${block.line}`, 'move the block into a .tf file', { line: block.line }));
  }
  for (const attr of body.attributes) {
    const value = new Evaluator(CONSTANT_SCOPE, newTracker()).evaluate(attr.expr);
    if (value instanceof Unknown) {
      errors.push(inputError(file, `the value of ${attr.name} at line ${attr.line} is not a constant: ${value.reason}`, 'tfvars values must be literal values', { line: attr.line }));
      continue;
    }
    into.set(attr.name, { value });
  }
}

/** The fact of one evaluated instance: unknown leaves taken out of the values and listed with their reasons. */
function toFact(r: InstanceResult): Resource {
  const unknownReasons: Record<string, string> = {};
  for (const [p, reason] of r.unknownMeta) unknownReasons[p] = reason;
  const values = clean(r.raw, [], unknownReasons, 0) as Record<string, unknown>;
  const refs: Record<string, string[]> = {};
  for (const [p, set] of r.refs) refs[p] = [...set];
  const lines: Record<string, number> = {};
  for (const [p, line] of r.lines) lines[p] = line;
  const resource: Resource = {
    kind: `tf:${r.type}`,
    address: r.address,
    values,
    unknown: Object.keys(unknownReasons),
    sensitive: [...r.sensitive],
    refs,
    source: { file: r.file, format: FORMAT, line: r.line, lines },
  };
  if (Object.keys(unknownReasons).length > 0) resource.unknownReasons = unknownReasons;
  if (r.module) resource.source.module = r.module;
  if (r.mode === 'data') resource.dataSource = true;
  return resource;
}

const DROPPED = Symbol('dropped');

function clean(value: unknown, at: (string | number)[], reasons: Record<string, string>, depth: number): unknown {
  if (value instanceof Unknown) {
    reasons[formatPath(at)] = value.reason;
    return DROPPED;
  }
  if (value instanceof View) {
    reasons[formatPath(at)] = 'a whole resource or module instance, known after apply';
    return DROPPED;
  }
  if (depth > 64) return null;
  if (Array.isArray(value)) return value.map((v, i) => {
    const c = clean(v, [...at, i], reasons, depth + 1);
    return c === DROPPED ? null : c;
  });
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      const c = clean(value[k], [...at, k], reasons, depth + 1);
      if (c !== DROPPED) out[k] = c;
    }
    return out;
  }
  return value;
}

export { SOURCE_HINT };
