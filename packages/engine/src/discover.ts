/**
 * Which files a scan reads. Named files are inputs as they are; folders are
 * listed (./list-folder.ts) for the file names the input formats claim
 * (`*.json`, `*.yaml`, `*.yml`, `*.jsonl`: `claimsFile` of @onus/adapters),
 * skipping `node_modules`, `.git` and `.terraform` folders (other dot folders,
 * such as `.github`, are searched), and files that are clearly not inputs
 * (`package.json`, `tsconfig.json`, `.onus.yaml`, ...). Files matching an
 * `exclude` glob and Kustomize patch files are skipped with the reason.
 * Symbolic links are followed, each real file and folder once, so a link
 * loop ends. Folders holding `*.tf` / `*.tf.json` are Terraform modules; a
 * named `.tf` or `.tfvars` file stands for its folder. Helm charts (a folder
 * with `Chart.yaml`) and kustomizations (a folder with `kustomization.yaml`)
 * are templates: their files are members of the template (`templates`), not
 * inputs as they are. Files seen and not read are named in `skipped`, with
 * the reason.
 */
// `fs.promises`, not `node:fs/promises`: Node loads it (and readline with it) at first use, not at start.
import { existsSync, promises as fs, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { claimsFile, isTerraformSourceFile } from '@onus/adapters';
import { globToRegExp, type InputError as Problem, type SkipReason } from '@onus/core';
import { KUSTOMIZATION_NAMES, KUSTOMIZE_PATCH, PatchIndex } from './kustomize-patches.js';
import { listFolder, NEVER_ENTERED } from './list-folder.js';

export interface DiscoveredInput {
  /** The file as shown in reports (as given, or the folder given joined with the path inside it); `-` is stdin. */
  file: string;
  /** Absolute path, or `-`. */
  path: string;
  /** Named on the command line (an undetectable named file is an error; a found one is skipped). */
  explicit: boolean;
  /** The folder given on the command line it was found in. */
  folder?: string;
  /** Its size in bytes once stat'ed (by discovery for a file named on the command line, or by the scan): not stat'ed again. */
  size?: number;
}

/** A folder holding `.tf` / `.tf.json` files: a Terraform module, read whole (see source-inputs.ts for which are roots). */
export type DiscoveredModule = DiscoveredInput;

/** A Helm chart or a kustomization: rendered as a whole, never read file by file. */
export interface TemplateSource {
  kind: 'helm' | 'kustomize';
  /** The chart's or kustomization's folder as shown in reports. */
  file: string;
  /** Absolute path of the folder. */
  path: string;
  /** Its files the scan saw, as shown in reports. */
  members: string[];
  /** The folder given on the command line it was found in. */
  folder?: string;
}

/** A file seen and not read, with the reason. */
export interface SkippedFile {
  file: string;
  reason: SkipReason;
  detail: string;
  folder?: string;
}

export interface Discovery {
  inputs: DiscoveredInput[];
  /** Terraform module folders: found in folders, or the folders of named `.tf` / `.tfvars` files. */
  modules: DiscoveredModule[];
  problems: Problem[];
  /** Folders given on the command line. */
  folders: string[];
  /** Helm charts and kustomizations found (or holding a named file). */
  templates: TemplateSource[];
  /** Files seen and not read, and why (excluded, a Kustomize patch, another tool's). */
  skipped: SkippedFile[];
}

export { KUSTOMIZATION_NAMES };
/** The file that makes its folder a Helm chart. */
export const CHART_FILE = 'Chart.yaml';

/** Files of a chart or kustomization accounted as its members (besides the YAML and JSON a format claims). */
function isTemplateMemberName(name: string): boolean {
  return claimsFile(name) || name === CHART_FILE || name === 'Chart.lock' || KUSTOMIZATION_NAMES.has(name) || /\.tpl$/.test(name);
}

export interface DiscoverOptions {
  /**
   * Globs of paths not to scan (`*` any run of characters, `/` included; `?`
   * one). A glob matches a file's path inside the folder scanned, the path as
   * shown, or a folder above the file (`vendor` leaves out all of `vendor/`).
   */
  exclude?: readonly string[];
}

/** File names that are never inputs when found in a folder (configuration of other tools). */
export const NOT_INPUTS: ReadonlySet<string> = new Set([
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'yarn.lock',
  'composer.json',
  'composer.lock',
  'bower.json',
  'lerna.json',
  'nx.json',
  'turbo.json',
  'angular.json',
  'deno.json',
  'tslint.json',
  'renovate.json',
  '.onus.yaml',
  '.onus.yml',
  '.pre-commit-config.yaml',
  '.pre-commit-hooks.yaml',
  '.gitlab-ci.yml',
  'mkdocs.yml',
  'Chart.yaml',
  'Chart.lock',
  'values.yaml',
  'docker-compose.yml',
  'docker-compose.yaml',
  'compose.yml',
  'compose.yaml',
]);

/** Whether a file found in a folder is skipped by name alone. */
export function isNotInputName(name: string): boolean {
  return (
    NOT_INPUTS.has(name) ||
    /^tsconfig(\..+)?\.json$/.test(name) ||
    /^jsconfig(\..+)?\.json$/.test(name) ||
    /^\.?(eslintrc|prettierrc|babelrc|stylelintrc)(\..+)?$/.test(name) ||
    /\.schema\.json$/.test(name) ||
    /\.sarif(\.json)?$/.test(name)
  );
}

/** The exclude glob a path matches, if any: the path itself or one of its parent folders. */
export function excludedBy(path: string, globs: readonly { glob: string; re: RegExp }[]): string | undefined {
  if (globs.length === 0) return undefined;
  const parts = path.replace(/\\/g, '/').replace(/^\.\//, '').split('/');
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n).join('/');
    const hit = globs.find((g) => g.re.test(prefix));
    if (hit) return hit.glob;
  }
  return undefined;
}

/** Whether a folder holds `.tf` / `.tf.json` files (a tfvars file elsewhere is for `--var-file`). */
async function holdsTerraformSource(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).some(isTerraformSourceFile);
  } catch {
    return false;
  }
}

/** The inputs named by `paths` (files, folders, `-`). */
export async function discover(paths: readonly string[], cwd: string, options: DiscoverOptions = {}): Promise<Discovery> {
  const inputs: DiscoveredInput[] = [];
  const modules: DiscoveredModule[] = [];
  const problems: Problem[] = [];
  const skipped: Discovery['skipped'] = [];
  const excludes = (options.exclude ?? []).map((glob) => ({ glob: glob.replace(/\/+$/, ''), re: globToRegExp(glob.replace(/\/+$/, '')) }));
  const patches = new PatchIndex();
  type LeftOut = { reason: SkipReason; detail: string };
  /** Whether a path (inside the folder scanned, or as shown) matches an exclude glob. */
  const excluded = (relative: string, shownAs: string): LeftOut | undefined => {
    const glob = excludedBy(relative, excludes) ?? excludedBy(shownAs, excludes);
    return glob === undefined ? undefined : { reason: 'excluded', detail: `excluded (matches ${glob})` };
  };
  /** Why a file is left out, before it is read: an exclude glob, or a Kustomize patch. */
  const leftOut = (relative: string, shownAs: string, abs: string, top: string | undefined): LeftOut | undefined =>
    excluded(relative, shownAs) ?? (patches.isPatch(abs, top) ? { reason: 'patch', detail: KUSTOMIZE_PATCH } : undefined);
  const templates = new Map<string, TemplateSource>();
  const inFolder = () => (folder !== undefined ? { folder } : {});
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  const seenModules = new Set<string>();
  const chartAbove = chartFinder();
  let stdin = false;

  const folders: string[] = [];
  let folder: string | undefined;
  /** An input, once per real file. */
  const addInput = (file: string, path: string, explicit: boolean, size?: number) => {
    if (!firstTime(seenFiles, path)) return;
    inputs.push({ file, path, explicit, ...(folder !== undefined && !explicit ? { folder } : {}), ...(size !== undefined ? { size } : {}) });
  };
  /** A file named on the command line: an input unless a patch (or excluded). */
  const addNamed = (file: string, path: string, size: number) => {
    const why = leftOut(file, file, path, undefined);
    if (why !== undefined) skipped.push({ file, ...why });
    else addInput(file, path, true, size);
  };
  const addModule = (shown: string, path: string, explicit: boolean, relative = shown) => {
    const file = shown === '' ? '.' : shown;
    const why = relative === '' || relative === '.' ? undefined : excluded(relative, file);
    if (why !== undefined) {
      if (!seenModules.has(`excluded:${file}`)) skipped.push({ file, ...why, ...inFolder() });
      seenModules.add(`excluded:${file}`);
      return;
    }
    if (!firstTime(seenModules, path)) return;
    modules.push({ file, path, explicit, ...(folder !== undefined && !explicit ? { folder } : {}) });
  };

  const walk = async (dir: string, shownAs: string, top: string, below = ''): Promise<void> => {
    const real = await fs.realpath(dir);
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    const entries = await listFolder(dir);
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const roots = templateRoots(entries.filter((e) => e.dirent.isFile()).map((e) => e.path));
    const links: { path: string; name: string }[] = [];
    for (const e of entries) {
      if (e.dirent.isSymbolicLink()) links.push({ path: e.path, name: e.name });
      else if (e.dirent.isFile()) addFound(e.path, e.name, dir, shownAs, roots, below, top);
    }
    for (const link of links) {
      const abs = join(dir, link.path);
      let target;
      try {
        target = await fs.stat(abs);
      } catch {
        continue; // a dangling link is not an input
      }
      if (target.isDirectory()) {
        if (NEVER_ENTERED.has(link.name)) continue;
        await walk(abs, join(shownAs, link.path), top, join(below, link.path));
      } else if (target.isFile()) {
        addFound(link.path, link.name, dir, shownAs, roots, below, top);
      }
    }
  };

  /** A file found in a folder: left out, a template's member, part of a Terraform module, skipped with a reason, or an input. */
  const addFound = (rel: string, name: string, dir: string, shownAs: string, roots: Map<string, TemplateSource['kind']>, below: string, top: string) => {
    const file = join(shownAs, rel);
    if (isTerraformSourceFile(name)) {
      addModule(join(shownAs, dirname(rel)), join(dir, dirname(rel)), false, join(below, dirname(rel)));
      return;
    }
    if (name === '.onus.yaml' || name === '.onus.yml') return; // onus's own settings: not an input, and not "another tool's"
    const root = rootOf(rel, roots);
    const member = root !== undefined && isTemplateMemberName(name);
    if (!member && !claimsFile(name)) return;
    const why = leftOut(join(below, rel), file, join(dir, rel), top);
    if (why !== undefined) {
      skipped.push({ file, ...why, ...inFolder() });
      return;
    }
    if (member) {
      const [rootDir, kind] = root;
      const path = join(dir, rootDir);
      const shown = join(shownAs, rootDir) || '.';
      let t = templates.get(path);
      if (!t) templates.set(path, (t = { kind, file: shown, path, members: [], ...inFolder() }));
      t.members.push(file);
    } else if (isNotInputName(name)) skipped.push({ file, reason: 'other-tool', detail: 'configuration of another tool', ...inFolder() });
    else addInput(file, join(dir, rel), false);
  };

  for (const given of paths) {
    if (given === '-') {
      if (!stdin) inputs.push({ file: '-', path: '-', explicit: true });
      stdin = true;
      continue;
    }
    const abs = resolve(cwd, given);
    let info;
    try {
      info = statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push({
        file: given,
        message: code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or folder' : `cannot read it (${code ?? String(err)})`,
        hint: code === 'ENOENT' || code === 'ENOTDIR' ? `check the path (relative paths start at ${cwd})` : 'check its permissions',
      });
      continue;
    }
    if (info.isDirectory()) {
      folder = given;
      folders.push(given);
      await walk(abs, given === '.' ? '' : given.replace(/[\\/]+$/, ''), abs);
      folder = undefined;
    } else if (isTerraformSourceFile(given) || (/\.tfvars(\.json)?$/.test(given) && (await holdsTerraformSource(dirname(abs))))) {
      // A named .tf or .tfvars file stands for its module folder, read whole.
      addModule(dirname(given), dirname(abs), true);
    } else {
      const chart = chartAbove(abs);
      if (chart) {
        const shown = join(dirname(given), relativeUp(chart, abs)) || '.';
        let t = templates.get(chart);
        if (!t) templates.set(chart, (t = { kind: 'helm', file: shown, path: chart, members: [] }));
        t.members.push(given);
      } else addNamed(given, abs, info.size);
    }
  }
  return { inputs, modules, problems, folders, templates: [...templates.values()], skipped };
}
/**
 * Whether the real file or folder behind a path is not in `seen` yet (and now is): a link and its target count once.
 * Synchronous, as the reads of the scan: for a pre-commit hook's few hundred named files, a round trip through
 * the thread pool for each cost more than the call.
 */
function firstTime(seen: Set<string>, path: string): boolean {
  let real: string;
  try {
    real = realpathSync.native(path);
  } catch {
    real = path;
  }
  if (seen.has(real)) return false;
  seen.add(real);
  return true;
}

/** Folders (relative) that are charts or kustomizations, among the files of a walk. */
function templateRoots(files: readonly string[]): Map<string, TemplateSource['kind']> {
  const roots = new Map<string, TemplateSource['kind']>();
  for (const f of files) {
    const slash = f.lastIndexOf('/');
    const name = f.slice(slash + 1);
    const dir = slash < 0 ? '' : f.slice(0, slash);
    if (name === CHART_FILE) roots.set(dir, 'helm');
    else if (KUSTOMIZATION_NAMES.has(name) && !roots.has(dir)) roots.set(dir, 'kustomize');
  }
  return roots;
}

/**
 * The template a file belongs to: the outermost chart above it (subcharts
 * render with their parent), else the kustomization in its own folder. A
 * kustomization does not claim its subfolders: what it lists from them is
 * read through it when it is built (see `renderTemplates`).
 */
function rootOf(rel: string, roots: ReadonlyMap<string, TemplateSource['kind']>): [string, TemplateSource['kind']] | undefined {
  if (roots.size === 0) return undefined;
  const parts = rel.split('/').slice(0, -1);
  for (let i = 0; i <= parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    const kind = roots.get(dir);
    if (kind === 'helm' || (kind === 'kustomize' && i === parts.length)) return [dir, kind];
  }
  return undefined;
}

/**
 * The outermost chart folder holding a named file, if any (looked for up to the
 * repository's top, the folder with `.git`). Folders are looked at once per
 * discovery: the pre-commit hook names many files of the same folders.
 */
function chartFinder(): (file: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  const at = (dir: string, depth: number): string | undefined => {
    if (cache.has(dir)) return cache.get(dir);
    const parent = dirname(dir);
    const above = existsSync(join(dir, '.git')) || parent === dir || depth >= 64 ? undefined : at(parent, depth + 1);
    const found = above ?? (existsSync(join(dir, CHART_FILE)) ? dir : undefined);
    cache.set(dir, found);
    return found;
  };
  return (file) => at(dirname(file), 0);
}

/** `../..` from a file up to a folder above it. */
function relativeUp(dir: string, file: string): string {
  const depth = file.slice(dir.length).split(/[\\/]/).filter(Boolean).length - 1;
  return Array.from({ length: depth }, () => '..').join('/');
}

