/**
 * OPA wasm modules: checking that a `.wasm` is a policy `opa build -t wasm`
 * wrote (before running any of it), and loading it with the OPA SDK
 * (`@open-policy-agent/opa-wasm`, imported on the first load: a scan without
 * Rego does not pay for it). Imports ./problems.ts.
 */
import type { InputError } from '@onus/core';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { HINT, problem, thrownMessage } from './problems.js';

/** Functions a policy calls as custom builtins (`custom.func2`), by name. Arguments and result are JSON values. */
export type RegoBuiltins = Record<string, (...args: unknown[]) => unknown>;

/** What every OPA module exports (ABI 1.x); `opa_eval` (1.2+) or `eval` (1.0/1.1) runs it. */
const OPA_EXPORTS = ['opa_wasm_abi_version', 'entrypoints', 'builtins', 'opa_malloc', 'opa_json_parse', 'opa_json_dump', 'opa_heap_ptr_get', 'opa_heap_ptr_set'];
/** All an OPA module may import: its memory, abort, print and the builtin call-outs the SDK provides. */
const OPA_IMPORTS = new Set(['memory', 'opa_abort', 'opa_println', 'opa_builtin0', 'opa_builtin1', 'opa_builtin2', 'opa_builtin3', 'opa_builtin4']);

export interface OpaModule {
  /** The compiled module (cheap to instantiate again, e.g. in a worker). */
  module: WebAssembly.Module;
  policy: LoadedPolicy;
  /** Entrypoint name (`rules/deny`) -> id. */
  entrypoints: Record<string, number>;
}

/** Compile, check and instantiate a module; `file` names it in problems (`bundle.tar.gz!/policy.wasm`). */
export async function loadOpaModule(bytes: Uint8Array, file: string, builtins: RegoBuiltins = {}): Promise<{ opa: OpaModule } | { problem: InputError }> {
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  } catch (thrown) {
    return { problem: problem(file, `is not a WebAssembly module: ${thrownMessage(thrown)}`, HINT.build) };
  }
  const notOpa = whyNotOpa(module);
  if (notOpa) {
    return { problem: problem(file, `is a WebAssembly module but not an OPA policy: ${notOpa}`, `${HINT.build} (onus runs only OPA's wasm target, not WASI or other wasm modules)`) };
  }
  try {
    const { loadPolicy } = await import('@open-policy-agent/opa-wasm');
    const policy = await loadPolicy(module, undefined, builtins);
    return { opa: { module, policy, entrypoints: { ...(policy.entrypoints as Record<string, number>) } } };
  } catch (thrown) {
    return { problem: problem(file, `could not be loaded as an OPA policy: ${thrownMessage(thrown)}`, HINT.build) };
  }
}

/** Why a module is not an OPA policy, or undefined when it has the OPA shape. */
function whyNotOpa(module: WebAssembly.Module): string | undefined {
  const foreign = WebAssembly.Module.imports(module).filter((i) => i.module !== 'env' || !OPA_IMPORTS.has(i.name));
  if (foreign.length > 0) return `it imports ${foreign.slice(0, 3).map((i) => `${i.module}.${i.name}`).join(', ')}${foreign.length > 3 ? ', …' : ''}`;
  const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  const missing = OPA_EXPORTS.filter((name) => !exported.has(name));
  if (!exported.has('opa_eval') && !exported.has('eval')) missing.push('opa_eval');
  if (missing.length > 0) return `it does not export ${missing.join(', ')}`;
  return undefined;
}
