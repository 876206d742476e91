/**
 * References of a Terraform plan: reads the `configuration` section and, for
 * each resource instance, maps every attribute expression (nested blocks
 * included, keyed by their fact path such as `vpc_config[0].subnet_ids`) to
 * the addresses of the resource instances it references. References are
 * followed through module outputs (`module.child.out`) into child modules
 * and through module inputs (`var.x`) into the calling module; `local.*`,
 * `count.*`, `each.*`, `path.*`, `terraform.*` and `self.*` are dropped
 * (locals are not in the plan JSON).
 */
import { formatPath } from '@onus/core';
import { isRecord, own, setOwn, type JsonObject } from './json.js';
import {
  configAddress,
  formatKey,
  formatModules,
  readModuleSteps,
  splitAddress,
  type AddressPart,
  type InstanceAddress,
} from './terraform-address.js';

/** One module of the configuration tree. */
interface ConfigModule {
  /** Resources by local address (`aws_s3_bucket.b`, `data.x.y`). */
  resources: Map<string, JsonObject>;
  calls: Map<string, { expressions: JsonObject; module: ConfigModule | undefined }>;
  outputs: JsonObject;
}

/** A module step while resolving: `key` applies only when `known`. */
interface Step {
  name: string;
  key?: string | number;
  known: boolean;
}

/** A referenced resource (in configuration terms) with the instance constraints known. */
interface Target {
  steps: Step[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
  key?: string | number;
}

/** A resource instance of the plan, as facts carry it. */
export interface PlanInstance {
  address: string;
  parsed: InstanceAddress;
}

/** A configuration resource's references: attribute path, the addresses it names, and whether it picks the instance's own key. */
type References = readonly { path: string; references: string[]; byKey: boolean }[];
const NO_REFERENCES: References = [];
/** A resource's references resolved for one module instance. */
type Resolved = readonly { path: string; targets: Target[]; byKey: boolean }[];
const NO_TARGETS: Resolved = [];

const DROPPED_ROOTS = new Set(['local', 'count', 'each', 'path', 'terraform', 'self', 'ephemeral', 'action', 'provider']);
const MAX_HOPS = 64;

/** The instances of one resource type, indexed for lookups (built when a reference first names the type). */
interface TypeIndex {
  byConfig: Map<string, PlanInstance[]>;
  /** Same, by configuration address + instance key (`aws_x.y|[0]`), for keyed lookups in large plans. */
  byConfigKey: Map<string, PlanInstance[]>;
  /** Instances by configuration address and the instance keys of their module path (a plan with many module instances). */
  byModuleInstance: Map<string, PlanInstance[]>;
}

/** Resolves the references of plan resources; build once per plan. */
export class PlanReferences {
  private readonly root: ConfigModule | undefined;
  /**
   * The instances by resource type, in input order: only the types some
   * reference names are indexed further (`indexOf`). Most instances of a
   * large plan are of types nothing references, and their keys (strings
   * made and hashed per instance) took longer than resolving the references.
   */
  private readonly byType = new Map<string, PlanInstance[]>();
  private readonly indexes = new Map<string, TypeIndex>();
  private readonly hasInstances: boolean;
  /** A resource block's references resolved in configuration terms, by block (see `resolved`). */
  private readonly templates = new Map<JsonObject, { context: readonly Step[]; resolved: Resolved }>();
  private readonly configReferences = new Map<JsonObject, References>();

  /**
   * @param configuration the plan's `configuration` section
   * @param instances the plan's resource instances (the facts)
   * @param extra instances that exist but are not facts (data sources read
   *   during planning, found in `prior_state`): targets only
   */
  constructor(configuration: unknown, instances: readonly PlanInstance[], extra: readonly PlanInstance[] = []) {
    const rootModule = isRecord(configuration) ? own(configuration, 'root_module') : undefined;
    this.root = isRecord(rootModule) ? readModule(rootModule, 0) : undefined;
    this.hasInstances = instances.length > 0;
    if (!this.root) return;
    for (const list of [instances, extra]) for (let i = 0; i < list.length; i++) push(this.byType, list[i]!.parsed.type, list[i]!);
  }

  /** The lookups over the instances of a type; an address seen twice counts once, where first seen. */
  private indexOf(type: string): TypeIndex {
    let index = this.indexes.get(type);
    if (index) return index;
    index = { byConfig: new Map(), byConfigKey: new Map(), byModuleInstance: new Map() };
    this.indexes.set(type, index);
    const seen = new Set<string>();
    for (const instance of this.byType.get(type) ?? []) {
      if (seen.has(instance.address)) continue;
      seen.add(instance.address);
      const p = instance.parsed;
      const key = configAddress(p.modules, p.mode, p.type, p.name);
      push(index.byConfig, key, instance);
      if (p.key !== undefined) push(index.byConfigKey, `${key}|${formatKey(p.key)}`, instance);
      push(index.byModuleInstance, `${key}|${moduleKeys(p.modules.map((m) => m.key))}`, instance);
    }
    return index;
  }

  /** True when the plan had a readable `configuration` section. */
  get available(): boolean {
    return this.root !== undefined;
  }

  /** Attribute path -> referenced instance addresses, for one resource instance. */
  refsOf(instance: InstanceAddress): Record<string, string[]> {
    const refs: Record<string, string[]> = {};
    for (const { path, targets, byKey } of this.resolved(instance)) {
      const addresses = this.addresses(targets, byKey ? instance.key : undefined);
      if (addresses.length > 0) setOwn(refs, path, addresses);
    }
    return refs;
  }

  /**
   * Resolved targets per attribute path. A resource block's references are
   * resolved once (`templates`): resolving reads module names only, and the
   * keys of the instance's own modules reach the targets only through the
   * steps of its context, which each instance puts in place of the
   * template's. A plan with 6,250 instances of a module resolved the same
   * references 6,250 times.
   */
  private resolved(instance: InstanceAddress): Resolved {
    const local = `${instance.mode === 'data' ? 'data.' : ''}${instance.type}.${instance.name}`;
    const config = this.moduleAt(instance.modules)?.resources.get(local);
    const found = config ? this.referencesOf(config) : NO_REFERENCES;
    // Most resources reference nothing: no module-instance work for them.
    if (!config || found.length === 0) return NO_TARGETS;
    let template = this.templates.get(config);
    if (!template) {
      const context: Step[] = instance.modules.map((m) => ({ name: m.name, known: true }));
      const resolved = found.map(({ path, references, byKey }) => ({ path, targets: distinct(this.resolveList(references, context, 0)), byKey }));
      this.templates.set(config, (template = { context, resolved }));
    }
    if (instance.modules.every((m) => m.key === undefined)) return template.resolved;
    const { context, resolved } = template;
    // The instance's steps: a module without a key is the template's step as it is.
    const own: Step[] = instance.modules.map((m, i) => (m.key === undefined ? context[i]! : { name: m.name, known: true, key: m.key }));
    const place = (t: Target): Target => {
      let steps: Step[] | undefined;
      for (let i = 0; i < t.steps.length; i++) {
        const at = context.indexOf(t.steps[i]!);
        if (at < 0 || own[at] === t.steps[i]) continue;
        steps ??= [...t.steps];
        steps[i] = own[at]!;
      }
      return steps ? { ...t, steps } : t;
    };
    return resolved.map(({ path, targets, byKey }) => ({ path, targets: targets.map(place), byKey }));
  }

  /** The references of a configuration resource by attribute path (its expressions, count and for_each), read once per resource block. */
  private referencesOf(config: JsonObject): References {
    let found = this.configReferences.get(config);
    if (found) return found;
    const byPath = new Map<string, string[]>();
    const expressions = own(config, 'expressions');
    if (isRecord(expressions)) collectExpressions(expressions, [], byPath);
    for (const meta of ['count', 'for_each']) {
      const expression = own(config, `${meta}_expression`);
      if (isRecord(expression)) {
        const list = referencesIn(expression);
        if (list.length > 0) byPath.set(meta, list);
      }
    }
    // `x[each.key]` / `x[count.index]` are listed as `x` + `each.key`: pick this instance's key.
    found = [...byPath].map(([path, references]) => ({ path, references, byKey: references.includes('each.key') || references.includes('count.index') }));
    this.configReferences.set(config, found);
    return found;
  }

  private moduleAt(steps: readonly { name: string }[]): ConfigModule | undefined {
    let module = this.root;
    for (const step of steps) module = module?.calls.get(step.name)?.module;
    return module;
  }

  private resolveList(references: readonly string[], context: Step[], hops: number): Target[] {
    if (hops > MAX_HOPS) return [];
    const parsed = references.map((r) => splitAddress(r)).filter((p): p is AddressPart[] => p !== undefined);
    // `module.x` listed next to `module.x.out`: only the specific outputs count.
    const withOutput = new Set<string>();
    for (const parts of parsed) {
      const { modules, next } = readModuleSteps(parts);
      if (modules.length === 1 && next < parts.length) withOutput.add((modules[0] as { name: string }).name);
    }
    const targets: Target[] = [];
    for (const parts of parsed) {
      const { modules, next } = readModuleSteps(parts);
      if (modules.length === 1 && next >= parts.length && withOutput.has((modules[0] as { name: string }).name)) continue;
      targets.push(...this.resolve(parts, context, hops));
    }
    return targets;
  }

  private resolve(parts: AddressPart[], context: Step[], hops: number): Target[] {
    const head = nameOf(parts[0]);
    if (head === undefined || DROPPED_ROOTS.has(head)) return [];
    if (head === 'var') {
      const variable = nameOf(parts[1]);
      const call = context[context.length - 1];
      if (variable === undefined || !call) return [];
      const parent = context.slice(0, -1);
      const expressions = this.moduleAt(parent)?.calls.get(call.name)?.expressions;
      const expression = expressions ? own(expressions, variable) : undefined;
      return expression === undefined ? [] : this.resolveList(referencesIn(expression), parent, hops + 1);
    }
    if (head === 'module') {
      const { modules, next } = readModuleSteps(parts);
      const step = modules[0];
      if (!step || modules.length !== 1) return [];
      const call = this.moduleAt(context)?.calls.get(step.name);
      if (!call?.module) return [];
      const child: Step = { name: step.name, known: step.key !== undefined };
      if (step.key !== undefined) child.key = step.key;
      const childContext = [...context, child];
      const output = nameOf(parts[next]);
      const outputs = call.module.outputs;
      const names = output === undefined ? Object.keys(outputs) : [output];
      const targets: Target[] = [];
      for (const name of names) {
        const definition = own(outputs, name);
        const expression = isRecord(definition) ? own(definition, 'expression') : undefined;
        if (expression !== undefined) targets.push(...this.resolveList(referencesIn(expression), childContext, hops + 1));
      }
      return targets;
    }
    let i = 0;
    let mode: 'managed' | 'data' = 'managed';
    if (head === 'data') {
      mode = 'data';
      i = 1;
    }
    const type = nameOf(parts[i]);
    const name = nameOf(parts[i + 1]);
    if (type === undefined || name === undefined) return [];
    const target: Target = { steps: context, mode, type, name };
    const key = keyOf(parts[i + 2]);
    if (key !== undefined) target.key = key;
    return [target];
  }

  /** Instance addresses of targets; a target with an explicit key beats the same resource without one. */
  private addresses(targets: Target[], sameKey?: string | number): string[] {
    // One target, the usual case: no groups (an instance's addresses are distinct already).
    if (targets.length === 1) {
      const t = targets[0]!;
      if (t.key === undefined && sameKey !== undefined) {
        const same = this.candidates({ ...t, key: sameKey });
        if (same.length > 0) return same.map((c) => c.address);
      }
      return this.instancesOf(t);
    }
    const groups = new Map<string, Target[]>();
    for (const t of targets) {
      const id = configAddress(t.steps, t.mode, t.type, t.name) + '|' + t.steps.map((s) => (s.known ? formatKey(s.key ?? '') : '*')).join('');
      const list = groups.get(id);
      if (list) list.push(t);
      else groups.set(id, [t]);
    }
    const out = new Set<string>();
    for (const group of groups.values()) {
      const keyed = group.filter((t) => t.key !== undefined);
      let chosen = keyed.length > 0 ? keyed : group;
      if (keyed.length === 0 && sameKey !== undefined && group[0]) {
        const same: Target = { ...group[0], key: sameKey };
        if (this.candidates(same).length > 0) chosen = [same];
      }
      for (const t of chosen) for (const a of this.instancesOf(t)) out.add(a);
    }
    return [...out];
  }

  private candidates(t: Target): PlanInstance[] {
    const config = configAddress(t.steps, t.mode, t.type, t.name);
    const index = this.indexOf(t.type);
    if (t.steps.every((s) => s.known)) {
      // Every module step is a known instance: one lookup instead of a scan of all instances.
      const exact = index.byModuleInstance.get(`${config}|${moduleKeys(t.steps.map((s) => s.key))}`) ?? [];
      return t.key === undefined ? exact : exact.filter((c) => c.parsed.key === t.key);
    }
    const candidates = (t.key === undefined ? index.byConfig.get(config) : index.byConfigKey.get(`${config}|${formatKey(t.key)}`)) ?? [];
    return candidates.filter(
      (c) =>
        t.steps.every((s, i) => !s.known || c.parsed.modules[i]?.key === s.key) && (t.key === undefined || c.parsed.key === t.key),
    );
  }

  private instancesOf(t: Target): string[] {
    const matching = this.candidates(t);
    if (matching.length > 0) return matching.map((c) => c.address);
    // A managed resource with no instance in the plan does not exist (count = 0): no ref.
    if (t.mode === 'managed' && this.hasInstances) return [];
    // A data source not in the plan (read during planning): its configuration address.
    const modules = formatModules(
      t.steps.map((s) => (s.known && s.key !== undefined ? { name: s.name, key: s.key } : { name: s.name })),
    );
    const local = `${t.mode === 'data' ? 'data.' : ''}${t.type}.${t.name}${t.key !== undefined ? formatKey(t.key) : ''}`;
    return [modules ? `${modules}.${local}` : local];
  }
}

/** Targets without repeats (`x.id` and `x` name the same resource). */
function distinct(targets: Target[]): Target[] {
  return targets.filter(
    (t, i) => targets.findIndex((u) => u.steps === t.steps && u.mode === t.mode && u.type === t.type && u.name === t.name && u.key === t.key) === i,
  );
}

/** The instance keys of a module path as one string (a module without count/for_each has none). */
function moduleKeys(keys: readonly (string | number | undefined)[]): string {
  return JSON.stringify(keys.map((k) => (k === undefined ? null : k)));
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function readModule(module: JsonObject, depth: number): ConfigModule {
  const resources = new Map<string, JsonObject>();
  const list = own(module, 'resources');
  if (Array.isArray(list)) {
    for (const r of list) {
      if (!isRecord(r)) continue;
      const mode = own(r, 'mode');
      const type = own(r, 'type');
      const name = own(r, 'name');
      const address = own(r, 'address');
      const local =
        typeof type === 'string' && typeof name === 'string'
          ? `${mode === 'data' ? 'data.' : ''}${type}.${name}`
          : typeof address === 'string'
            ? address
            : undefined;
      if (local !== undefined) resources.set(local, r);
    }
  }
  const calls = new Map<string, { expressions: JsonObject; module: ConfigModule | undefined }>();
  const moduleCalls = own(module, 'module_calls');
  if (isRecord(moduleCalls) && depth < 128) {
    for (const name of Object.keys(moduleCalls)) {
      const call = own(moduleCalls, name);
      if (!isRecord(call)) continue;
      const expressions = own(call, 'expressions');
      const child = own(call, 'module');
      calls.set(name, {
        expressions: isRecord(expressions) ? expressions : {},
        module: isRecord(child) ? readModule(child, depth + 1) : undefined,
      });
    }
  }
  const outputs = own(module, 'outputs');
  return { resources, calls, outputs: isRecord(outputs) ? outputs : {} };
}

/** An expression object: `{references: [...]}` and/or `{constant_value: ...}`. */
function isExpression(value: JsonObject): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k === 'references' || k === 'constant_value');
}

/** Walk a resource's `expressions` (nested blocks are arrays of, or single, expression maps). */
function collectExpressions(expressions: JsonObject, prefix: (string | number)[], out: Map<string, string[]>): void {
  for (const key of Object.keys(expressions)) {
    const value = expressions[key];
    const path = [...prefix, key];
    if (Array.isArray(value)) {
      value.forEach((block, i) => {
        if (isRecord(block)) collectExpressions(block, [...path, i], out);
      });
    } else if (isRecord(value)) {
      if (isExpression(value)) {
        const references = own(value, 'references');
        if (Array.isArray(references)) {
          const list = references.filter((r): r is string => typeof r === 'string');
          if (list.length > 0) out.set(formatPath(path), list);
        }
      } else {
        collectExpressions(value, path, out);
      }
    }
  }
}

/** Every reference string inside an expression (or a nested structure of expressions). */
function referencesIn(expression: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [expression];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) stack.push(...value);
    else if (isRecord(value)) {
      const references = own(value, 'references');
      if (Array.isArray(references)) for (const r of references) if (typeof r === 'string') out.push(r);
      for (const key of Object.keys(value)) if (key !== 'references' && key !== 'constant_value') stack.push(value[key]);
    }
  }
  return out;
}

function nameOf(part: AddressPart | undefined): string | undefined {
  return part && 'name' in part ? part.name : undefined;
}

function keyOf(part: AddressPart | undefined): string | number | undefined {
  return part && 'key' in part ? part.key : undefined;
}
