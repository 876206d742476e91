/**
 * The compiler: turns a policy's conditions into plain functions once, in the
 * way ajv compiles schemas. Conditions evaluate in three-valued logic
 * (Kleene): a path that falls into a value known only after apply is UNKNOWN,
 * and UNKNOWN flows through all/any/not and the list quantifiers.
 */
import type { Resource } from './facts.js';
import { formatPath, parsePath, WILDCARD, child, type PathSegment } from './paths.js';
import { compileLiteral, isQuantifier, operatorDefinition, parseJsonDocument, runtimeCompiler, type CompiledValue } from './operators/index.js';
import type { Condition, ItemLeafCondition, LeafCondition } from './policy.js';
import { isLeaf } from './policy.js';
import type { ScanIndex } from './relations.js';
import { coveredBy, reasonAt } from './unknowns.js';
import { attributesOf } from './attributes.js';

export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;
export type Tri = typeof FALSE | typeof TRUE | typeof UNKNOWN;

/** One leaf's outcome, recorded when a verdict is explained. */
export interface LeafTrace {
  path: string;
  segments: readonly (string | number)[] | undefined;
  fact: string | undefined;
  value: unknown;
  result: Tri;
  /** The leaf sits under an odd number of `not`. */
  negated: boolean;
  /** The leaf is a list quantifier: its value is not evidence. */
  quantifier: boolean;
  /** A leaf over other resources (`related`, `scan`) that held: the address of the resource that satisfied it. */
  related?: string;
  /** A leaf over other resources that is unknown: the first of them that made it so, where, and why in the input's words. */
  unknownIn?: { address: string; path: string; reason?: string };
}

export interface EvalState {
  resource: Resource;
  params: Record<string, unknown>;
  index: ScanIndex;
  /** A traced run: every leaf outside a quantifier's items, in the order met. */
  trace?: LeafTrace[];
  /**
   * An untraced run that keeps only the first leaf that was false (true under
   * `not`), in `firstFailing`, and the first that was unknown, in
   * `firstUnknown`: the leaves a traced run would name as deciding. Set for a
   * check that reads no other resource, so that one that does not pass is
   * explained without running it again.
   */
  keepFirsts?: boolean;
  firstFailing?: LeafTrace | undefined;
  firstUnknown?: LeafTrace | undefined;
  /** Fact scopes built for this resource, reused by every leaf. */
  scopes?: Record<string, Scope>;
  /** The current item of a `forEach` check. */
  item?: unknown;
  /** Compared facts read so far in this evaluation, by leaf (compiled, or UNRESOLVED). */
  compared?: Map<object, unknown>;
  /** In a traced run, the concrete path of the first unknown leaf under the quantifier item being tried. */
  nestedUnknown?: readonly (string | number)[];
}

/** Where a path is resolved: a root value and how to tell unknown places in it. */
export interface Scope {
  root: unknown;
  /** Concrete path of the root inside the resource's values, when it lies there. */
  base?: readonly (string | number)[];
  /** The resource whose `unknown` list applies to paths under `values` (for related resources). */
  owner?: Pick<Resource, 'unknown'>;
  /** The root is a list of related resources. */
  relatedList?: boolean;
  /** The root is one related resource: paths under its `values` follow its own `unknown` list. */
  relatedOwner?: Pick<Resource, 'unknown'>;
}

export type CompiledCondition = (state: EvalState, item?: Scope) => Tri;

export const FACTS = ['values', 'resource', 'params', 'related', 'scan', 'attributes', 'item'] as const;

/** The parts of a resource a `resource` fact shows (no values: use the `values` fact). */
export function resourceView(r: Resource): Record<string, unknown> {
  return {
    address: r.address,
    kind: r.kind,
    change: r.change,
    dataSource: r.dataSource ?? false,
    refs: r.refs,
    source: r.source,
    // Unknown paths the input explains (an expression onus could not evaluate, such as an unset variable): never a provider default.
    unknownExplained: r.unknownReasons ? Object.keys(r.unknownReasons) : [],
  };
}

/** The resource behind a related view (a symbol: no policy path reaches it). */
const RESOURCE = Symbol('resource');

function relatedView(r: Resource): Record<string | symbol, unknown> {
  return { address: r.address, kind: r.kind, values: r.values, refs: r.refs, unknown: r.unknown, [RESOURCE]: r };
}

/** The views of every resource of a kind in a scan, made once per scan (a check over all NetworkPolicies runs for each workload): by the index's own list of that kind. */
const scanViewCache = new WeakMap<readonly Resource[], Record<string | symbol, unknown>[]>();

function scanViews(index: ScanIndex, kind: string | readonly string[]): Record<string | symbol, unknown>[] {
  const resources = index.ofKind(kind);
  let views = scanViewCache.get(resources);
  if (!views) scanViewCache.set(resources, (views = resources.map(relatedView)));
  return views;
}

/**
 * A `scan` quantifier whose item condition is `all` led by an `equal` between
 * an item path and a value known before the items are tried (a literal, or a
 * fact of the resource itself): DSR-SEC-11 asks, for each workload, for the
 * NetworkPolicies of its namespace. Only the items whose value there is that
 * value, or is unknown, can make the `all` anything but false, so only they
 * are tried: an index by that value, built once per scan, gives them in input
 * order. The verdict, and what explains it, stay those of trying every item
 * (`anyItem` and `noItem` only: a false item decides nothing there).
 */
interface ScanJoin {
  itemSegs: readonly PathSegment[];
  /** The item path as text: the index's key. */
  key: string;
  /** The value compared with, for this state; `undefined` means: no index (unknown, or not a plain scalar), try every item. */
  expected: (state: EvalState) => { value: unknown } | undefined;
}

/** Positions of the items by their value at the item path, those where it is unknown, and (made when first asked) both for a value, in list order. */
type JoinIndex = { byValue: Map<unknown, number[]>; unknown: number[]; tried: Map<unknown, number[]> };
const joinIndexCache = new WeakMap<object, Map<string, JoinIndex>>();

function scanJoinOf(leaf: LeafCondition | ItemLeafCondition, kind: string): ScanJoin | undefined {
  if (!('fact' in leaf) || leaf.fact !== 'scan' || (leaf.path ?? '$') !== '$' || (kind !== 'anyItem' && kind !== 'noItem')) return undefined;
  const itemCondition = leaf.value as Condition;
  const first = 'all' in itemCondition ? itemCondition.all[0] : undefined;
  if (!first || !isLeaf(first) || first.operator !== 'equal' || 'fact' in first) return undefined;
  const itemSegs = parsePath(first.path ?? '$');
  if (itemSegs.includes(WILDCARD)) return undefined;
  const compared = first.value;
  const key = formatPath(itemSegs as (string | number)[]);
  if (!isFactRef(compared)) return isPlainScalar(compared) ? { itemSegs, key, expected: () => ({ value: compared }) } : undefined;
  if (compared.fact !== 'values' && compared.fact !== 'resource' && compared.fact !== 'params') return undefined;
  const refSegs = parsePath(compared.path ?? '$');
  if (refSegs.includes(WILDCARD)) return undefined;
  return {
    itemSegs,
    key,
    expected: (state) => {
      const v = resolveValue(factScope(compared.fact, compared.params, state), refSegs);
      return v !== UNRESOLVED && isPlainScalar(v) ? { value: v } : undefined;
    },
  };
}

/** A value `===` finds in a Map exactly as it compares it (NaN is never equal to itself, so it is left out). */
function isPlainScalar(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v));
}

/** The items of a scan list worth trying for a join: those whose value at the item path is `expected` or unknown, in list order, the resource itself left out. */
function joinedItems(views: readonly Record<string | symbol, unknown>[], self: Resource, join: ScanJoin, expected: unknown): { value: unknown; segs: (string | number)[] }[] {
  let byPath = joinIndexCache.get(views);
  if (!byPath) joinIndexCache.set(views, (byPath = new Map()));
  let index = byPath.get(join.key);
  if (!index) {
    index = { byValue: new Map(), unknown: [], tried: new Map() };
    views.forEach((view, i) => {
      // As the item's leaf reads it (itemScope of a related list).
      const v = resolveValue({ root: view, relatedOwner: view as Pick<Resource, 'unknown'> }, join.itemSegs);
      if (v === UNRESOLVED) index!.unknown.push(i);
      else {
        const list = index!.byValue.get(v);
        if (list) list.push(i);
        else index!.byValue.set(v, [i]);
      }
    });
    byPath.set(join.key, index);
  }
  let positions = index.tried.get(expected);
  if (!positions) {
    const equal = index.byValue.get(expected) ?? [];
    positions = index.unknown.length ? [...equal, ...index.unknown].sort((a, b) => a - b) : equal;
    index.tried.set(expected, positions);
  }
  const items: { value: unknown; segs: (string | number)[] }[] = [];
  // An item's `segs` only mark it as one item of the list (no finding shows a position in a scan).
  for (const i of positions) if (views[i]![RESOURCE] !== self) items.push({ value: views[i], segs: [i] });
  return items;
}

/** Where an unknown item of a related list is unknown: its address, the path in its values and the input's reason. */
function unknownPlace(item: unknown, segs: readonly (string | number)[] | undefined): LeafTrace['unknownIn'] {
  const r = item && typeof item === 'object' ? ((item as Record<symbol, unknown>)[RESOURCE] as Resource | undefined) : undefined;
  if (!r) return undefined;
  const inValues = segs && segs[0] === 'values' ? segs.slice(1) : undefined;
  const reason = inValues ? reasonAt(r.unknownReasons, inValues) : undefined;
  return { address: r.address, path: inValues ? formatPath(inValues) : '', ...(reason !== undefined ? { reason } : {}) };
}

function factScope(fact: string, params: Record<string, unknown> | undefined, state: EvalState): Scope {
  if (fact === 'item') return { root: state.item };
  const cache = (state.scopes ??= {});
  // Other resources: one list per kind and `via`, shared by every leaf of the resource's checks that asks for it.
  const key = fact === 'related' || fact === 'scan' ? othersKey(fact, params) : fact;
  return (cache[key] ??= buildScope(fact, params, state));
}

const othersKeys = new WeakMap<Record<string, unknown>, string>();

/** The cache key of a `related` or `scan` scope: the fact, its kinds and `via`. */
function othersKey(fact: string, params: Record<string, unknown> | undefined): string {
  if (!params) return fact;
  let key = othersKeys.get(params);
  if (key === undefined) {
    const kind = params['kind'];
    othersKeys.set(params, (key = `${fact}\u0000${Array.isArray(kind) ? kind.join('\u0001') : String(kind)}\u0000${String(params['via'] ?? '')}`));
  }
  return key;
}

function buildScope(fact: string, params: Record<string, unknown> | undefined, state: EvalState): Scope {
  const r = state.resource;
  switch (fact) {
    case 'values':
      return { root: r.values, base: [], owner: r };
    case 'resource':
      return { root: resourceView(r) };
    case 'params':
      return { root: state.params };
    case 'attributes':
      return { root: attributesOf(r) };
    case 'scan': {
      // Every resource of a kind in the scan, related or not ("the account-level block").
      const views = scanViews(state.index, params?.['kind'] as string | string[]);
      return { root: views.filter((v) => v[RESOURCE] !== r), relatedList: true };
    }
    case 'related': {
      const kind = params?.['kind'] as string | string[];
      const via = params?.['via'] as string | undefined;
      const list = state.index.related(r, kind, via);
      return { root: list.map(relatedView), relatedList: true };
    }
    default:
      throw new Error(`unknown fact "${fact}"`);
  }
}

function isUnknownIn(scope: Scope, segs: readonly (string | number)[]): boolean {
  if (scope.base && scope.owner) return coveredBy(scope.owner.unknown, scope.base.length ? [...scope.base, ...segs] : segs);
  if (scope.relatedList && typeof segs[0] === 'number' && segs[1] === 'values') {
    const item = (scope.root as { unknown?: string[] }[])[segs[0]];
    return !!item?.unknown && coveredBy(item.unknown, segs.slice(2));
  }
  return false;
}

/**
 * The items a quantifier goes through, without an object and a path made for
 * each (a walk over a resource's attributes meets thousands): the matches of
 * a wildcard path or a scan join (each with its path), the elements of an
 * array (path: the array's and the index), or one value (the path itself).
 * An item's path is made only where it is read.
 */
class QuantifierItems {
  readonly count: number;

  constructor(
    private readonly list: readonly { value: unknown; segs: (string | number)[] }[] | undefined,
    private readonly array: readonly unknown[] | undefined,
    private readonly one: unknown,
    private readonly segs: readonly (string | number)[],
  ) {
    this.count = list ? list.length : array ? array.length : one === undefined || one === null ? 0 : 1;
  }

  value(i: number): unknown {
    return this.list ? this.list[i]!.value : this.array ? this.array[i] : this.one;
  }

  segsOf(i: number): (string | number)[] {
    return this.list ? this.list[i]!.segs : this.array ? [...this.segs, i] : (this.segs as (string | number)[]);
  }

  /** The length of segsOf(i), without making it. */
  depthOf(i: number): number {
    return this.list ? this.list[i]!.segs.length : this.array ? this.segs.length + 1 : this.segs.length;
  }
}

/** The scope of item `i` of a quantifier's items resolved in `scope`: its path is made only where the scope keeps it. */
function itemScope(scope: Scope, items: QuantifierItems, i: number, value: unknown): Scope {
  if (scope.base && scope.owner) return { root: value, base: [...scope.base, ...items.segsOf(i)], owner: scope.owner };
  if (scope.relatedList && items.depthOf(i) === 1 && value && typeof value === 'object') {
    return { root: value, relatedOwner: value as Pick<Resource, 'unknown'> };
  }
  if (scope.relatedOwner) {
    // An item inside a related resource's values: its unknown places are that resource's.
    const segs = items.segsOf(i);
    if (segs[0] === 'values') return { root: value, base: segs.slice(1), owner: scope.relatedOwner };
  }
  return { root: value };
}

interface Resolved {
  value: unknown;
  unknown: boolean;
  matches?: { value: unknown; segs: (string | number)[] }[];
}

function unknownInRelated(scope: Scope, segs: readonly (string | number)[]): boolean {
  const owner = scope.relatedOwner;
  return !!owner && segs[0] === 'values' && coveredBy(owner.unknown, segs.slice(1));
}

/** Whether paths in a scope can be unknown (the resource, or a related one, has unknown values; or the scope is a list of related resources). */
function isTracked(scope: Scope): boolean {
  return !!(scope.owner && scope.owner.unknown.length) || !!scope.relatedOwner?.unknown.length || !!scope.relatedList;
}

function unknownAt(scope: Scope, p: readonly (string | number)[]): boolean {
  return isUnknownIn(scope, p) || unknownInRelated(scope, p);
}

/** What `resolveValue` gives for a path that falls into a value known only after apply. */
const UNRESOLVED: unique symbol = Symbol('unknown');

/**
 * Resolve a path without wildcards: its value, or UNRESOLVED. Unknown places
 * are prefix-closed (a path under an unknown one is unknown), so one look at
 * the longest prefix walked (up to the first missing segment) answers for all
 * of them. Allocates nothing when nothing is unknown.
 */
function resolveValue(scope: Scope, segs: readonly PathSegment[]): unknown {
  let v = scope.root;
  let walked = 0;
  // Indexed, as the other loops every leaf runs: a small scan runs without TurboFan
  // (see the CLI's tiering.ts), where `for...of` allocates an iterator and a result per step.
  while (walked < segs.length) {
    v = child(v, segs[walked++] as string | number);
    if (v === undefined) break;
  }
  if (walked === 0 || !isTracked(scope)) return v;
  const prefix = (walked === segs.length ? segs : segs.slice(0, walked)) as readonly (string | number)[];
  return unknownAt(scope, prefix) ? UNRESOLVED : v;
}

/** A path's value (the list of matches, for a wildcard path), or UNRESOLVED. */
function valueAt(scope: Scope, segs: readonly PathSegment[], wildcard: boolean): unknown {
  if (!wildcard) return resolveValue(scope, segs);
  const r = resolve(scope, segs, true);
  return r.unknown ? UNRESOLVED : r.value;
}

/** Resolve a parsed path; a wildcard path gives the list of its matches (JSONPath semantics). */
export function resolve(scope: Scope, segs: readonly PathSegment[], wildcard: boolean): Resolved {
  if (!wildcard) {
    const value = resolveValue(scope, segs);
    return value === UNRESOLVED ? { value: undefined, unknown: true } : { value, unknown: false };
  }
  const tracked = isTracked(scope);
  let matches: { value: unknown; segs: (string | number)[] }[] = [{ value: scope.root, segs: [] }];
  for (const s of segs) {
    const next: typeof matches = [];
    for (const m of matches) {
      if (s === WILDCARD) {
        if (Array.isArray(m.value)) m.value.forEach((v, i) => next.push({ value: v, segs: [...m.segs, i] }));
        else if (m.value && typeof m.value === 'object')
          for (const [k, v] of Object.entries(m.value)) next.push({ value: v, segs: [...m.segs, k] });
      } else {
        const p = [...m.segs, s as string | number];
        if (tracked && unknownAt(scope, p)) return { value: undefined, unknown: true };
        const v = child(m.value, s as string | number);
        if (v !== undefined) next.push({ value: v, segs: p });
      }
    }
    matches = next;
  }
  if (tracked) for (const m of matches) if (unknownAt(scope, m.segs)) return { value: undefined, unknown: true };
  return { value: matches.map((m) => m.value), unknown: false, matches };
}

/** The address of a related resource's view, if `value` is one. */
function addressOf(value: unknown): string | undefined {
  const address = value && typeof value === 'object' ? (value as { address?: unknown }).address : undefined;
  return typeof address === 'string' ? address : undefined;
}

function isFactRef(value: unknown): value is { fact: string; path?: string; params?: Record<string, unknown> } {
  return !!value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { fact?: unknown }).fact === 'string';
}

const and = (a: Tri, b: Tri): Tri => (a === FALSE || b === FALSE ? FALSE : a === UNKNOWN || b === UNKNOWN ? UNKNOWN : TRUE);
const or = (a: Tri, b: Tri): Tri => (a === TRUE || b === TRUE ? TRUE : a === UNKNOWN || b === UNKNOWN ? UNKNOWN : FALSE);
const not = (a: Tri): Tri => (a === UNKNOWN ? UNKNOWN : a === TRUE ? FALSE : TRUE);

/** Whether a run keeps the entry of a leaf with this result: a traced run keeps every one; one keeping firsts, the first failing and the first unknown. */
function wants(state: EvalState, result: Tri, negated: boolean): boolean {
  if (state.trace) return true;
  if (!state.keepFirsts) return false;
  return result === UNKNOWN ? state.firstUnknown === undefined : result === (negated ? TRUE : FALSE) && state.firstFailing === undefined;
}

/** Keep a leaf's entry (see `wants`). */
function keep(state: EvalState, entry: LeafTrace): void {
  if (state.trace) state.trace.push(entry);
  else if (entry.result === UNKNOWN) state.firstUnknown = entry;
  else state.firstFailing = entry;
}

/** Compile a condition tree. `nested` marks conditions inside a quantifier (paths relative to the item). */
export function compileCondition(condition: Condition, negated = false, nested = false): CompiledCondition {
  if ('all' in condition) {
    const parts = condition.all.map((c) => compileCondition(c, negated, nested));
    return (state, item) => {
      let acc: Tri = TRUE;
      // Indexed: every check of every resource passes here, and short scans run unoptimised, where `for...of` allocates at each step.
      for (let i = 0; i < parts.length; i++) {
        acc = and(acc, (parts[i] as CompiledCondition)(state, item));
        if (acc === FALSE) return FALSE;
      }
      return acc;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map((c) => compileCondition(c, negated, nested));
    return (state, item) => {
      let acc: Tri = FALSE;
      for (let i = 0; i < parts.length; i++) {
        acc = or(acc, (parts[i] as CompiledCondition)(state, item));
        if (acc === TRUE) return TRUE;
      }
      return acc;
    };
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not, !negated, nested);
    return (state, item) => not(inner(state, item));
  }
  if (isLeaf(condition)) return compileLeaf(condition, negated, nested);
  throw new Error('a condition needs all, any, not or operator');
}

function compileLeaf(leaf: LeafCondition | ItemLeafCondition, negated: boolean, nested: boolean): CompiledCondition {
  const path = leaf.path ?? '$';
  const segs = parsePath(path);
  const wildcard = segs.includes(WILDCARD);
  const fact = 'fact' in leaf ? leaf.fact : undefined;
  const factParams = 'params' in leaf ? leaf.params : undefined;
  const scopeOf = (state: EvalState, item?: Scope): Scope => {
    if (fact) return factScope(fact, factParams, state);
    if (!item) throw new Error(`condition at ${path} has no fact`);
    return item;
  };
  const overOthers = fact === 'related' || fact === 'scan';
  /**
   * Under a quantifier, a leaf that reads the item and finds its path unknown remembers that place, so that a
   * quantifier over other resources can name the resource and the path. An unknown fact of the resource
   * itself (a compared value, a `fact:` leaf) is not the item's.
   */
  const itemUnknown = nested && !fact;
  const unknownItem = (state: EvalState): Tri => {
    // A wildcard path names no one place: the item alone is named.
    if (itemUnknown && state.trace) state.nestedUnknown ??= wildcard ? [] : (segs as (string | number)[]);
    return UNKNOWN;
  };
  const record = (state: EvalState, value: unknown, result: Tri, quantifier: boolean, related?: string, unknownIn?: LeafTrace['unknownIn']): void => {
    if (nested || !wants(state, result, negated)) return;
    const concrete = wildcard ? undefined : (segs as (string | number)[]);
    // `related` lists that held as a whole (notEmpty): the first resource in them is what satisfied the leaf.
    const first = overOthers && result === TRUE && segs.length === 0 && Array.isArray(value) ? addressOf(value[0]) : undefined;
    const by = related ?? first;
    const leafTrace: LeafTrace = { path, segments: concrete, fact, value, result, negated, quantifier };
    if (by !== undefined) leafTrace.related = by;
    if (unknownIn) leafTrace.unknownIn = unknownIn;
    keep(state, leafTrace);
  };

  if (isQuantifier(leaf.operator)) {
    const inner = compileCondition(leaf.value as Condition, false, true);
    const kind = leaf.operator;
    const join = scanJoinOf(leaf, kind);
    return (state, item) => {
      const expected = join?.expected(state);
      const scope: Scope = expected ? { root: undefined, relatedList: true } : scopeOf(state, item);
      const r: Resolved = expected ? { value: undefined, unknown: false } : resolve(scope, segs, wildcard);
      if (r.unknown) return record(state, undefined, UNKNOWN, true), unknownItem(state);
      let result: Tri;
      let unknownIn: LeafTrace['unknownIn'];
      if (kind === 'jsonDocument') {
        const doc = parseJsonDocument(r.value);
        result = doc === undefined || doc === null ? FALSE : inner(state, { root: doc });
      } else {
        const list = expected ? joinedItems(scanViews(state.index, factParams?.['kind'] as string | string[]), state.resource, join!, expected.value) : r.matches;
        const items = new QuantifierItems(list, !list && Array.isArray(r.value) ? (r.value as unknown[]) : undefined, r.value, segs as (string | number)[]);
        let any: Tri = FALSE;
        let all: Tri = TRUE;
        let deciding: (string | number)[] | undefined;
        let decidingValue: unknown;
        // Explaining an unknown over other resources: which of them, and where in it.
        const naming = overOthers && state.trace !== undefined;
        // A quantifier over others nested in another one's item: its items' places are not the outer item's.
        const outerUnknown = state.nestedUnknown;
        for (let i = 0; i < items.count; i++) {
          const value = items.value(i);
          if (naming) state.nestedUnknown = undefined;
          const t = inner(state, itemScope(scope, items, i, value));
          if (naming && t === UNKNOWN && !unknownIn && state.nestedUnknown) unknownIn = unknownPlace(value, state.nestedUnknown);
          any = or(any, t);
          all = and(all, t);
          if (kind !== 'allItems' && any === TRUE) {
            deciding = items.segsOf(i);
            decidingValue = value;
            break;
          }
          if (kind === 'allItems' && all === FALSE) {
            deciding = items.segsOf(i);
            break;
          }
        }
        if (naming) state.nestedUnknown = outerUnknown;
        result = kind === 'allItems' ? all : kind === 'anyItem' ? any : not(any);
        // The item that decided (the offending one, for noItem/allItems) is the better evidence.
        if (deciding && !nested && fact === 'values' && wants(state, result, negated)) {
          keep(state, { path: `$${deciding.length ? '.' : ''}${formatPath(deciding)}`.replace('$.[', '$['), segments: deciding, fact, value: undefined, result, negated, quantifier: true });
          return result;
        }
        if (overOthers && kind === 'anyItem' && result === TRUE) {
          record(state, undefined, result, true, addressOf(decidingValue));
          return result;
        }
      }
      record(state, undefined, result, true, undefined, result === UNKNOWN ? unknownIn : undefined);
      return result;
    };
  }

  const definition = operatorDefinition(leaf.operator);
  if (!definition || definition.kind !== 'operator') throw new Error(`unknown operator "${leaf.operator}"`);
  const test = definition.test;
  const valueRef = isFactRef(leaf.value) ? leaf.value : undefined;
  const valueSegs = valueRef ? parsePath(valueRef.path ?? '$') : [];
  const valueWildcard = valueSegs.includes(WILDCARD);
  // A literal is compiled once, when a resource first reaches it (the loader already did, and
  // reported mistakes; a pack whose checks meet no resource compiles nothing at start-up); a value
  // read from a fact is compiled when first seen. A literal that does not compile makes every pair an error.
  let literal: CompiledValue | undefined;
  const compileRuntime = valueRef ? runtimeCompiler(definition) : undefined;
  // A compared fact (`value: { fact: values, path: ... }`) read once per evaluation state, not once per item,
  // kept on the state (by this leaf): nothing of a scan outlives it.
  const refKey = {};
  return (state, item) => {
    const actual = valueAt(scopeOf(state, item), segs, wildcard);
    if (actual === UNRESOLVED) return record(state, undefined, UNKNOWN, false), unknownItem(state);
    let expected: unknown;
    if (!valueRef) {
      literal ??= compileLiteral(leaf, definition);
      if (!literal.ok) throw new Error(`${leaf.operator}: ${literal.problem}`);
      expected = literal.compiled;
    } else {
      // The same evaluation (items of a quantifier): the compared fact has not changed.
      const compared = (state.compared ??= new Map());
      if (compared.has(refKey)) expected = compared.get(refKey);
      else {
        const v = valueAt(factScope(valueRef!.fact, valueRef!.params, state), valueSegs, valueWildcard);
        expected = v === UNRESOLVED ? UNRESOLVED : compileRuntime!(v);
        compared.set(refKey, expected);
      }
      if (expected === UNRESOLVED) return record(state, actual, UNKNOWN, false), UNKNOWN;
    }
    const result = test(actual, expected) ? TRUE : FALSE;
    record(state, actual, result, false);
    return result;
  };
}

