/**
 * Module instances and resource instances: the names of a module (`var`,
 * `local`, resources, data sources, `module` calls, `path`, `terraform`)
 * resolved lazily, each computed once and cached with what it read; `count`
 * and `for_each` expanded to instances when known; resource bodies evaluated
 * to values (blocks as lists of objects), per-attribute refs, lines, unknown
 * paths with reasons and sensitive paths. Imports ./ast.ts, ./values.ts,
 * ./evaluate.ts, ./module-tree.ts, ./iam-policy-document.ts and the address helpers.
 */
import path from 'node:path';
import { formatPath } from '@onus/core';
import { formatKey, formatModules, type ModuleStep } from '../terraform-address.js';
import { attribute, type Block, type Body, type Expr, type Step } from './ast.js';
import { Evaluator, short, type Scope } from './evaluate.js';
import { renderPolicyDocument } from './iam-policy-document.js';
import type { FileReader } from './files.js';
import type { ModuleNode } from './module-tree.js';
import { convertType } from './types.js';
import { elements, Failure, firstUnknown, isObject, newTracker, ResourceView, toNum, toStr, Unknown, View, type Tracker } from './values.js';

/** A variable value given to the root module, and where it came from. */
export interface RootValue {
  value: unknown;
}

/** Everything one evaluated resource instance gives a fact. */
export interface InstanceResult {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  file: string;
  line: number;
  module: string;
  /** Evaluated values, unknown markers still inside. */
  raw: Record<string, unknown>;
  refs: Map<string, Set<string>>;
  lines: Map<string, number>;
  sensitive: Set<string>;
  /** Unknown paths found outside the values (count, for_each, dynamic blocks). */
  unknownMeta: Map<string, string>;
}

interface Cell {
  busy: boolean;
  value?: unknown;
  refs?: Set<string>;
  sensitive?: boolean;
}

const META_ATTRIBUTES = new Set(['count', 'for_each', 'depends_on', 'provider']);
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection']);

type Expansion = { kind: 'single' } | { kind: 'keys'; keys: (string | number)[]; values: unknown[] } | { kind: 'unknown'; reason: string };

/** Evaluate count / for_each of a resource or module call. */
function expand(body: Body, evaluator: Evaluator): { expansion: Expansion; meta?: string } {
  const count = attribute(body, 'count');
  const forEach = attribute(body, 'for_each');
  if (count) {
    const v = evaluator.evaluate(count.expr);
    if (v instanceof Unknown) return { expansion: { kind: 'unknown', reason: v.reason }, meta: 'count' };
    const n = toNum(v);
    return { expansion: { kind: 'keys', keys: Array.from({ length: n }, (_x, i) => i), values: Array.from({ length: n }, () => null) }, meta: 'count' };
  }
  if (forEach) {
    const v = evaluator.evaluate(forEach.expr);
    const u = v instanceof Unknown ? v : Array.isArray(v) ? v.find((x): x is Unknown => x instanceof Unknown) : undefined;
    if (u) return { expansion: { kind: 'unknown', reason: u.reason }, meta: 'for_each' };
    if (Array.isArray(v)) {
      const keys = [...new Set(v.map((x) => toStr(x)))].sort();
      return { expansion: { kind: 'keys', keys, values: keys }, meta: 'for_each' };
    }
    if (isObject(v)) {
      const keys = Object.keys(v).sort();
      return { expansion: { kind: 'keys', keys, values: keys.map((k) => v[k]) }, meta: 'for_each' };
    }
    if (v === null) return { expansion: { kind: 'keys', keys: [], values: [] }, meta: 'for_each' };
    return { expansion: { kind: 'unknown', reason: `for_each must be a map or a set of strings, got ${typeof v}` }, meta: 'for_each' };
  }
  return { expansion: { kind: 'single' } };
}

function expansionSymbols(meta: string | undefined, key: string | number | undefined, value: unknown): Map<string, unknown> {
  const symbols = new Map<string, unknown>();
  if (meta === 'count') symbols.set('count', { index: key === undefined ? new Unknown('count is not known') : key });
  if (meta === 'for_each') symbols.set('each', key === undefined ? { key: new Unknown('for_each is not known'), value: new Unknown('for_each is not known') } : { key, value });
  return symbols;
}

/** Shared by every instance of one run. */
export interface RunContext {
  rootDir: string;
  rootValues: Map<string, RootValue>;
  files: FileReader;
}

class ResourceGroup {
  expansion: Expansion = { kind: 'single' };
  meta: string | undefined;
  metaRefs = new Set<string>();
  instances: ResourceInstance[] = [];
}

/** One module instance: `module.a["x"].module.b`, or the root. */
export class ModuleInstance implements Scope {
  private readonly cells = new Map<string, Cell>();
  private readonly groups = new Map<string, ResourceGroup>();
  private readonly calls = new Map<string, { expansion: Expansion; meta?: string; instances: ModuleInstance[] }>();
  readonly prefix: string;

  constructor(
    readonly ctx: RunContext,
    readonly node: ModuleNode,
    readonly steps: ModuleStep[],
    private readonly caller?: { parent: ModuleInstance; block: Block; symbols: Map<string, unknown> },
  ) {
    this.prefix = formatModules(steps);
  }

  private evaluator(track: Tracker, symbols: Map<string, unknown> = new Map()): Evaluator {
    return new Evaluator(this, track, symbols);
  }

  /** A value computed once per instance, with what it read merged into the reader's tracker. */
  private cached(key: string, track: Tracker, compute: (t: Tracker) => unknown): unknown {
    let cell = this.cells.get(key);
    if (cell?.busy) return new Unknown(`${key} depends on itself`);
    if (!cell) {
      cell = { busy: true };
      this.cells.set(key, cell);
      const own = newTracker();
      try {
        cell.value = compute(own);
      } finally {
        cell.busy = false;
      }
      cell.refs = own.refs;
      cell.sensitive = own.sensitive;
    }
    for (const r of cell.refs ?? []) track.refs.add(r);
    if (cell.sensitive) track.sensitive = true;
    return cell.value;
  }

  root(name: string, steps: readonly Step[], track: Tracker): { value: unknown; used: number } {
    const first = steps[0];
    const second = steps[1];
    const attr = (s: Step | undefined) => (s && 'attr' in s ? s.attr : undefined);
    switch (name) {
      case 'var': {
        const v = attr(first);
        if (v === undefined) return { value: new Failure('var must be followed by a variable name'), used: 0 };
        return { value: this.variable(v, track), used: 1 };
      }
      case 'local': {
        const l = attr(first);
        if (l === undefined) return { value: new Failure('local must be followed by a name'), used: 0 };
        return { value: this.local(l, track), used: 1 };
      }
      case 'module': {
        const m = attr(first);
        if (m === undefined) return { value: new Failure('module must be followed by a call name'), used: 0 };
        return { value: this.moduleValue(m, track), used: 1 };
      }
      case 'data': {
        const t = attr(first);
        const n = attr(second);
        if (t === undefined || n === undefined) return { value: new Failure('data must be followed by a type and a name'), used: 0 };
        return { value: this.resourceValue(`data.${t}.${n}`, track), used: 2 };
      }
      case 'path': {
        const p = attr(first);
        const value = p === 'module' ? path.relative(this.ctx.rootDir, this.node.config.dir) || '.' : p === 'root' ? '.' : p === 'cwd' ? new Unknown('depends on path.cwd, the folder terraform runs in') : new Failure(`unknown path.${p ?? ''}`);
        return { value, used: 1 };
      }
      case 'terraform': {
        const t = attr(first);
        return { value: t === 'workspace' ? 'default' : new Unknown(`depends on terraform.${t ?? ''}`), used: 1 };
      }
      case 'self':
        return { value: new Unknown('depends on self (known after apply)'), used: 0 };
      case 'count':
      case 'each':
        return { value: new Failure(`${name} is only available in a resource or module with ${name === 'count' ? 'count' : 'for_each'}`), used: 0 };
      default: {
        const n = attr(first);
        if (n === undefined) return { value: new Failure(`unknown name ${name}`), used: 0 };
        if (!this.node.config.resources.has(`${name}.${n}`)) return { value: new Failure(`no resource ${name}.${n} in this module`), used: 1 };
        return { value: this.resourceValue(`${name}.${n}`, track), used: 1 };
      }
    }
  }

  special(name: string, args: unknown[]): unknown {
    if ((name === 'file' || name === 'fileexists') && typeof args[0] === 'string') {
      return name === 'file' ? this.ctx.files.read(args[0]) : this.ctx.files.exists(args[0]);
    }
    if (name === 'file' || name === 'templatefile' || name === 'fileexists' || name === 'filebase64' || name === 'fileset') {
      return new Unknown(`uses ${name}(${typeof args[0] === 'string' ? JSON.stringify(args[0]) : ''}), which onus does not read`);
    }
    if (name === 'timestamp' || name === 'uuid' || name === 'bcrypt' || name === 'plantimestamp') return new Unknown(`uses ${name}(), known only at apply`);
    return undefined;
  }

  variable(name: string, track: Tracker): unknown {
    const declared = this.node.config.variables.get(name);
    if (!declared) return new Failure(`no variable "${name}" is declared in this module`);
    const block = declared.item;
    const sensitiveAttr = attribute(block.body, 'sensitive');
    const value = this.cached(`var.${name}`, track, (t) => {
      let v: unknown = undefined;
      if (this.caller) {
        const arg = attribute(this.caller.block.body, name);
        if (arg) v = this.caller.parent.evaluator(t, this.caller.symbols).evaluate(arg.expr);
      } else {
        const given = this.ctx.rootValues.get(name);
        if (given) v = given.value;
      }
      if (v === undefined || (v === null && attribute(block.body, 'nullable')?.expr.k === 'lit' && (attribute(block.body, 'nullable')?.expr as { value: unknown }).value === false)) {
        const fallback = attribute(block.body, 'default');
        if (fallback) v = this.evaluator(newTracker()).evaluate(fallback.expr);
      }
      if (v === undefined) return new Unknown(`var.${name} is not set (no default${this.caller ? ' and no module argument' : ' and no tfvars value'})`);
      return convertType(v, attribute(block.body, 'type')?.expr, (e) => this.evaluator(newTracker()).evaluate(e));
    });
    if (sensitiveAttr?.expr.k === 'lit' && sensitiveAttr.expr.value === true) track.sensitive = true;
    return value;
  }

  local(name: string, track: Tracker): unknown {
    const declared = this.node.config.locals.get(name);
    if (!declared) return new Failure(`no local "${name}" in this module`);
    return this.cached(`local.${name}`, track, (t) => this.evaluator(t).evaluate(declared.item.expr));
  }

  output(name: string, track: Tracker): unknown {
    const declared = this.node.config.outputs.get(name);
    if (!declared) return new Failure(`the module has no output "${name}"`);
    const value = attribute(declared.item.body, 'value');
    if (!value) return null;
    return this.cached(`output.${name}`, track, (t) => this.evaluator(t).evaluate(value.expr));
  }

  /** The instances of a resource (count / for_each expanded once). */
  group(local: string): ResourceGroup {
    let group = this.groups.get(local);
    if (group) return group;
    group = new ResourceGroup();
    this.groups.set(local, group);
    const declared = this.node.config.resources.get(local);
    if (!declared) return group;
    const track = newTracker();
    const { expansion, meta } = expand(declared.item.body, this.evaluator(track));
    group.expansion = expansion;
    group.meta = meta;
    group.metaRefs = track.refs;
    const make = (key: string | number | undefined, value: unknown) => new ResourceInstance(this, local, declared.item, declared.file, key, expansionSymbols(meta, key, value), group as ResourceGroup);
    if (expansion.kind === 'keys') expansion.keys.forEach((k, i) => group?.instances.push(make(k, expansion.values[i])));
    else group.instances.push(make(undefined, undefined));
    return group;
  }

  private resourceValue(local: string, track: Tracker): unknown {
    const group = this.group(local);
    const e = group.expansion;
    if (e.kind === 'single') return (group.instances[0] as ResourceInstance).view;
    if (e.kind === 'unknown') {
      for (const i of group.instances) track.refs.add(i.address);
      return new Unknown(`the ${group.meta} of ${local} is not known (${e.reason})`);
    }
    if (group.meta === 'count') return group.instances.map((i) => i.view);
    return Object.fromEntries(group.instances.map((i) => [String(i.key), i.view]));
  }

  /** The child instances of a module call. */
  children(name: string): ModuleInstance[] {
    return this.call(name).instances;
  }

  private call(name: string): { expansion: Expansion; meta?: string; instances: ModuleInstance[] } {
    let found = this.calls.get(name);
    if (found) return found;
    const declared = this.node.config.calls.get(name);
    const child = this.node.children.get(name);
    found = { expansion: { kind: 'single' }, instances: [] };
    this.calls.set(name, found);
    if (!declared || !child) return found;
    const { expansion, meta } = expand(declared.item.body, this.evaluator(newTracker()));
    found.expansion = expansion;
    if (meta) found.meta = meta;
    const make = (key: string | number | undefined, value: unknown) =>
      new ModuleInstance(this.ctx, child, [...this.steps, key === undefined ? { name } : { name, key }], { parent: this, block: declared.item, symbols: expansionSymbols(meta, key, value) });
    if (expansion.kind === 'keys') expansion.keys.forEach((k, i) => found?.instances.push(make(k, expansion.values[i])));
    else found.instances.push(make(undefined, undefined));
    return found;
  }

  private moduleValue(name: string, track: Tracker): unknown {
    if (!this.node.config.calls.has(name)) return new Failure(`no module "${name}" in this module`);
    if (!this.node.children.has(name)) return new Unknown(`depends on module.${name}, which is not followed`);
    const call = this.call(name);
    const views = call.instances.map((i) => new ModuleView(i));
    if (call.expansion.kind === 'single') return views[0];
    if (call.expansion.kind === 'unknown') return new Unknown(`the ${call.meta} of module.${name} is not known (${call.expansion.reason})`);
    if (call.meta === 'count') return views;
    return Object.fromEntries(call.instances.map((i, n) => [String(i.steps[i.steps.length - 1]?.key), views[n]]));
  }

  /** Every resource instance of this module and its descendants. */
  *all(): Generator<ResourceInstance> {
    for (const local of this.node.config.resources.keys()) yield* this.group(local).instances;
    for (const name of this.node.config.calls.keys()) for (const child of this.children(name)) yield* child.all();
  }
}

/** `module.x` as a value: its outputs, each evaluated on use. */
class ModuleView extends View {
  constructor(private readonly instance: ModuleInstance) {
    super();
  }

  attribute(name: string, track: Tracker): unknown {
    return this.instance.output(name, track);
  }

  touch(track: Tracker): void {
    for (const name of this.instance.node.config.outputs.keys()) this.instance.output(name, track);
  }

  get values(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of this.instance.node.config.outputs.keys()) out[name] = this.instance.output(name, newTracker());
    return out;
  }
}

/** One resource or data source instance. */
export class ResourceInstance {
  readonly address: string;
  readonly label: string;
  readonly view: ResourceView;
  private result: InstanceResult | undefined;
  private busy = false;

  constructor(
    readonly module: ModuleInstance,
    readonly local: string,
    readonly block: Block,
    readonly file: string,
    readonly key: string | number | undefined,
    private readonly symbols: Map<string, unknown>,
    private readonly group: ResourceGroup,
  ) {
    this.label = `${local}${key === undefined ? '' : formatKey(key)}`;
    this.address = module.prefix ? `${module.prefix}.${this.label}` : this.label;
    this.view = new ResourceView(this.address, this.address, () => (this.busy ? {} : this.evaluate().raw));
  }

  evaluate(): InstanceResult {
    if (this.result) return this.result;
    this.busy = true;
    const [first, type = ''] = this.local.split('.');
    const mode = first === 'data' ? 'data' : 'managed';
    const result: InstanceResult = {
      address: this.address,
      mode,
      type: mode === 'data' ? type : (first as string),
      file: this.file,
      line: this.block.line,
      module: this.module.prefix,
      raw: {},
      refs: new Map(),
      lines: new Map(),
      sensitive: new Set(),
      unknownMeta: new Map(),
    };
    try {
      const group = this.group;
      if (group.meta) {
        if (group.metaRefs.size > 0) result.refs.set(group.meta, group.metaRefs);
        const metaAttr = attribute(this.block.body, group.meta);
        if (metaAttr) result.lines.set(group.meta, metaAttr.line);
        if (group.expansion.kind === 'unknown') result.unknownMeta.set(group.meta, `${group.expansion.reason} (${short(metaAttr?.expr.text ?? '')}), so the instances are not known`);
      }
      result.raw = this.body(this.block.body, [], this.symbols, result, true);
      if (mode === 'data' && result.type === 'aws_iam_policy_document') {
        const json = renderPolicyDocument(result.raw);
        const reason = firstUnknown(result.raw)?.reason;
        result.raw.json = json ?? new Unknown(reason ?? 'the policy document is not known');
        result.raw.minified_json = json === undefined ? new Unknown(reason ?? 'the policy document is not known') : JSON.stringify(JSON.parse(json));
      }
    } finally {
      this.busy = false;
    }
    this.result = result;
    return result;
  }

  private body(body: Body, prefix: (string | number)[], symbols: Map<string, unknown>, result: InstanceResult, top: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const attr of body.attributes) {
      if (top && META_ATTRIBUTES.has(attr.name)) continue;
      const path = formatPath([...prefix, attr.name]);
      const track = newTracker();
      out[attr.name] = new Evaluator(this.module, track, symbols).evaluate(attr.expr);
      if (track.refs.size > 0) result.refs.set(path, track.refs);
      if (track.sensitive) result.sensitive.add(path);
      result.lines.set(path, attr.line);
    }
    const lists = new Map<string, unknown[]>();
    const push = (type: string, value: Record<string, unknown> | Unknown) => {
      let list = lists.get(type);
      if (!list) {
        list = [];
        lists.set(type, list);
        out[type] = list;
      }
      list.push(value);
    };
    for (const block of body.blocks) {
      if (top && META_BLOCKS.has(block.type)) continue;
      if (block.type === 'dynamic') {
        this.dynamic(block, prefix, symbols, result, (value) => push(block.labels[0] ?? '', value), lists.get(block.labels[0] ?? '')?.length ?? 0);
        continue;
      }
      const index = lists.get(block.type)?.length ?? 0;
      if (!result.lines.has(formatPath([...prefix, block.type]))) result.lines.set(formatPath([...prefix, block.type]), block.line);
      result.lines.set(formatPath([...prefix, block.type, index]), block.line);
      push(block.type, this.body(block.body, [...prefix, block.type, index], symbols, result, false));
    }
    return out;
  }

  /** `dynamic "x" { for_each = ...; content { ... } }`: one block per element, `x.key` / `x.value` in scope. */
  private dynamic(block: Block, prefix: (string | number)[], symbols: Map<string, unknown>, result: InstanceResult, push: (value: Record<string, unknown> | Unknown) => void, start: number): void {
    const type = block.labels[0] ?? '';
    const forEach = attribute(block.body, 'for_each');
    const iteratorAttr = attribute(block.body, 'iterator');
    const iterator = iteratorAttr?.expr.k === 'name' ? iteratorAttr.expr.name : type;
    const content = block.body.blocks.find((b) => b.type === 'content');
    if (!forEach || !content) return;
    const track = newTracker();
    const collection = new Evaluator(this.module, track, symbols).evaluate(forEach.expr);
    const path = formatPath([...prefix, type]);
    if (!result.lines.has(path)) result.lines.set(path, block.line);
    if (track.refs.size > 0) result.refs.set(path, track.refs);
    if (collection instanceof Unknown) {
      result.unknownMeta.set(path, collection.reason);
      return;
    }
    let pairs: [unknown, unknown][];
    try {
      pairs = Array.isArray(collection) ? collection.map((v, i) => [i, v]) : isObject(collection) ? Object.keys(collection).sort().map((k) => [k, collection[k]]) : elements(collection).map((v, i) => [i, v]);
    } catch {
      result.unknownMeta.set(path, `cannot iterate over ${short(forEach.expr.text)}`);
      return;
    }
    pairs.forEach(([key, value], i) => {
      const inner = new Map(symbols);
      inner.set(iterator, { key, value });
      result.lines.set(formatPath([...prefix, type, start + i]), content.line);
      push(this.body(content.body, [...prefix, type, start + i], inner, result, false));
    });
  }
}
