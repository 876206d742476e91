/**
 * Terraform source in a scan: which module folders found or named are roots
 * (a folder another one calls is read through its caller, once; the
 * `examples/` of a module are read only when named), each root read whole by
 * the source adapter, and plan facts given the file and lines of the same
 * address in the source folder scanned with them (the plan keeps its values).
 * Imports @onus/core and @onus/adapters.
 */
// `fs.promises`, not `node:fs/promises`: Node loads it (and readline with it) at first use, not at start.
import { promises as fs } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { InputError, ReportInput, Resource } from '@onus/core';
import { fromTerraformSource, isTerraformSourceFile } from '@onus/adapters';
import type { DiscoveredModule } from './discover.js';

/** Variable values for every Terraform source root, as `terraform plan` takes them. */
export interface TerraformVars {
  /** tfvars files (`-var-file`), relative to the scan's folder, applied in order after the module's own. */
  varFiles?: readonly string[];
  /** Values (`-var`), applied last. */
  vars?: Readonly<Record<string, unknown>>;
}

/** One root module read. */
export interface SourceRead {
  input: ReportInput;
  /** Absolute folder. */
  dir: string;
  resources: Resource[];
  /** Every file read: the folder's and those of the local modules it calls. */
  files: string[];
  errors: InputError[];
  /** Remarks that do not stop the module (a registry module not followed). */
  warnings: InputError[];
  /** The folder given on the command line it was found in. */
  folder?: string;
}

/** A local module source in a `.tf` or `.tf.json` text: `source = "./x"`, `"source": "../x"`. */
const LOCAL_SOURCE = /(?:^|[\s{,])"?source"?\s*[=:]\s*"(\.\.?\/[^"]*)"/gm;

/** The folders a module folder calls with local sources, absolute (read from the text, before any parse). */
async function localCalls(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter(isTerraformSourceFile);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    let text: string;
    try {
      text = await fs.readFile(join(dir, name), 'utf8');
    } catch {
      continue; // the adapter reports it
    }
    for (const m of text.matchAll(LOCAL_SOURCE)) out.push(resolve(dir, m[1]!));
  }
  return out;
}

/** Whether a found module sits in the `examples/` folder of a module (read only when named). */
function isModuleExample(m: DiscoveredModule, moduleDirs: ReadonlySet<string>): boolean {
  if (m.explicit || m.folder === undefined) return false;
  const given = resolve(m.path, relative(m.file, m.folder));
  const parts = relative(given, m.path).split(sep);
  return parts.some((part, i) => part === 'examples' && moduleDirs.has(join(given, ...parts.slice(0, i))));
}

/** The found modules that are examples of another found module: not read, but named in the account. */
function moduleExamples(modules: readonly DiscoveredModule[]): DiscoveredModule[] {
  const dirs = new Set(modules.map((m) => resolve(m.path)));
  return modules.filter((m) => isModuleExample(m, dirs));
}

/**
 * The module folders to read as roots, in the order given: not the examples
 * of a module, and not a folder that another candidate calls (it is read
 * through its caller, with the caller's arguments). Folders in a call cycle
 * with no outside caller: the outermost is a root (the adapter reports the cycle).
 * Also the examples left out (not read, but named in the account).
 */
export async function rootModules(modules: readonly DiscoveredModule[]): Promise<{ roots: DiscoveredModule[]; examples: DiscoveredModule[] }> {
  const examples = moduleExamples(modules);
  const left = new Set(examples);
  const candidates = modules.filter((m) => !left.has(m));
  if (candidates.length < 2) return { roots: [...candidates], examples };
  const byDir = new Map(candidates.map((m) => [resolve(m.path), m]));
  const calls = new Map<string, string[]>();
  for (const dir of byDir.keys()) calls.set(dir, (await localCalls(dir)).filter((d) => byDir.has(d) && d !== dir));
  const called = new Set([...calls.values()].flat());
  const covered = new Set<string>();
  const cover = (dir: string) => {
    if (covered.has(dir)) return;
    covered.add(dir);
    for (const next of calls.get(dir) ?? []) cover(next);
  };
  const roots = new Set<string>();
  for (const dir of byDir.keys()) {
    if (!called.has(dir)) {
      roots.add(dir);
      cover(dir);
    }
  }
  // What is left is in cycles: the outermost folder of each is the root.
  for (const dir of [...byDir.keys()].sort((a, b) => a.split(sep).length - b.split(sep).length)) {
    if (!covered.has(dir)) {
      roots.add(dir);
      cover(dir);
    }
  }
  return { roots: candidates.filter((m) => roots.has(resolve(m.path))), examples };
}

/** Read one root module folder with the source adapter. */
export async function readModule(m: DiscoveredModule, vars: TerraformVars, cwd: string): Promise<SourceRead> {
  const result = await fromTerraformSource(m.path, {
    shownAs: m.file,
    cwd,
    ...(vars.varFiles?.length ? { varFiles: [...vars.varFiles] } : {}),
    ...(vars.vars ? { vars: { ...vars.vars } } : {}),
  });
  return {
    input: { file: m.file, format: result.format, resources: result.resources.length },
    dir: resolve(m.path),
    resources: result.resources,
    files: result.files ?? [],
    errors: result.errors,
    warnings: result.warnings ?? [],
    ...(m.folder !== undefined ? { folder: m.folder } : {}),
  };
}

/** A plan read in the scan, with its absolute path. */
export interface PlanRead {
  path: string;
  resources: Resource[];
}

/**
 * Pair plans with the source folders scanned with them: a plan in a root
 * module's folder, or the only plan with the only root. The plan's facts take
 * the file, line and attribute lines of the same address in the source, and
 * keep their values; the paired source facts are not evaluated (the plan is
 * the more precise of the two). Returns the source reads whose facts stay.
 */
export function pairPlansWithSource(plans: readonly PlanRead[], sources: readonly SourceRead[]): SourceRead[] {
  const withFacts = plans.filter((p) => p.resources.length > 0);
  const paired = new Set<SourceRead>();
  for (const plan of withFacts) {
    const source = sources.find((s) => s.dir === dirname(resolve(plan.path))) ?? (withFacts.length === 1 && sources.length === 1 ? sources[0] : undefined);
    if (!source) continue;
    const byAddress = new Map(source.resources.map((r) => [r.address, r]));
    let matched = 0;
    for (const r of plan.resources) {
      const s = byAddress.get(r.address);
      if (!s) continue;
      matched++;
      r.source = { ...r.source, file: s.source.file, ...(s.source.line !== undefined ? { line: s.source.line } : {}), ...(s.source.lines ? { lines: s.source.lines } : {}) };
    }
    if (matched > 0) paired.add(source);
  }
  return sources.filter((s) => !paired.has(s));
}
