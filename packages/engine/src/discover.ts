/**
 * Which files a scan reads. Named files are inputs as they are; folders are
 * searched (fast-glob) for the file names the input formats claim (`*.json`,
 * `*.yaml`, `*.yml`, `*.jsonl`: `claimsFile` of @onus/adapters), skipping
 * `node_modules`, `.git` and `.terraform` folders (other dot folders, such as
 * `.github`, are searched), and files that are clearly not inputs
 * (`package.json`, `tsconfig.json`, `.onus.yaml`, ...). Files matching an
 * `exclude` glob and Kustomize patch files are skipped with the reason.
 * Symbolic links are followed, each real file and folder once, so a link
 * loop ends. Folders holding `*.tf` / `*.tf.json` are Terraform modules; a
 * named `.tf` or `.tfvars` file stands for its folder.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import fg from 'fast-glob';
import { claimsFile, isTerraformSourceFile } from '@onus/adapters';
import { globToRegExp, type InputError as Problem } from '@onus/core';
import { KUSTOMIZE_PATCH, PatchIndex } from './kustomize-patches.js';

export interface DiscoveredInput {
  /** The file as shown in reports (as given, or the folder given joined with the path inside it); `-` is stdin. */
  file: string;
  /** Absolute path, or `-`. */
  path: string;
  /** Named on the command line (an undetectable named file is an error; a found one is skipped). */
  explicit: boolean;
  /** The folder given on the command line it was found in. */
  folder?: string;
}

/** A folder holding `.tf` / `.tf.json` files: a Terraform module, read whole (see source-inputs.ts for which are roots). */
export type DiscoveredModule = DiscoveredInput;

export interface Discovery {
  inputs: DiscoveredInput[];
  /** Terraform module folders: found in folders, or the folders of named `.tf` / `.tfvars` files. */
  modules: DiscoveredModule[];
  problems: Problem[];
  /** Folders given on the command line. */
  folders: string[];
  /** Files left out before reading, and why (excluded, a Kustomize patch). */
  skipped: { file: string; reason: string }[];
}

export interface DiscoverOptions {
  /**
   * Globs of paths not to scan (`*` any run of characters, `/` included; `?`
   * one). A glob matches a file's path inside the folder scanned, the path as
   * shown, or a folder above the file (`vendor` leaves out all of `vendor/`).
   */
  exclude?: readonly string[];
}

const IGNORED_DIRS = ['**/node_modules/**', '**/.git/**', '**/.terraform/**', '**/node_modules', '**/.git', '**/.terraform'];

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
    return (await readdir(dir)).some(isTerraformSourceFile);
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
  /** Why a file is left out, before it is read: an exclude glob, or a Kustomize patch. */
  const leftOut = (relative: string, shownAs: string, abs: string, top: string | undefined): string | undefined => {
    const glob = excludedBy(relative, excludes) ?? excludedBy(shownAs, excludes);
    if (glob !== undefined) return `excluded (matches ${glob})`;
    return patches.isPatch(abs, top) ? KUSTOMIZE_PATCH : undefined;
  };
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  const seenModules = new Set<string>();
  let stdin = false;

  const folders: string[] = [];
  let folder: string | undefined;
  const addFile = async (file: string, path: string, explicit: boolean, relative = file, top?: string) => {
    const why = leftOut(relative, file, path, top);
    if (why !== undefined) {
      skipped.push({ file, reason: why });
      return;
    }
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      real = path;
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    inputs.push({ file, path, explicit, ...(folder !== undefined && !explicit ? { folder } : {}) });
  };
  const addModule = async (file: string, path: string, explicit: boolean, relative = file) => {
    const glob = relative === '' || relative === '.' ? undefined : (excludedBy(relative, excludes) ?? excludedBy(file, excludes));
    if (glob !== undefined) {
      if (!seenModules.has(`excluded:${file}`)) skipped.push({ file: file === '' ? '.' : file, reason: `excluded (matches ${glob})` });
      seenModules.add(`excluded:${file}`);
      return;
    }
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      real = path;
    }
    if (seenModules.has(real)) return;
    seenModules.add(real);
    modules.push({ file: file === '' ? '.' : file, path, explicit, ...(folder !== undefined && !explicit ? { folder } : {}) });
  };

  const walk = async (dir: string, shownAs: string, top: string, below = ''): Promise<void> => {
    const real = await realpath(dir);
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    const entries = await fg('**', {
      cwd: dir,
      dot: true,
      onlyFiles: false,
      followSymbolicLinks: false,
      objectMode: true,
      ignore: IGNORED_DIRS,
      suppressErrors: true,
    });
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const links: { path: string; name: string }[] = [];
    for (const e of entries) {
      if (e.dirent.isSymbolicLink()) links.push({ path: e.path, name: e.name });
      else if (e.dirent.isFile() && claimsFile(e.name) && !isNotInputName(e.name)) {
        await addFile(join(shownAs, e.path), join(dir, e.path), false, join(below, e.path), top);
      } else if (e.dirent.isFile() && isTerraformSourceFile(e.name)) {
        await addModule(join(shownAs, dirname(e.path)), join(dir, dirname(e.path)), false, join(below, dirname(e.path)));
      }
    }
    for (const link of links) {
      const abs = join(dir, link.path);
      let target;
      try {
        target = await stat(abs);
      } catch {
        continue; // a dangling link is not an input
      }
      if (target.isDirectory()) {
        if (link.name === 'node_modules' || link.name === '.terraform' || link.name === '.git') continue;
        await walk(abs, join(shownAs, link.path), top, join(below, link.path));
      } else if (target.isFile() && claimsFile(link.name) && !isNotInputName(link.name)) {
        await addFile(join(shownAs, link.path), abs, false, join(below, link.path), top);
      } else if (target.isFile() && isTerraformSourceFile(link.name)) {
        await addModule(join(shownAs, dirname(link.path)), dirname(abs), false, join(below, dirname(link.path)));
      }
    }
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
      info = await stat(abs);
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
      await addModule(dirname(given), dirname(abs), true);
    } else await addFile(given, abs, true);
  }
  return { inputs, modules, problems, folders, skipped };
}
