/**
 * Loading a Rego source from its spec: the `.wasm` module or `bundle.tar.gz`
 * (told apart by content), its data, its entrypoints with their defaults.
 * Everything is read into memory; nothing is written. Every refusal is a
 * problem naming the file, never a throw. Imports node built-ins, core
 * constants and the modules of this package.
 */
// `fs.promises`, not `node:fs/promises`: Node loads it (and readline with it) at first use, not at start.
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { RESPONSIBILITIES, SEVERITIES, type InputError, type Responsibility, type Severity } from '@onus/core';
import { readTarGz } from './archive.js';
import { readBundle } from './bundle.js';
import { mergeData, parseData, type DataDocument } from './data.js';
import { loadOpaModule, type OpaModule, type RegoBuiltins } from './module.js';
import { HINT, MAX_BUNDLE_BYTES, MAX_MEMBER_BYTES, bytes, problem, thrownMessage } from './problems.js';
import { entrypointName } from './names.js';
import { createSource, type LoadedPolicy } from './source.js';
import type { LoadRegoOptions, LoadRegoResult, RegoEntrypoint, RegoPer, RegoPolicyInfo, RegoSpec } from './types.js';

/** The responsibility of a Rego finding when its entrypoint names none: most team rules guard security. */
export const DEFAULT_RESPONSIBILITY: Responsibility = 'security';
export const DEFAULT_SEVERITY: Severity = 'medium';
/** Rule names a module is searched for when no entrypoint is named (Conftest's, plus `allow`). */
const CONVENTIONAL_RULE = /^(deny|violation|warn|allow)(_[A-Za-z0-9_]+)?$/;

/** Load a compiled policy. Never throws: a source, or the problems that stop it. */
export async function loadRego(spec: RegoSpec, options: LoadRegoOptions = {}): Promise<LoadRegoResult> {
  try {
    return await load(spec, options);
  } catch (thrown) {
    return { problems: [problem(spec.path, `could not be loaded: ${thrownMessage(thrown)}`, HINT.build)] };
  }
}

async function load(spec: RegoSpec, options: LoadRegoOptions): Promise<LoadRegoResult> {
  const cwd = options.cwd ?? process.cwd();
  const builtins = options.builtins ?? {};
  const file = spec.path;
  const read = await readFileLimited(resolve(cwd, file), file, MAX_BUNDLE_BYTES);
  if ('problem' in read) return fail(read.problem);
  const content = read.bytes;

  let modules: Map<string, Uint8Array>;
  let manifest: { entrypoint: string; module: string }[] = [];
  let data: DataDocument | undefined;
  if (content[0] === 0x1f && content[1] === 0x8b) {
    const archive = await readTarGz(content, file);
    if ('problem' in archive) return fail(archive.problem);
    const bundle = readBundle(archive.members, file);
    if ('problem' in bundle) return fail(bundle.problem);
    ({ modules, data } = bundle.bundle);
    manifest = bundle.bundle.entrypoints;
    if (Object.keys(data).length === 0 && ![...archive.members.keys()].some((m) => /(^|\/)data\.(json|ya?ml)$/.test(m))) data = undefined;
  } else if (content[0] === 0x00 && content[1] === 0x61 && content[2] === 0x73 && content[3] === 0x6d) {
    if (content.byteLength > MAX_MEMBER_BYTES) return fail(problem(file, `is ${bytes(content.byteLength)}, more than the ${bytes(MAX_MEMBER_BYTES)} onus reads for a module`, HINT.build));
    modules = new Map([['', content]]);
  } else {
    return fail(problem(file, 'is neither a WebAssembly module nor a gzip-compressed OPA bundle', HINT.build));
  }

  if (spec.data !== undefined) {
    const dataRead = await readFileLimited(resolve(cwd, spec.data), spec.data, MAX_MEMBER_BYTES);
    if ('problem' in dataRead) return fail(dataRead.problem);
    const parsed = parseData(new TextDecoder().decode(dataRead.bytes), spec.data);
    if ('problem' in parsed) return fail(parsed.problem);
    data ??= {};
    mergeData(data, [], parsed.data, true); // the spec's data file wins over the bundle's
  }

  const loadedModules = new Map<string, OpaModule>();
  for (const [path, moduleBytes] of modules) {
    const loaded = await loadOpaModule(moduleBytes, path === '' ? file : `${file}!/${path}`, builtins);
    if ('problem' in loaded) return fail(loaded.problem);
    if (data !== undefined) loaded.opa.policy.setData(data);
    loadedModules.set(path, loaded.opa);
  }

  const resolved = resolveEntrypoints(spec, file, manifest, loadedModules);
  if ('problems' in resolved) return { problems: resolved.problems };
  return { source: createSource(file, resolved.policies, [...loadedModules.values()], data, builtins), problems: [] };
}

const fail = (p: InputError): LoadRegoResult => ({ problems: [p] });

/** Read a whole file after checking it exists, is a file, and is not larger than `limit`. */
async function readFileLimited(full: string, file: string, limit: number): Promise<{ bytes: Uint8Array } | { problem: InputError }> {
  let handle;
  try {
    handle = await fs.open(full, 'r');
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    return { problem: problem(file, code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? thrownMessage(thrown)})`, 'check the path: it is relative to the directory onus runs in') };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { problem: problem(file, 'is not a file', 'name the policy.wasm, bundle.tar.gz or data file itself') };
    if (info.size > limit) return { problem: problem(file, `is ${bytes(info.size)}, more than the ${bytes(limit)} onus reads`, 'check that this is the right file') };
    return { bytes: new Uint8Array(await handle.readFile()) };
  } finally {
    await handle.close();
  }
}


function resolveEntrypoints(
  spec: RegoSpec,
  file: string,
  manifest: readonly { entrypoint: string; module: string }[],
  modules: ReadonlyMap<string, OpaModule>,
): { policies: LoadedPolicy[] } | { problems: InputError[] } {
  const available = [...modules.values()].flatMap((m) => Object.keys(m.entrypoints));
  const moduleOf = (name: string): OpaModule | undefined => {
    const listed = manifest.find((e) => e.entrypoint === name);
    if (listed) {
      const m = modules.get(listed.module);
      return m && Object.prototype.hasOwnProperty.call(m.entrypoints, name) ? m : undefined;
    }
    return [...modules.values()].find((m) => Object.prototype.hasOwnProperty.call(m.entrypoints, name));
  };
  let requested: (string | RegoEntrypoint)[];
  if (spec.entrypoints !== undefined) requested = spec.entrypoints;
  else if (manifest.length > 0) requested = manifest.map((e) => e.entrypoint);
  else {
    requested = available.filter((name) => CONVENTIONAL_RULE.test(name.split('/').pop() ?? ''));
    if (requested.length === 0) {
      return { problems: [problem(file, `has no deny, violation, warn or allow rule among its entrypoints (${available.join(', ') || 'none'})`, HINT.entrypoints)] };
    }
  }
  if (requested.length === 0) return { problems: [problem(file, 'the list of entrypoints is empty', HINT.entrypoints)] };
  const problems: InputError[] = [];
  const policies: LoadedPolicy[] = [];
  requested.forEach((entry) => {
    const given = typeof entry === 'string' ? { name: entry } : entry;
    const wrong = invalidField(given);
    if (wrong) {
      problems.push(problem(file, wrong.message, wrong.hint));
      return;
    }
    const name = entrypointName(given.name);
    const opa = moduleOf(name);
    if (!opa) {
      problems.push(problem(file, `has no entrypoint ${JSON.stringify(given.name)}; it has: ${available.join(', ') || 'none'}`, `name one of those, or rebuild with \`opa build -t wasm -e ${name} ...\``));
      return;
    }
    policies.push({ info: policyInfo(given, name, file), opa });
  });
  return problems.length > 0 ? { problems } : { policies };
}

function invalidField(e: RegoEntrypoint): { message: string; hint: string } | undefined {
  if (typeof e.name !== 'string' || e.name === '') return { message: 'an entrypoint has no name', hint: HINT.entrypoints };
  if (e.responsibility !== undefined && !RESPONSIBILITIES.includes(e.responsibility)) {
    return { message: `entrypoint ${e.name}: responsibility ${JSON.stringify(e.responsibility)} is not one of the areas`, hint: `use one of ${RESPONSIBILITIES.join(', ')}` };
  }
  if (e.severity !== undefined && !SEVERITIES.includes(e.severity)) {
    return { message: `entrypoint ${e.name}: severity ${JSON.stringify(e.severity)} is not a severity`, hint: `use one of ${SEVERITIES.join(', ')}` };
  }
  if (e.per !== undefined && e.per !== 'input' && e.per !== 'resource') {
    return { message: `entrypoint ${e.name}: per ${JSON.stringify(e.per)} is neither input nor resource`, hint: 'use `per: input` (the parsed document) or `per: resource` (each onus resource fact)' };
  }
  return undefined;
}

function policyInfo(e: RegoEntrypoint, name: string, file: string): RegoPolicyInfo {
  const per: RegoPer = e.per ?? 'input';
  return {
    id: e.id ?? `rego:${name}`,
    title: e.title ?? `Rego rule ${name}`,
    responsibility: e.responsibility ?? DEFAULT_RESPONSIBILITY,
    severity: e.severity ?? (/^warn/.test(name.split('/').pop() ?? '') ? 'low' : DEFAULT_SEVERITY),
    remediation: e.remediation ?? '',
    file,
    entrypoint: name,
    per,
  };
}
