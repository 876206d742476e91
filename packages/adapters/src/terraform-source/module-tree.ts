/**
 * The tree of modules a root folder uses: each `module` call's source
 * followed, local paths (`./x`, `../x`) directly, registry and git sources
 * through `.terraform/modules/modules.json` (written by `terraform init`).
 * A call that cannot be followed (not initialised, missing folder, a cycle,
 * too deep) is one error at the `module` block; its callers are still read.
 * Each folder is read once, however many calls use it. Imports ./config.ts,
 * ./ast.ts and the adapters' error helpers.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { InputError } from '@onus/core';
import type { Parser } from 'web-tree-sitter';
import { inputError } from '../errors.js';
import { attribute } from './ast.js';
import { readModule, type ModuleConfig } from './config.js';

export interface ModuleNode {
  config: ModuleConfig;
  /** Child modules by call name; absent when the call could not be followed. */
  children: Map<string, ModuleNode>;
}

const MAX_MODULE_DEPTH = 32;

interface Manifest {
  /** `Key` (call names joined by `.`) -> folder relative to the root. */
  dirs: Map<string, string>;
}

async function readManifest(rootDir: string): Promise<Manifest | undefined> {
  try {
    const text = await fs.readFile(path.join(rootDir, '.terraform', 'modules', 'modules.json'), 'utf8');
    const parsed = JSON.parse(text) as { Modules?: { Key?: unknown; Dir?: unknown }[] };
    const dirs = new Map<string, string>();
    for (const m of parsed.Modules ?? []) if (typeof m.Key === 'string' && typeof m.Dir === 'string') dirs.set(m.Key, m.Dir);
    return { dirs };
  } catch {
    return undefined;
  }
}

export class ModuleLoader {
  private readonly cache = new Map<string, Promise<ModuleConfig>>();
  readonly errors: InputError[] = [];
  /** Remarks that do not stop the module: a registry module not on this machine (its resources are then not read). */
  readonly warnings: InputError[] = [];
  private manifest: Manifest | undefined;

  constructor(
    private readonly parser: Parser,
    private readonly rootDir: string,
    private readonly rootShown: string,
    private readonly maxBytes: number,
  ) {}

  /** The files of every module folder loaded, as shown. */
  async files(): Promise<string[]> {
    return (await Promise.all(this.cache.values())).flatMap((c) => c.files);
  }

  async load(): Promise<ModuleNode> {
    this.manifest = await readManifest(this.rootDir);
    return this.node(this.rootDir, this.rootShown, [], [path.resolve(this.rootDir)]);
  }

  private config(dir: string, shown: string): Promise<ModuleConfig> {
    const key = path.resolve(dir);
    let found = this.cache.get(key);
    if (!found) {
      found = readModule(this.parser, dir, shown, this.maxBytes).then((c) => {
        this.errors.push(...c.errors);
        return c;
      });
      this.cache.set(key, found);
    }
    return found;
  }

  private async node(dir: string, shown: string, callPath: string[], chain: string[]): Promise<ModuleNode> {
    const config = await this.config(dir, shown);
    const children = new Map<string, ModuleNode>();
    await Promise.all(
      [...config.calls].map(async ([name, { item: block, file }]) => {
        const fail = (message: string, hint: string) => this.errors.push(inputError(file, message, hint, { line: block.line }));
        const sourceAttr = attribute(block.body, 'source');
        const source = sourceAttr?.expr.k === 'lit' ? sourceAttr.expr.value : undefined;
        if (typeof source !== 'string') return fail(`module "${name}" has no literal source`, 'give the module block a source string, e.g. source = "./modules/network"');
        const keyPath = [...callPath, name];
        let childDir: string;
        let childShown: string;
        if (source.startsWith('./') || source.startsWith('../')) {
          childDir = path.join(dir, source);
          childShown = path.join(shown, source);
        } else {
          const relative = this.manifest?.dirs.get(keyPath.join('.'));
          if (relative === undefined) {
            // Not an error: the caller's own resources are still read; what depends on the module is unknown, with the reason.
            this.warnings.push(
              inputError(
                file,
                `module "${name}" (source "${source}") is not followed: its files are not on this machine`,
                this.manifest ? 'run `terraform init` again: .terraform/modules/modules.json does not list this module' : 'run `terraform init` in the root folder so that .terraform/modules/modules.json says where the module is, then scan again',
                { line: block.line },
              ),
            );
            return;
          }
          childDir = path.join(this.rootDir, relative);
          childShown = path.join(this.rootShown, relative);
        }
        const real = path.resolve(childDir);
        if (chain.includes(real)) {
          return fail(`module "${name}" calls ${source}, which is already a caller of this module (a module cycle)`, 'a module cannot call itself, directly or through others: break the cycle');
        }
        if (chain.length > MAX_MODULE_DEPTH) return fail(`module "${name}" nests deeper than ${MAX_MODULE_DEPTH} modules`, 'check the module sources for a loop');
        try {
          if (!(await fs.stat(childDir)).isDirectory()) throw new Error('not a folder');
        } catch {
          return fail(`module "${name}": the folder ${childShown} does not exist`, 'fix the source path, or create the module folder');
        }
        children.set(name, await this.node(childDir, childShown, keyPath, [...chain, real]));
      }),
    );
    return { config, children };
  }
}
