/**
 * @onus/rego public API: Rego policies compiled to wasm (`opa build -t wasm`),
 * loaded from a `.wasm` module or an OPA `bundle.tar.gz` and evaluated into
 * core Findings. Everything not exported here is internal. Nothing here
 * throws on bad input: problems come back as `InputError`s, faults as `error` findings.
 * Imports: @onus/core.
 */
export { loadRego, DEFAULT_RESPONSIBILITY, DEFAULT_SEVERITY } from './load.js';
export { MAX_MEMBER_BYTES, MAX_BUNDLE_BYTES } from './problems.js';
export type { RegoBuiltins } from './module.js';
export type {
  LoadRegoOptions, LoadRegoResult, RegoEntrypoint, RegoEvaluateOptions, RegoInput, RegoPer, RegoPolicyInfo, RegoQueryResult, RegoSource, RegoSpec,
} from './types.js';
