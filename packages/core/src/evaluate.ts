/**
 * The evaluator: compiles each check of a pack once, then runs each resource
 * through the checks of its kind, and every scope check against the scan.
 * Each (check, resource) pair yields one Finding; an operator that throws
 * yields `error` for that pair only. Output order is deterministic: policies
 * by id, checks in file order, resources in input order.
 */
import type { Resource } from './facts.js';
import { compileCondition, FALSE, TRUE, UNKNOWN, resourceView, type CompiledCondition, type EvalState, type LeafTrace, type Tri } from './compile.js';
import { child, formatPath, parsePath, relativePath } from './paths.js';
import { kindNameMatcher, matchedKind } from './kinds.js';
import type { Pack } from './pack.js';
import type { Policy, ResourceCheck, ScopeCheck } from './policy.js';
import { isScopeCheck } from './policy.js';
import { OPTIONAL_RESPONSIBILITIES, type Responsibility, type Status } from './vocabulary.js';
import { ScanIndex } from './relations.js';
import { REDACTED, type Evidence, type Finding } from './results.js';
import { isSensitiveAt, reasonAt } from './unknowns.js';
import { fillMessage } from './messages.js';

export interface EvaluateOptions {
  /** Parameter values over the pack's defaults (validate them first with `resolveParams`). */
  params?: Record<string, unknown>;
  /** Optional areas to turn on (`certificates`, `objectStore`). */
  enable?: readonly Responsibility[];
  /** Only these policy ids or areas. */
  only?: readonly string[];
  /** Not these policy ids or areas. */
  skip?: readonly string[];
  /** The ids of the policies that run, already resolved (a scan plan's); `enable`, `only` and `skip` are then not read. */
  selected?: ReadonlySet<string>;
}

interface CompiledResourceCheck {
  policy: Policy;
  index: number;
  check: ResourceCheck;
  matchesKind: (kind: string) => boolean;
  /** Compiled when a resource of the check's kinds first meets it (`conditionsOf`). */
  conditions?: { when?: CompiledCondition; assert: CompiledCondition; inconclusive?: CompiledCondition; overOthers: boolean; explainedAsRun: boolean };
}

interface CompiledScopeCheck {
  policy: Policy;
  index: number;
  check: ScopeCheck;
  where?: CompiledCondition;
  inconclusive?: CompiledCondition;
}

export interface CompiledPack {
  pack: Pack;
  /** Every check, policies by id and checks in file order. */
  checks: ({ scope: false } & CompiledResourceCheck | { scope: true } & CompiledScopeCheck)[];
}

const compiledCache = new WeakMap<Pack, CompiledPack>();

/** Compile every check of a pack (cached per pack object). */
export function compilePack(pack: Pack): CompiledPack {
  const hit = compiledCache.get(pack);
  if (hit) return hit;
  const checks: CompiledPack['checks'] = [];
  for (const policy of [...pack.policies].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    policy.checks.forEach((check, index) => {
      if (isScopeCheck(check)) {
        checks.push({
          scope: true,
          policy,
          index,
          check,
          where: check.require.where ? compileCondition(check.require.where) : undefined,
          inconclusive: check.inconclusive ? compileCondition(check.inconclusive.when) : undefined,
        });
      } else {
        checks.push({ scope: false, policy, index, check, matchesKind: kindNameMatcher(check.kind) });
      }
    });
  }
  const compiled = { pack, checks };
  compiledCache.set(pack, compiled);
  return compiled;
}

/** Whether a condition reads the `related` or `scan` fact anywhere. */
export function readsOthers(condition: unknown): boolean {
  if (Array.isArray(condition)) return condition.some(readsOthers);
  if (!condition || typeof condition !== 'object') return false;
  const o = condition as Record<string, unknown>;
  if (o['fact'] === 'related' || o['fact'] === 'scan') return true;
  return Object.values(o).some(readsOthers);
}

/**
 * A resource check's conditions, compiled on first use: a check no resource
 * meets costs nothing. `overOthers`: the assertion reads other resources
 * (`related` or `scan` facts), so a pass names the one it rests on.
 * `explainedAsRun`: neither condition reads other resources, so the leaves
 * that decide are kept as the check runs (`keepFirsts`); a check over others
 * runs again, traced, to name the resource and place that decided.
 */
function conditionsOf(c: CompiledResourceCheck): NonNullable<CompiledResourceCheck['conditions']> {
  if (c.conditions) return c.conditions;
  const overOthers = readsOthers(c.check.assert);
  return (c.conditions = {
    when: c.check.when ? compileCondition(c.check.when) : undefined,
    assert: compileCondition(c.check.assert),
    inconclusive: c.check.inconclusive ? compileCondition(c.check.inconclusive.when) : undefined,
    overOthers,
    explainedAsRun: !overOthers && !readsOthers(c.check.when),
  });
}

/** Whether a policy runs under these options. */
export function isPolicySelected(policy: Pick<Policy, 'id' | 'responsibility' | 'optional'>, options: EvaluateOptions): boolean {
  if (options.selected) return options.selected.has(policy.id);
  const optional = policy.optional || OPTIONAL_RESPONSIBILITIES.includes(policy.responsibility);
  if (optional && !(options.enable ?? []).includes(policy.responsibility)) return false;
  const named = (list: readonly string[]) => list.includes(policy.id) || list.includes(policy.responsibility);
  if (options.only?.length && !named(options.only)) return false;
  if (options.skip?.length && named(options.skip)) return false;
  return true;
}

/** A planned delete: the resource will not exist after apply. */
export function isDeleted(r: Resource): boolean {
  const a = r.change?.actions;
  return !!a && a.includes('delete') && !a.includes('create');
}

/** Evaluate resources against a pack. */
export function evaluate(resources: readonly Resource[], pack: Pack, options: EvaluateOptions = {}): Finding[] {
  const compiled = compilePack(pack);
  const params = { ...pack.params, ...(options.params ?? {}) };
  const index = new ScanIndex(resources);
  const selected = new Map<Policy, boolean>();
  const isOn = (p: Policy) => {
    let on = selected.get(p);
    if (on === undefined) selected.set(p, (on = isPolicySelected(p, options)));
    return on;
  };

  // One resource at a time, every check of its kind: what is derived from a
  // resource while it is evaluated (attribute lists, path tries, scopes) dies
  // young instead of living for the whole scan. Findings go to their check's
  // bucket, so the output order stays checks first, then resources in input order.
  const buckets: Finding[][] = compiled.checks.map(() => []);
  const resourceChecks: number[] = [];
  compiled.checks.forEach((c, i) => {
    if (!c.scope && isOn(c.policy)) resourceChecks.push(i);
  });
  const checksOfKind = new Map<string, number[]>();
  // Indexed loops (for each resource, each check, each finding): see resolveValue in compile.ts.
  for (let ri = 0; ri < resources.length; ri++) {
    const r = resources[ri]!;
    const kind = matchedKind(r);
    let mine = checksOfKind.get(kind);
    if (!mine) checksOfKind.set(kind, (mine = resourceChecks.filter((i) => (compiled.checks[i] as CompiledResourceCheck).matchesKind(kind))));
    if (mine.length === 0) continue;
    const deleted = isDeleted(r);
    // What its findings say about the resource: one object, shared.
    const part = findingResource(r);
    // The fact scopes of this resource, shared by its checks (the same params for all).
    const scopes: NonNullable<EvalState['scopes']> = {};
    for (let ci = 0; ci < mine.length; ci++) {
      const i = mine[ci]!;
      const c = compiled.checks[i] as CompiledResourceCheck;
      if (deleted && !c.check.includeDeletes) continue;
      const bucket = buckets[i] as Finding[];
      if (!c.check.forEach) {
        const f = evaluateResourceCheck(c, r, part, params, index, scopes);
        if (f) bucket.push(f);
        continue;
      }
      for (const item of forEachItems(c.check.forEach, r, params)) {
        const f = evaluateResourceCheck(c, r, part, params, index, scopes, item);
        if (f) bucket.push(f);
      }
    }
  }
  compiled.checks.forEach((c, i) => {
    if (!c.scope || !isOn(c.policy)) return;
    const f = evaluateScopeCheck(c, index, params);
    if (f) (buckets[i] as Finding[]).push(f);
  });
  const findings: Finding[] = [];
  for (let b = 0; b < buckets.length; b++) {
    const bucket = buckets[b]!;
    for (let f = 0; f < bucket.length; f++) findings.push(bucket[f]!);
  }
  return findings;
}

/** The items of a `forEach` check for one resource: a list at a fact path (a lone value is one item). */
export function forEachItems(spec: { fact: string; path?: string; as?: string }, r: Resource, params: Record<string, unknown>): unknown[] {
  const root = spec.fact === 'params' ? params : spec.fact === 'values' ? r.values : resourceView(r);
  let v: unknown = root;
  for (const s of parsePath(spec.path ?? '$')) v = typeof s === 'symbol' ? v : child(v, s);
  const items = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  if (!spec.as) return items;
  const template = spec.as;
  // `{field}` takes the item's own field; a missing or non-scalar field reads as empty.
  return items.map((item) =>
    template.replace(/\{([^{}]+)\}/g, (_, key: string) => {
      const x = child(item, key);
      return typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? String(x) : '';
    }),
  );
}

/**
 * Why the value a leaf read is unknown, where the input says (Terraform
 * source: "var.x is not set", "depends on aws_iam_role.r.arn"): the reason of
 * that path or of the closest enclosing one. Only for a leaf over the
 * resource's own values: a leaf over related resources is unknown for one of
 * theirs, not for a reason of this one.
 */
function unknownReason(r: Resource, leaf: LeafTrace | undefined): string | undefined {
  if (!leaf) return undefined;
  // Unknown in a related resource: that resource's reason, and the place, named.
  if (leaf.unknownIn) return `${leaf.unknownIn.reason ?? 'known only after apply'} (${leaf.unknownIn.address}${leaf.unknownIn.path ? `: ${leaf.unknownIn.path}` : ''})`;
  const reasons = r.unknownReasons;
  if (!reasons || leaf.fact !== 'values') return undefined;
  let segments: (string | number | symbol)[];
  try {
    segments = parsePath(leaf.path);
  } catch {
    return undefined;
  }
  const concrete: (string | number)[] = [];
  for (const s of segments) {
    if (typeof s !== 'string' && typeof s !== 'number') break;
    concrete.push(s);
  }
  return reasonAt(reasons, concrete);
}

/** How an item is named in findings and messages. */
function itemName(item: unknown): string {
  return typeof item === 'string' ? item : JSON.stringify(item) ?? String(item);
}


function evaluateResourceCheck(
  c: CompiledResourceCheck,
  r: Resource,
  part: Finding['resource'],
  params: Record<string, unknown>,
  index: ScanIndex,
  scopes: NonNullable<EvalState['scopes']>,
  item: unknown = NO_ITEM,
): Finding | undefined {
  const { when, assert, inconclusive, overOthers, explainedAsRun } = conditionsOf(c);
  const state: EvalState = { resource: r, params, index, scopes, keepFirsts: explainedAsRun, firstFailing: undefined, firstUnknown: undefined };
  if (item !== NO_ITEM) state.item = item;
  let status: Status;
  let evidence: Evidence | undefined;
  let decided: LeafTrace | undefined;
  let detail = '';
  let metBy: string | undefined;
  let itDepends = false;
  try {
    let verdict: Tri = TRUE;
    if (when) {
      const w = when(state);
      if (w === FALSE) return undefined;
      if (w === UNKNOWN) verdict = UNKNOWN;
      // The assertion decides: the leaves kept are its own.
      else state.firstFailing = state.firstUnknown = undefined;
    }
    if (verdict === TRUE) verdict = assert(state);
    state.keepFirsts = false;
    status = verdict === TRUE ? 'pass' : verdict === FALSE ? 'fail' : (c.check.onUnknown ?? 'unknown');
    if (status === 'pass' && overOthers) {
      // Name the other resource the pass rests on (the NetworkPolicy, the public access block).
      const traced: EvalState = { ...state, trace: [] };
      assert(traced);
      metBy = traced.trace!.find((t) => t.related !== undefined && t.result === TRUE && !t.negated)?.related;
    }
    if (status === 'fail' && inconclusive && inconclusive(state) === TRUE) {
      status = 'unknown';
      itDepends = true;
    }
    if (status !== 'pass') {
      // The path that decided: kept as the check ran, or found by running it again, recording leaves.
      if (explainedAsRun) decided = verdict === UNKNOWN ? state.firstUnknown : state.firstFailing;
      else {
        const traced: EvalState = { ...state, trace: [] };
        if (when && when(traced) === UNKNOWN) decided = decidingLeaf(traced.trace!, UNKNOWN);
        else {
          traced.trace = [];
          const v = assert(traced);
          decided = decidingLeaf(traced.trace!, v);
        }
      }
      evidence = pickEvidence(decided, r);
    }
  } catch (err) {
    status = 'error';
    detail = err instanceof Error ? err.message : String(err);
  }
  // One object literal of one shape (most findings are passes: no spreads, no evidence, the resource part shared).
  const p = c.policy;
  const name = item === NO_ITEM ? undefined : itemName(item);
  const finding: Finding = {
    policyId: p.id,
    title: p.title,
    responsibility: p.responsibility,
    severity: p.severity,
    remediation: p.remediation,
    frameworks: p.frameworks ?? NO_FRAMEWORKS,
    status,
    check: c.index,
    resource: part,
    message: itDepends
      ? fillMessage(c.check.inconclusive!.message, r.address, r.kind, evidence, name)
      : messageFor(p, c.check.message, status, r.address, r.kind, evidence, detail, name, metBy, status === 'unknown' ? unknownReason(r, decided) : undefined),
  };
  if (evidence) finding.evidence = evidence;
  if (name !== undefined) finding.item = name;
  return finding;
}

const NO_FRAMEWORKS: Record<string, string[]> = Object.freeze({}) as Record<string, string[]>;

/** What a finding says about its resource (made once per resource, shared by its findings). */
function findingResource(r: Resource): Finding['resource'] {
  const part: Finding['resource'] = { address: r.address, kind: r.kind, file: r.source.file };
  if (r.source.line !== undefined) part.line = r.source.line;
  return part;
}

const NO_ITEM = Symbol('no item');

/** The leaf that decided: for a failure, the first leaf that was false (true under `not`); for unknown, the first unknown leaf. */
export function decidingLeaf(trace: LeafTrace[], verdict: Tri): LeafTrace | undefined {
  return verdict === UNKNOWN ? trace.find((t) => t.result === UNKNOWN) : trace.find((t) => t.result === (t.negated ? TRUE : FALSE));
}

/** What the deciding leaf shows as evidence: its path, and its value and line where they are the resource's own. */
function pickEvidence(leaf: LeafTrace | undefined, r: Resource): Evidence | undefined {
  if (!leaf) return undefined;
  const verdict = leaf.result;
  const line = leaf.fact === 'values' ? attributeLine(r, leaf) : undefined;
  const at = line !== undefined ? { line } : {};
  if (leaf.quantifier || verdict === UNKNOWN) return { path: leaf.path, ...at };
  const sensitive = leaf.fact === 'values' && (leaf.segments ? isSensitiveAt(r, leaf.segments) : r.sensitive.length > 0);
  if (leaf.fact !== 'values' && leaf.fact !== 'resource') return { path: leaf.path };
  return { path: leaf.path, value: sensitive ? REDACTED : leaf.value ?? null, ...at };
}

/** The source line of the attribute a leaf read (or of the closest enclosing block that the source sets), when the input gives lines. */
function attributeLine(r: Resource, leaf: LeafTrace): number | undefined {
  const lines = r.source.lines;
  if (!lines) return undefined;
  const segments: (string | number)[] = [];
  for (const s of leaf.segments ?? parsePath(leaf.path)) {
    if (typeof s !== 'string' && typeof s !== 'number') break; // a wildcard: the line of what encloses it
    segments.push(s);
  }
  for (let n = segments.length; n > 0; n--) {
    const key = formatPath(segments.slice(0, n));
    if (Object.hasOwn(lines, key)) return lines[key];
  }
  return undefined;
}

function evaluateScopeCheck(c: CompiledScopeCheck, index: ScanIndex, params: Record<string, unknown>): Finding | undefined {
  const present = (kinds: string | readonly string[]) => index.ofKind(kinds).filter((r) => !isDeleted(r));
  if (present(c.check.require.whenAny).length === 0) return undefined;
  let count = 0;
  let unknown = 0;
  let status: Status;
  let detail = '';
  let absenceProvesNothing = false;
  try {
    for (const r of present(c.check.require.kind)) {
      const v = c.where ? c.where({ resource: r, params, index }) : TRUE;
      if (v === TRUE) count++;
      else if (v === UNKNOWN) unknown++;
    }
    const min = c.check.require.min ?? 1;
    status = count >= min ? 'pass' : count + unknown >= min ? 'unknown' : 'fail';
    if (status === 'fail' && c.inconclusive && c.inconclusive({ resource: SCAN_RESOURCE, params, index }) === TRUE) {
      status = 'unknown';
      absenceProvesNothing = true;
    }
  } catch (err) {
    status = 'error';
    detail = err instanceof Error ? err.message : String(err);
  }
  const kinds = ([] as string[]).concat(c.check.require.kind).join(', ');
  return {
    ...policyFields(c.policy),
    status,
    check: c.index,
    resource: { address: '(scan)', kind: 'scope' },
    message:
      status === 'error'
        ? `(scan): ${c.policy.title}: ${detail}`
        : status === 'pass'
          ? `(scan): ${count} matching ${kinds} found`
          : absenceProvesNothing
            ? fillMessage(c.check.inconclusive!.message, '(scan)', 'scope', undefined)
            : status === 'unknown'
            ? `(scan): a matching ${kinds} may exist, but its attributes are known only after apply`
            : fillMessage(c.check.message ?? `(scan): no ${kinds} that satisfies "${c.policy.title}"`, '(scan)', 'scope', undefined),
  };
}

/** The scan itself, as the resource a scope check's `inconclusive.when` is read against (it reads `params` or `scan`). */
export const SCAN_RESOURCE: Resource = { address: '(scan)', kind: 'scope', values: {}, unknown: [], sensitive: [], refs: {}, source: { file: '(scan)', format: 'scan' } };

function policyFields(p: Policy): Pick<Finding, 'policyId' | 'title' | 'responsibility' | 'severity' | 'remediation' | 'frameworks'> {
  return { policyId: p.id, title: p.title, responsibility: p.responsibility, severity: p.severity, remediation: p.remediation, frameworks: p.frameworks ?? {} };
}

function messageFor(
  p: Policy,
  template: string | undefined,
  status: Status,
  address: string,
  kind: string,
  evidence: Evidence | undefined,
  detail: string,
  item?: string,
  metBy?: string,
  reason?: string,
): string {
  const about = item === undefined ? address : `${address} (${item})`;
  switch (status) {
    case 'pass':
      return `${about}: ${p.title}${metBy !== undefined ? ` (met by ${metBy})` : ''}`;
    case 'error':
      return `${about}: could not evaluate: ${detail}`;
    case 'unknown':
      // The path, unless it is the whole resource (`$`), which says nothing.
      return `${about}: ${reason ?? 'known only after apply'}${evidence && evidence.path !== '$' ? ` (${relativePath(evidence.path)})` : ''}: ${p.title}`;
    default:
      return fillMessage(template ?? `${about} does not meet: ${p.title}`, address, kind, evidence, item);
  }
}
