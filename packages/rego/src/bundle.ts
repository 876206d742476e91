/**
 * OPA bundles: from the members of a `bundle.tar.gz` to its wasm modules,
 * the entrypoints its `/.manifest` lists and its `data` (every `data.json`
 * or `data.yaml`, placed at its directory's path, as OPA loads them). Rego
 * source files in the bundle are ignored: onus runs the compiled wasm.
 * Imports ./archive.ts (types), ./data.ts and ./problems.ts.
 */
import type { InputError } from '@onus/core';
import type { Members } from './archive.js';
import { mergeData, parseData, type DataDocument } from './data.js';
import { HINT, problem } from './problems.js';

export interface BundleContents {
  /** Module path in the bundle (`policy.wasm`) -> bytes, for the modules the manifest names (or `policy.wasm`). */
  modules: Map<string, Uint8Array>;
  /** The manifest's wasm list: each entrypoint and the module that holds it. Empty without a manifest. */
  entrypoints: { entrypoint: string; module: string }[];
  data: DataDocument;
}

const DATA_FILE = /(^|\/)data\.(json|ya?ml)$/;

/** Read a bundle's manifest, modules and data; `file` names the bundle in problems. */
export function readBundle(members: Members, file: string): { bundle: BundleContents } | { problem: InputError } {
  const at = (member: string) => `${file}!/${member}`;
  const manifest = readManifest(members, at('.manifest'));
  if ('problem' in manifest) return manifest;
  const entrypoints = manifest.wasm;
  const modules = new Map<string, Uint8Array>();
  const wanted = entrypoints.length > 0 ? [...new Set(entrypoints.map((e) => e.module))] : ['policy.wasm'];
  for (const module of wanted) {
    const bytes = members.get(module);
    if (!bytes) {
      return {
        problem: problem(file, entrypoints.length > 0 ? `the manifest names the module /${module}, which the bundle does not hold` : 'holds no /policy.wasm: it is not a wasm bundle', HINT.build),
      };
    }
    modules.set(module, bytes);
  }
  const data: DataDocument = {};
  // Shallow files first, so a deeper data.json lands inside the object its parent made.
  const dataFiles = [...members.keys()].filter((name) => DATA_FILE.test(name)).sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  for (const name of dataFiles) {
    const parsed = parseData(new TextDecoder().decode(members.get(name)), at(name));
    if ('problem' in parsed) return parsed;
    const conflict = mergeData(data, name.split('/').slice(0, -1), parsed.data);
    if (conflict) return { problem: problem(at(name), `sets ${conflict}, which another data file of the bundle already sets`, 'keep each part of `data` in one data file of the bundle') };
  }
  return { bundle: { modules, entrypoints, data } };
}

function readManifest(members: Members, file: string): { wasm: { entrypoint: string; module: string }[] } | { problem: InputError } {
  const bytes = members.get('.manifest');
  if (!bytes) return { wasm: [] };
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { problem: problem(file, 'is not valid JSON', HINT.build) };
  }
  const wasm = (manifest as { wasm?: unknown } | null)?.wasm;
  if (wasm === undefined) return { wasm: [] };
  if (!Array.isArray(wasm)) return { problem: problem(file, '`wasm` is not a list', HINT.build, '/wasm') };
  const out: { entrypoint: string; module: string }[] = [];
  for (const [i, item] of wasm.entries()) {
    const { entrypoint, module } = (item ?? {}) as { entrypoint?: unknown; module?: unknown };
    if (typeof entrypoint !== 'string' || typeof module !== 'string') {
      return { problem: problem(file, 'a `wasm` entry lacks its `entrypoint` or `module` string', HINT.build, `/wasm/${i}`) };
    }
    out.push({ entrypoint, module: module.replace(/^\/+/, '') });
  }
  return { wasm: out };
}
