/**
 * Kustomize patch files: the files a `kustomization.yaml` lists under
 * `patches`, `patchesStrategicMerge` or `patchesJson6902` are partial objects
 * merged into other resources, never resources themselves, so a scan does not
 * judge them. Imports @onus/core.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readYamlDocument } from '@onus/core';

/** The file names Kustomize reads as a kustomization. */
export const KUSTOMIZATION_NAMES: ReadonlySet<string> = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** Why a listed patch file is skipped. */
export const KUSTOMIZE_PATCH = 'a Kustomize patch (listed in kustomization.yaml), not a resource';

/** Absolute paths of the patch files a kustomization file lists (none when it cannot be read). */
export function kustomizationPatches(kustomizationPath: string): string[] {
  let data: unknown;
  try {
    data = readYamlDocument(readFileSync(kustomizationPath, 'utf8')).data;
  } catch {
    return [];
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return [];
  const dir = dirname(kustomizationPath);
  const out: string[] = [];
  for (const key of ['patches', 'patchesStrategicMerge', 'patchesJson6902']) {
    const list = (data as Record<string, unknown>)[key];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const path = typeof item === 'string' ? item : item !== null && typeof item === 'object' ? (item as { path?: unknown }).path : undefined;
      // An inline patch (a YAML text with a newline) names no file.
      if (typeof path === 'string' && path !== '' && !path.includes('\n')) out.push(resolve(dir, path));
    }
  }
  return out;
}

/** Patch files listed by kustomizations, read once per folder. */
export class PatchIndex {
  private readonly folders = new Map<string, ReadonlySet<string>>();

  /** The patch files listed by the kustomization in `dir`, if it has one. */
  listedIn(dir: string): ReadonlySet<string> {
    let set = this.folders.get(dir);
    if (!set) {
      const paths: string[] = [];
      for (const name of KUSTOMIZATION_NAMES) {
        try {
          paths.push(...kustomizationPatches(join(dir, name)));
        } catch {
          // unreadable: no patches
        }
      }
      set = new Set(paths);
      this.folders.set(dir, set);
    }
    return set;
  }

  /** Whether a file is a patch listed by a kustomization in its folder or in a folder above it, up to `top`. */
  isPatch(path: string, top?: string): boolean {
    const abs = resolve(path);
    let dir = dirname(abs);
    const stop = top === undefined ? dir : resolve(top);
    for (;;) {
      if (this.listedIn(dir).has(abs)) return true;
      if (dir === stop || !dir.startsWith(stop)) return false;
      const parent = dirname(dir);
      if (parent === dir) return false;
      dir = parent;
    }
  }
}
