/**
 * Rego in a scan: the compiled OPA policies a plan names (`rego:` in the
 * config, `--rego`, the library's `rego` option) loaded once when the plan is
 * made, selected like the pack's policies (by id or area), and evaluated on
 * the inputs as parsed and on the resource facts. Their findings then go
 * through the same waivers, scorecard and writers as the pack's.
 * Imports @onus/core and @onus/rego.
 */
import { isPolicySelected, type EvaluateOptions, type Finding, type InputError, type Pack, type Resource } from '@onus/core';
import { loadRego, type RegoBuiltins, type RegoInput, type RegoPolicyInfo, type RegoSource, type RegoSpec } from '@onus/rego';

export type { RegoBuiltins, RegoInput, RegoPolicyInfo, RegoSource, RegoSpec };

/**
 * The time budget of one Rego evaluation (one entrypoint on one input) in a
 * scan, unless a spec sets `timeoutMs`: policies then run in a worker thread
 * that is stopped when time is up, and the evaluation is an `error` finding.
 */
export const DEFAULT_REGO_TIMEOUT_MS = 10_000;

/** Each loaded source's budget, from its spec (0: none, in this thread). */
const budgets = new WeakMap<RegoSource, number>();

/** Load every spec (paths relative to `cwd`); a source that fails to load is left out, with its problems. */
export async function loadRegoSources(
  specs: readonly RegoSpec[],
  pack: Pack,
  options: { cwd: string; builtins?: RegoBuiltins },
): Promise<{ sources: RegoSource[]; problems: InputError[] }> {
  const sources: RegoSource[] = [];
  const problems: InputError[] = [];
  const taken = new Map<string, string>(pack.policies.map((p) => [p.id, `${pack.name}`]));
  for (const spec of specs) {
    const loaded = await loadRego(spec, { cwd: options.cwd, ...(options.builtins ? { builtins: options.builtins } : {}) });
    problems.push(...loaded.problems);
    if (!loaded.source) continue;
    const clashes = loaded.source.policies.filter((p) => taken.has(p.id));
    for (const p of clashes) {
      problems.push({
        file: spec.path,
        message: `entrypoint ${p.entrypoint} has the id ${p.id}, already used by ${taken.get(p.id)}`,
        hint: 'give the entrypoint its own id under `entrypoints:` (e.g. `id: ACME-EC2-01`)',
      });
    }
    if (clashes.length > 0) continue;
    for (const p of loaded.source.policies) taken.set(p.id, spec.path);
    budgets.set(loaded.source, spec.timeoutMs ?? DEFAULT_REGO_TIMEOUT_MS);
    sources.push(loaded.source);
  }
  return { sources, problems };
}

/** The Rego entrypoints a selection runs (same rules as the pack's: ids, areas, optional areas). */
export function selectedRego(sources: readonly RegoSource[], selection: Pick<EvaluateOptions, 'enable' | 'only' | 'skip'>): RegoPolicyInfo[] {
  return sources.flatMap((s) => s.policies).filter((p) => isPolicySelected(p, selection));
}

/** What Rego is given of one input: each parsed document (by reference; texts and bytes have none). */
export function regoInputs(file: string, format: string, documents: readonly unknown[] | undefined): RegoInput[] {
  return (documents ?? []).filter((d) => d !== null && typeof d === 'object' && !(d instanceof Uint8Array)).map((document) => ({ file, format, document }));
}

/** Whether any entrypoint of these sources is selected to run. */
export function regoRan(sources: readonly RegoSource[], selected: ReadonlySet<string>): boolean {
  return sources.some((s) => s.policies.some((p) => selected.has(p.id)));
}

/**
 * Evaluate the selected entrypoints of every source on the inputs and facts.
 * What a policy prints (Rego `print`, which the OPA SDK sends to
 * `console.log`) goes to standard error, never into a report on standard output.
 */
export async function evaluateRego(
  sources: readonly RegoSource[],
  selected: ReadonlySet<string>,
  inputs: readonly RegoInput[],
  resources: readonly Resource[],
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const source of sources) {
    const running = source.policies.filter((p) => selected.has(p.id));
    if (running.length === 0) continue;
    const entrypoints = new Set(running.map((p) => p.entrypoint));
    const budget = budgets.get(source) ?? DEFAULT_REGO_TIMEOUT_MS;
    // Only the selected entrypoints run.
    findings.push(...(await printsToStderr(() => source.evaluate(inputs, resources, { entrypoints, ...(budget > 0 ? { timeoutMs: budget } : {}) }))));
  }
  return findings;
}

/** Run with `console.log` sent to standard error, as `rego print: ...` lines. */
export async function printsToStderr<T>(run: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = (...args: unknown[]) => {
    process.stderr.write(`rego print: ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`);
  };
  try {
    return await run();
  } finally {
    console.log = log;
  }
}
