/**
 * onus, the library: the small typed API other tools import. It stitches
 * the workspace packages together (@onus/core evaluates, @onus/adapters reads
 * inputs, @onus/rules is the pack, @onus/cli scans and writes reports) and
 * exposes only what is documented here.
 */
import { scan as cliScan, type ScanInput as CliScanInput, type ScanOptions as CliScanOptions } from '@onus/cli';
import { blockingFindings, definePack, type Finding, type Pack, type Policy, type Report, type Severity } from '@onus/core';
import { loadDefaultPack } from '@onus/rules';
import type { InputFormat } from '@onus/adapters';

export type {
  Report, Finding, Status, Severity, Responsibility, Resource, Policy, Pack, EvaluateOptions, InputError, AdapterResult, Waiver, Tally,
} from '@onus/core';
export type { InputFormat } from '@onus/adapters';

/** Evaluate facts against a pack: one finding per (check, resource), passes included. */
export { evaluate } from '@onus/core';
/** Load a folder of policy YAML files: `{ policies, errors }` (errors name file, JSON pointer and line). */
export { loadPolicies } from '@onus/core';
/** Detect an input's format from its content; read one format into facts. None of these throws on bad input. */
export { detectFormat, fromTerraformPlan, fromKubernetes, fromAwsConfig, fromAwsCli, fromCloudAssets } from '@onus/adapters';
/** Report writers: each renders a Report as a string. */
export { toText, toJson, toSarif, toJunit, toMarkdown, toHtml } from '@onus/cli';

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

/** One input to scan: a path (file or folder), a text in memory, or an object already parsed, with its format. */
export type ScanInput = string | { file: string; text: string | Uint8Array } | { format: InputFormat; data: unknown; file?: string };

/** Options of `scan`: those of the `onus scan` command, with your own policies as objects or folders. */
export interface ScanOptions extends Pick<CliScanOptions, 'params' | 'enable' | 'only' | 'skip' | 'waivers' | 'today' | 'cwd'> {
  /** Your own policies: objects, or folders of YAML policy files. */
  policies?: readonly (Policy | string)[];
}

/**
 * Scan inputs with the built-in pack (plus your policies) and return the
 * report. Never throws on bad input: inputs that cannot be read are listed in
 * `report.errors`, and the others are still evaluated.
 */
export async function scan(inputs: readonly ScanInput[], options: ScanOptions = {}): Promise<Report> {
  const objects = (options.policies ?? []).filter((p): p is Policy => typeof p !== 'string');
  const folders = (options.policies ?? []).filter((p): p is string => typeof p === 'string');
  const cliInputs: CliScanInput[] = inputs.map((input, i) => {
    if (typeof input === 'string') return input;
    if ('text' in input) return { file: input.file, content: input.text };
    // Adapted with the declared format as it is: never turned back into text.
    return { file: input.file ?? `<${input.format} ${i + 1}>`, format: input.format, data: input.data };
  });
  const { report } = await cliScan(cliInputs, {
    pack: loadPack(objects),
    ...(folders.length ? { policies: folders } : {}),
    ...(options.params ? { params: options.params } : {}),
    ...(options.enable ? { enable: options.enable } : {}),
    ...(options.only ? { only: options.only } : {}),
    ...(options.skip ? { skip: options.skip } : {}),
    ...(options.waivers ? { waivers: options.waivers } : {}),
    ...(options.today ? { today: options.today } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
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
