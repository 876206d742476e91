/**
 * The public types of @onus/rego: how a Rego source is named (spec and
 * entrypoints), what loading gives (policies and an evaluator), and what
 * evaluation takes. Types only; imports core types.
 */
import type { Finding, InputError, Resource, Responsibility, Severity } from '@onus/core';
import type { RegoBuiltins } from './module.js';

/** What one evaluation of an entrypoint is given as `input`. */
export type RegoPer = 'input' | 'resource';

/** One entrypoint to run, and what its findings say. Everything but `name` has a default. */
export interface RegoEntrypoint {
  /** As `opa build -e` takes it: `rules/deny` (also accepted: `rules.deny`, `data.rules.deny`). */
  name: string;
  /** Policy id of its findings (default `rego:<name>`); a message's own `id`/`publicId` wins. */
  id?: string;
  /** Default `Rego rule <name>`; a message's own `title` wins. */
  title?: string;
  /** Default `security`. */
  responsibility?: Responsibility;
  /** Default `medium`, or `low` for a `warn` rule; a message's own `severity` wins. */
  severity?: Severity;
  remediation?: string;
  /** `input` (default): once per input document, as parsed. `resource`: once per resource fact. */
  per?: RegoPer;
}

/** A compiled policy to load: a `.wasm` module or an OPA `bundle.tar.gz`. */
export interface RegoSpec {
  path: string;
  /** A JSON or YAML file whose object becomes `data` (merged over the bundle's data). */
  data?: string;
  /** Default: a bundle's manifest entrypoints; for a module, its `deny`/`violation`/`warn`/`allow` rules. */
  entrypoints?: (string | RegoEntrypoint)[];
  /**
   * Most milliseconds one evaluation (one entrypoint on one input) may take in a scan
   * (default `DEFAULT_REGO_TIMEOUT_MS`); `0`: no budget, run in this thread.
   */
  timeoutMs?: number;
}

/** A loaded entrypoint, as `onus policies list` shows it. */
export interface RegoPolicyInfo {
  id: string;
  title: string;
  responsibility: Responsibility;
  severity: Severity;
  remediation: string;
  /** The module or bundle, as given in the spec. */
  file: string;
  entrypoint: string;
  per: RegoPer;
}

/** One parsed input document, as the adapters read it. */
export interface RegoInput {
  file: string;
  format: string;
  document: unknown;
}

export interface RegoEvaluateOptions {
  /**
   * Most milliseconds one evaluation (one entrypoint on one input) may take.
   * When set, policies run in a worker thread that is stopped when time is up;
   * without it they run in this thread and are not bounded.
   */
  timeoutMs?: number;
  /** Run only these entrypoints (by name, `rules/deny`); default all. */
  entrypoints?: ReadonlySet<string>;
}

export interface RegoSource {
  /** The module or bundle, as given in the spec. */
  file: string;
  policies: RegoPolicyInfo[];
  /**
   * Run every entrypoint on the inputs (per input) or the resources (per resource).
   * Never rejects: faults become `error` findings for that entrypoint and subject.
   */
  evaluate(inputs: readonly RegoInput[], resources: readonly Resource[], options?: RegoEvaluateOptions): Promise<Finding[]>;
  /**
   * The raw result set of any entrypoint of the module (by name or numeric id) on
   * one input, as the OPA SDK gives it (`[]` when undefined, `[{result}]` otherwise),
   * or the fault's message: for debugging a policy, and for testing the loader against OPA's own output.
   */
  query(entrypoint: string | number, input: unknown): Promise<RegoQueryResult>;
}

export type RegoQueryResult = { resultSet: unknown } | { error: string };

export interface LoadRegoOptions {
  /** Base for relative paths in the spec (default: the process's working directory). */
  cwd?: string;
  /** Custom builtins the policies call (`custom.func2`): functions, so only a program can give them, never a config file. */
  builtins?: RegoBuiltins;
}

export interface LoadRegoResult {
  source?: RegoSource;
  problems: InputError[];
}
