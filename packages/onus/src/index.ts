/**
 * onus, the library: the small typed API other tools import. It stitches
 * the workspace packages together (@onus/core evaluates, @onus/adapters reads
 * inputs, @onus/rules is the pack, @onus/engine scans and writes reports) and
 * exposes only what is documented here.
 * Imports: @onus/core, @onus/adapters, @onus/rules, @onus/engine.
 */
import { planScan, scan as engineScan, type RegoBuiltins, type RegoSpec, type ScanInput as EngineScanInput } from '@onus/engine';
import { blockingFindings, definePack, type Finding, type Pack, type Policy, type Report, type Responsibility, type Severity, type Waiver } from '@onus/core';
import { loadDefaultPack } from '@onus/rules';
import type { InputFormat } from '@onus/adapters';

export type {
  Report, Finding, Status, Severity, Responsibility, Resource, Policy, Pack, EvaluateOptions, InputError, AdapterResult, Waiver, Tally,
} from '@onus/core';
export type { InputFormat } from '@onus/adapters';
export type { RegoSpec, RegoBuiltins } from '@onus/engine';

/** Evaluate facts against a pack: one finding per (check, resource), passes included. */
export { evaluate } from '@onus/core';
/** Load a folder of policy YAML files: `{ policies, errors }` (errors name file, JSON pointer and line). */
export { loadPolicies } from '@onus/core';
/** Detect an input's format from its content; read one format into facts. None of these throws on bad input. */
export { detectFormat, fromTerraformPlan, fromKubernetes, fromAwsConfig, fromAwsCli, fromCloudAssets } from '@onus/adapters';
/** Read a Terraform root module folder (its .tf files, tfvars and local modules) into facts, with file and line; async, never rejects on bad input. */
export { fromTerraformSource } from '@onus/adapters';
export type { TerraformSourceOptions } from '@onus/adapters';
/** Report writers: each renders a Report as a string. */
export { toText, toJson, toSarif, toJunit, toMarkdown, toHtml } from '@onus/engine';

/**
 * The built-in pack (`@onus/rules`), optionally with your own policies added.
 * @param extra policies to add (ids must not clash with the pack's)
 */
export function loadPack(extra: readonly Policy[] = []): Pack {
  const base = loadDefaultPack();
  if (extra.length === 0) return base;
  const ids = new Set(base.policies.map((p) => p.id));
  const clash = extra.find((p) => ids.has(p.id));
  if (clash) throw new Error(`policy ${clash.id} is already in the pack ${base.name}; give yours another id`);
  return definePack({ name: `${base.name}+custom`, version: base.version, policies: [...base.policies, ...extra], params: base.params, ...(base.paramsSchema ? { paramsSchema: base.paramsSchema } : {}) });
}

/** One input to scan: a path (file or folder; a folder with .tf files is read as a Terraform module), a text in memory, or an object already parsed, with its format (adapted as that format, never re-serialised). */
export type ScanInput = string | { file: string; text: string | Uint8Array } | { format: InputFormat; data: unknown; file?: string };

/** Options of `scan`: those of the `onus scan` command, with your own policies as objects or folders. */
export interface ScanOptions {
  /** Parameter values over the pack's defaults. */
  params?: Record<string, unknown>;
  /** Optional areas to turn on (`certificates`, `objectStore`). */
  enable?: readonly Responsibility[];
  /** Only these policy ids or areas. */
  only?: readonly string[];
  /** Not these policy ids or areas. */
  skip?: readonly string[];
  /** Accepted exceptions; Kubernetes `onus.dev/waive` annotations are always read. */
  waivers?: readonly Waiver[];
  /** `YYYY-MM-DD` against which waivers expire (default: today, local time). */
  today?: string;
  /** Folder relative paths start from (default: the process's). */
  cwd?: string;
  /** Your own policies: objects, or folders of YAML policy files. */
  policies?: readonly (Policy | string)[];
  /**
   * Compiled Rego policies to run beside the pack: `policy.wasm` or
   * `bundle.tar.gz` written by `opa build -t wasm -e <package>/<rule>`, each
   * with optional entrypoints (id, title, responsibility, severity,
   * remediation, `per: input | resource`) and a `data` file. A source that
   * cannot be loaded is an error in `report.errors`.
   */
  rego?: readonly RegoSpec[];
  /** Custom builtins those policies call (`custom.func2`), by name. */
  regoBuiltins?: RegoBuiltins;
  /** Path globs folder scans leave out (`*` any run of characters, `/` included), as `--exclude`. */
  exclude?: readonly string[];
  /** Read `# onus:ignore ID reason="..."` comments next to resources as waivers (default true). */
  inlineWaivers?: boolean;
  /** For folders with Terraform source: tfvars files (relative to `cwd`) and variable values, as `-var-file` and `-var`. */
  terraform?: { varFiles?: readonly string[]; vars?: Record<string, unknown> };
  /** Render Helm charts and kustomizations with `helm` / `kustomize` from the PATH (default off: no process is started). */
  render?: boolean | { helm?: boolean; kustomize?: boolean };
}

/**
 * Scan inputs with the built-in pack (plus your policies) and return the
 * report. Never throws on bad input: inputs that cannot be read, and bad
 * options, are listed in `report.errors`, and the inputs are still evaluated.
 */
export async function scan(inputs: readonly ScanInput[], options: ScanOptions = {}): Promise<Report> {
  const { plan, problems } = await planScan({
    pack: loadDefaultPack(),
    sources: [
      {
        file: 'options',
        ...(options.params ? { params: options.params } : {}),
        ...(options.enable ? { enable: options.enable } : {}),
        ...(options.only ? { only: options.only } : {}),
        ...(options.skip ? { skip: options.skip } : {}),
        ...(options.waivers ? { waivers: options.waivers } : {}),
        ...(options.policies ? { policies: options.policies } : {}),
        ...(options.rego ? { rego: options.rego } : {}),
      },
    ],
    ...(options.regoBuiltins ? { regoBuiltins: options.regoBuiltins } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.today ? { today: options.today } : {}),
  });
  const engineInputs: EngineScanInput[] = inputs.map((input) => (typeof input === 'string' || !('text' in input) ? input : { file: input.file, content: input.text }));
  const { report } = await engineScan(engineInputs, plan, {
    errors: problems,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.inlineWaivers === false ? { inlineWaivers: false } : {}),
    ...(options.terraform ? { terraform: options.terraform } : {}),
    ...(options.render !== undefined ? { render: options.render } : {}),
  });
  return report;
}

/**
 * The findings that should break a build: failures (and, on request,
 * unknowns) at or above a severity.
 */
export function failing(report: Report, options: { failOn?: Severity; failOnUnknown?: boolean } = {}): Finding[] {
  return blockingFindings(report, options.failOn ?? 'high', options.failOnUnknown ?? false);
}
