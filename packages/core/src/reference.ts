/**
 * The reference evaluator: the same checks run through json-rules-engine
 * itself, with JSONPath-plus resolving paths and json-rules-engine's own
 * built-in operators. It is slow and exists to keep the compiled evaluator
 * honest: a differential test runs both on every policy example.
 *
 * json-rules-engine is two-valued; unknowns are modelled by placing a marker
 * object at every unknown path of a copy of the values, then combining the
 * evaluated leaves (which json-rules-engine records in its rule results) in
 * three-valued logic. List quantifiers run in a small interpreter of their own
 * (below), which uses the engine's operators for the leaves.
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import { JSONPath } from 'jsonpath-plus';
import type { Resource } from './facts.js';
import { attributesOf } from './attributes.js';
import { forEachItems, isDeleted, isPolicySelected, SCAN_RESOURCE, type EvaluateOptions } from './evaluate.js';
import { kindMatcher } from './kinds.js';
import type { Pack } from './pack.js';
import { parsePath } from './paths.js';
import { CUSTOM_OPERATORS, QUANTIFIERS, parseJsonDocument, runtimeCompiler } from './operators/index.js';
import type { Condition } from './policy.js';
import { isScopeCheck } from './policy.js';
import { ScanIndex } from './relations.js';
import type { Status } from './vocabulary.js';

const MARK = '\u0000onus:unknown';
/** 0 false, 1 true, 2 unknown, 3 error (an operator threw). */
type Tri = 0 | 1 | 2 | 3;
const isMarker = (v: unknown): boolean => !!v && typeof v === 'object' && (v as Record<string, unknown>)[MARK] === true;

/** A verdict of the reference evaluator: enough to compare with the compiled one. */
export interface ReferenceVerdict {
  policyId: string;
  check: number;
  address: string;
  status: Status;
}

/** A deep copy of values with a marker at every unknown path. */
function markUnknowns(values: Record<string, unknown>, unknown: readonly string[]): Record<string, unknown> {
  if (unknown.length === 0) return values;
  const copy = structuredClone(values);
  const marker = () => ({ [MARK]: true });
  for (const p of unknown) {
    if (p === '') return marker() as Record<string, unknown>;
    const segs = parsePath(p) as (string | number)[];
    let node: Record<string | number, unknown> = copy;
    segs.forEach((s, i) => {
      if (i === segs.length - 1) {
        node[s] = marker();
        return;
      }
      let next = node[s];
      if (next === null || typeof next !== 'object' || isMarker(next)) {
        next = typeof segs[i + 1] === 'number' ? [] : {};
        node[s] = next;
      }
      node = next as Record<string | number, unknown>;
    });
  }
  return copy;
}

const TOKEN = /\.\*|\.[^.[]+|\[[^\]]*\]/g;

/** Resolve a JSONPath; a marker anywhere on the way makes the result the marker. */
function resolveRef(json: unknown, path: string): unknown {
  const wild = /\[\*\]|\.\*/.test(path);
  const tokens = path.replace(/^\$/, '').match(TOKEN) ?? [];
  let prefix = '$';
  for (const t of tokens) {
    prefix += t;
    const hits = JSONPath({ path: prefix, json: json as object, wrap: true }) as unknown[];
    if (hits.some(isMarker)) return { [MARK]: true };
  }
  if (tokens.length === 0 && isMarker(json)) return json;
  return JSONPath({ path, json: json as object, wrap: wild });
}

/**
 * Kleene and/or over children taken in order, stopping where the result is
 * decided: an error met before that point is the result, one after it is not
 * reached (the compiled evaluator short-circuits the same way).
 */
function kleeneAnd<T>(xs: readonly T[], f: (x: T) => Tri): Tri {
  let acc: Tri = 1;
  for (const x of xs) {
    const t = f(x);
    if (t === 3) return 3;
    if (t === 0) return 0;
    if (t === 2) acc = 2;
  }
  return acc;
}
function kleeneOr<T>(xs: readonly T[], f: (x: T) => Tri): Tri {
  let acc: Tri = 0;
  for (const x of xs) {
    const t = f(x);
    if (t === 3) return 3;
    if (t === 1) return 1;
    if (t === 2) acc = 2;
  }
  return acc;
}
const kleeneNot = (x: Tri): Tri => (x === 3 ? 3 : x === 2 ? 2 : x === 1 ? 0 : 1);

const NO_ITEM = Symbol('no item');

interface RunContext {
  /** The current item of a `forEach` check. */
  item?: unknown;
  facts: Record<string, unknown>;
  relatedFn: (params: Record<string, unknown>) => unknown;
  scanFn: (params: Record<string, unknown>) => unknown;
  quantified: Map<number, Tri>;
}

/** Evaluate the resources of a pack with json-rules-engine. */
export async function evaluateReference(resources: readonly Resource[], pack: Pack, options: EvaluateOptions = {}): Promise<ReferenceVerdict[]> {
  const params = { ...pack.params, ...(options.params ?? {}) };
  const index = new ScanIndex(resources);
  const ctx: RunContext = { facts: {}, relatedFn: () => [], scanFn: () => [], quantified: new Map() };
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolveRef });
  // Custom operators never throw inside the engine (that would reject the whole run); whether a
  // leaf threw is decided afterwards from its recorded fact and value, in order.
  // The custom operators come from the same definitions as the compiled evaluator's; each value
  // is compiled when first seen (json-rules-engine hands over the value, not the leaf).
  const custom = new Map(CUSTOM_OPERATORS.map((d) => [d.name, { test: d.test, compile: runtimeCompiler(d) }]));
  for (const [name, op] of custom) {
    engine.addOperator(name, (a: unknown, b: unknown) => {
      if (isMarker(a) || isMarker(b)) return false;
      try {
        return op.test(a, op.compile(b));
      } catch {
        return false;
      }
    });
  }
  const throws = (operator: string, a: unknown, b: unknown): boolean => {
    const op = custom.get(operator);
    if (!op) return false;
    try {
      op.test(a, op.compile(b));
      return false;
    } catch {
      return true;
    }
  };
  let leafIds = 0;

  // Quantifiers: a nested condition over each item, three-valued, with the engine's own operators for leaves.
  const nested = (c: Condition, item: unknown): Tri => {
    if ('all' in c) return kleeneAnd(c.all, (x) => nested(x, item));
    if ('any' in c) return kleeneOr(c.any, (x) => nested(x, item));
    if ('not' in c) return kleeneNot(nested(c.not, item));
    const leaf = c as { fact?: string; path?: string; params?: Record<string, unknown>; operator: string; value: unknown };
    const root = leaf.fact
      ? leaf.fact === 'related'
        ? ctx.relatedFn(leaf.params ?? {})
        : leaf.fact === 'scan'
          ? ctx.scanFn(leaf.params ?? {})
          : ctx.facts[leaf.fact]
      : item;
    const got = resolveRef(root, leaf.path ?? '$');
    if (isMarker(got)) return 2;
    if (QUANTIFIERS.has(leaf.operator)) return quantify(leaf.operator, got, leaf.value as Condition);
    let expected = leaf.value;
    if (expected && typeof expected === 'object' && typeof (expected as { fact?: unknown }).fact === 'string') {
      const ref = expected as { fact: string; path?: string };
      expected = resolveRef(ctx.facts[ref.fact], ref.path ?? '$');
      if (isMarker(expected)) return 2;
    }
    if (throws(leaf.operator, got, expected)) return 3;
    const op = (engine as unknown as { operators: { get(n: string): { evaluate(a: unknown, b: unknown): boolean } } }).operators.get(leaf.operator);
    return op.evaluate(got, expected) ? 1 : 0;
  };
  const quantify = (operator: string, factValue: unknown, inner: Condition): Tri => {
    if (operator === 'jsonDocument') {
      let doc: unknown;
      try {
        doc = parseJsonDocument(factValue);
      } catch {
        return 3;
      }
      return doc === undefined || doc === null ? 0 : nested(inner, doc);
    }
    const items = Array.isArray(factValue) ? factValue : factValue === undefined || factValue === null ? [] : [factValue];
    if (operator === 'allItems') return kleeneAnd(items, (x) => nested(inner, x));
    const any = kleeneOr(items, (x) => nested(inner, x));
    return operator === 'anyItem' ? any : kleeneNot(any);
  };
  for (const q of QUANTIFIERS) {
    engine.addOperator(q, (factValue: unknown, value: unknown) => {
      const { __onusLeaf: id, ...inner } = value as { __onusLeaf: number } & Record<string, unknown>;
      if (isMarker(factValue)) {
        ctx.quantified.set(id, 2);
        return false;
      }
      const t = quantify(q, factValue, inner as unknown as Condition);
      ctx.quantified.set(id, t);
      return t === 1;
    });
  }

  // Give every quantifier leaf an id so its three-valued result can be read back.
  const prepare = (c: Condition): unknown => {
    if ('all' in c) return { all: c.all.map(prepare) };
    if ('any' in c) return { any: c.any.map(prepare) };
    if ('not' in c) return { not: prepare(c.not) };
    const leaf = c as { operator: string; value: unknown };
    if (QUANTIFIERS.has(leaf.operator)) return { ...leaf, value: { ...(leaf.value as object), __onusLeaf: ++leafIds } };
    return { ...leaf };
  };
  const combine = (c: Record<string, unknown>): Tri => {
    if (Array.isArray(c['all'])) return kleeneAnd(c['all'] as Record<string, unknown>[], combine);
    if (Array.isArray(c['any'])) return kleeneOr(c['any'] as Record<string, unknown>[], combine);
    if (c['not']) return kleeneNot(combine(c['not'] as Record<string, unknown>));
    if (isMarker(c['factResult']) || isMarker(c['valueResult'])) return 2;
    const v = c['value'] as { __onusLeaf?: number } | undefined;
    if (QUANTIFIERS.has(c['operator'] as string) && v?.__onusLeaf !== undefined) return ctx.quantified.get(v.__onusLeaf) ?? 0;
    if (throws(c['operator'] as string, c['factResult'], c['valueResult'])) return 3;
    return c['result'] ? 1 : 0;
  };
  const run = async (condition: Condition, r: Resource): Promise<Tri> => {
    const values = markUnknowns(r.values, r.unknown);
    ctx.facts = {
      values,
      resource: { address: r.address, kind: r.kind, change: r.change, dataSource: r.dataSource ?? false, refs: r.refs, source: r.source, unknownExplained: r.unknownReasons ? Object.keys(r.unknownReasons) : [] },
      params,
      attributes: attributesOf(r),
      ...(ctx.item !== NO_ITEM && ctx.item !== undefined ? { item: ctx.item } : {}),
    };
    ctx.relatedFn = (p) =>
      index.related(r, p['kind'] as string, p['via'] as string | undefined).map((x) => ({
        address: x.address, kind: x.kind, values: markUnknowns(x.values, x.unknown), refs: x.refs, unknown: x.unknown,
      }));
    ctx.scanFn = (p) =>
      index.ofKind(p['kind'] as string).filter((x) => x !== r).map((x) => ({
        address: x.address, kind: x.kind, values: markUnknowns(x.values, x.unknown), refs: x.refs, unknown: x.unknown,
      }));
    ctx.quantified.clear();
    // json-rules-engine wants all/any/not at the root: wrap a lone leaf.
    const root = prepare(condition) as Record<string, unknown>;
    const conditions = ('operator' in root ? { all: [root] } : root) as RuleProperties['conditions'];
    const rule: RuleProperties = { conditions, event: { type: 'evaluated' }, name: 'check' };
    engine.addRule(rule);
    try {
      const facts = { ...ctx.facts };
      const { results, failureResults } = await engine.run(facts);
      // `related` takes params, so it is a dynamic fact.
      const ruleResult = (results[0] ?? failureResults[0]) as unknown as { conditions: Record<string, unknown> };
      return combine(ruleResult.conditions);
    } finally {
      engine.removeRule('check');
    }
  };
  engine.addFact('related', (p: Record<string, unknown>) => ctx.relatedFn(p), { cache: false });
  engine.addFact('scan', (p: Record<string, unknown>) => ctx.scanFn(p), { cache: false });

  const verdicts: ReferenceVerdict[] = [];
  for (const policy of [...pack.policies].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (!isPolicySelected(policy, options)) continue;
    for (const [i, check] of policy.checks.entries()) {
      if (isScopeCheck(check)) {
        const present = (k: string | readonly string[]) => index.ofKind(k).filter((r) => !isDeleted(r));
        if (present(check.require.whenAny).length === 0) continue;
        let count = 0;
        let unknown = 0;
        let status: Status;
        try {
          for (const r of present(check.require.kind)) {
            const t = check.require.where ? await run(check.require.where, r) : 1;
            if (t === 3) throw new Error('operator error');
            if (t === 1) count++;
            else if (t === 2) unknown++;
          }
          const min = check.require.min ?? 1;
          status = count >= min ? 'pass' : count + unknown >= min ? 'unknown' : 'fail';
          if (status === 'fail' && check.inconclusive) {
            const t = await run(check.inconclusive.when, SCAN_RESOURCE);
            if (t === 3) throw new Error('operator error');
            if (t === 1) status = 'unknown';
          }
        } catch {
          status = 'error';
        }
        verdicts.push({ policyId: policy.id, check: i, address: '(scan)', status });
        continue;
      }
      const matches = kindMatcher(check.kind);
      for (const r of resources) {
        if (!matches(r) || (isDeleted(r) && !check.includeDeletes)) continue;
        const items = check.forEach ? forEachItems(check.forEach, r, params) : [NO_ITEM];
        for (const item of items) {
          ctx.item = item;
          let status: Status;
          try {
            let t: Tri = 1;
            if (check.when) {
              const w = await run(check.when, r);
              if (w === 3) throw new Error('operator error');
              if (w === 0) break; // `when` does not depend on the item
              if (w === 2) t = 2;
            }
            if (t === 1) t = await run(check.assert, r);
            if (t === 3) throw new Error('operator error');
            status = t === 1 ? 'pass' : t === 0 ? 'fail' : (check.onUnknown ?? 'unknown');
            if (status === 'fail' && check.inconclusive) {
              const d = await run(check.inconclusive.when, r);
              if (d === 3) throw new Error('operator error');
              if (d === 1) status = 'unknown';
            }
          } catch {
            status = 'error';
          }
          verdicts.push({ policyId: policy.id, check: i, address: r.address, status });
        }
      }
    }
  }
  return verdicts;
}
