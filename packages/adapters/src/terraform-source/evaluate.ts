/**
 * Static evaluation of expressions (./ast.ts) to the values of ./values.ts.
 * What cannot be known becomes an `Unknown` naming the expression; a bad
 * operation (wrong type, missing key) becomes an `Unknown` saying what failed.
 * Never throws for bad input. Names (`var`, `local`, resources, modules) are
 * resolved by the caller's `Scope`; the evaluator records in a `Tracker` the
 * resource instances an expression reads, which become the fact's `refs`.
 * Imports ./ast.ts, ./values.ts and ./functions.ts.
 */
import type { Expr, Step, TemplatePart } from './ast.js';
import { FUNCTIONS } from './functions.js';
import { elements, equal, EvalError, Failure, firstUnknown, isObject, toBool, toNum, toStr, typeOf, Unknown, View, type Tracker } from './values.js';

export { newTracker, type Tracker } from './values.js';

/** Resolves the names of a module instance. */
export interface Scope {
  /**
   * The value of a root name with the steps it needs (`var` + `.x`,
   * `aws_s3_bucket` + `.b`, `module` + `.net`); `used` is how many steps it took.
   */
  root(name: string, steps: readonly Step[], track: Tracker, evaluate: (e: Expr) => unknown): { value: unknown; used: number };
  /** Functions that need the module (file, templatefile); undefined when not one of them. */
  special?(name: string, args: unknown[]): unknown;
}

const MAX_DEPTH = 200;

/** Evaluate in a scope, with local symbols (for-expression variables, `each`, `count`). */
export class Evaluator {
  private depth = 0;

  constructor(
    private readonly scope: Scope,
    private readonly track: Tracker,
    private readonly symbols: ReadonlyMap<string, unknown> = new Map(),
  ) {}

  with(symbols: ReadonlyMap<string, unknown>): Evaluator {
    return new Evaluator(this.scope, this.track, new Map([...this.symbols, ...symbols]));
  }

  evaluate(e: Expr): unknown {
    if (this.depth > MAX_DEPTH) return new Unknown(`${short(e.text)} nests too deep to evaluate`);
    this.depth++;
    try {
      return this.node(e);
    } catch (error) {
      if (error instanceof EvalError) return new Failure(`cannot evaluate ${short(e.text)}: ${error.message}`);
      throw error;
    } finally {
      this.depth--;
    }
  }

  private node(e: Expr): unknown {
    switch (e.k) {
      case 'lit':
        return e.value;
      case 'unsupported':
        return new Unknown(`onus does not read the syntax of ${short(e.text)}`);
      case 'template':
        return this.template(e.parts);
      case 'name':
        return this.traverse(e, { k: 'name', name: e.name, text: e.text, line: e.line }, []);
      case 'traverse':
        return this.traverse(e, e.base, e.steps);
      case 'tuple':
        return e.items.map((i) => this.evaluate(i));
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const item of e.items) {
          const key = this.evaluate(item.key);
          const value = this.evaluate(item.value);
          if (key instanceof Unknown) return key;
          out[toStr(key)] = value;
        }
        return out;
      }
      case 'call':
        return this.call(e);
      case 'cond': {
        const test = this.evaluate(e.test);
        // Both branches are read, as Terraform lists the references of both.
        const then = this.evaluate(e.then);
        const otherwise = this.evaluate(e.else);
        if (test instanceof Unknown) return test;
        return toBool(test) ? then : otherwise;
      }
      case 'unary': {
        const v = this.evaluate(e.operand);
        if (v instanceof Unknown) return v;
        return e.op === '!' ? !toBool(v) : -toNum(v);
      }
      case 'binary':
        return this.binary(e.op, this.evaluate(e.left), this.evaluate(e.right));
      case 'for':
        return this.forExpr(e);
    }
  }

  private binary(op: string, a: unknown, b: unknown): unknown {
    if (op === '==' || op === '!=') {
      if (a instanceof Unknown) return a;
      if (b instanceof Unknown) return b;
      // Null or not is known even when a collection holds unknown values (`var.grants != null`).
      if (a === null || b === null) return op === '==' ? a === b : a !== b;
      const u = firstUnknown(a) ?? firstUnknown(b);
      if (u) return u;
      return op === '==' ? equal(a, b) : !equal(a, b);
    }
    if (op === '&&' || op === '||') {
      // A known false (&&) or true (||) decides even when the other side is unknown.
      const known = [a, b].filter((v) => !(v instanceof Unknown)).map(toBool);
      if (op === '&&' && known.includes(false)) return false;
      if (op === '||' && known.includes(true)) return true;
      if (a instanceof Unknown) return a;
      if (b instanceof Unknown) return b;
      return op === '&&' ? toBool(a) && toBool(b) : toBool(a) || toBool(b);
    }
    if (a instanceof Unknown) return a;
    if (b instanceof Unknown) return b;
    const x = toNum(a);
    const y = toNum(b);
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        if (y === 0) throw new EvalError('division by zero');
        return x / y;
      case '%':
        if (y === 0) throw new EvalError('division by zero');
        return x % y;
      case '<':
        return x < y;
      case '<=':
        return x <= y;
      case '>':
        return x > y;
      case '>=':
        return x >= y;
      default:
        throw new EvalError(`unknown operator ${op}`);
    }
  }

  private template(parts: readonly TemplatePart[]): unknown {
    // A template that is one interpolation keeps the value's type.
    if (parts.length === 1 && typeof parts[0] === 'object' && 'k' in (parts[0] as object)) return this.evaluate(parts[0] as Expr);
    let out = '';
    let unknown: Unknown | undefined;
    for (const part of parts) {
      const v = this.part(part);
      if (v instanceof Unknown) unknown ??= v;
      else if (!unknown) out += v;
    }
    return unknown ?? out;
  }

  private part(part: TemplatePart): string | Unknown {
    if (typeof part === 'string') return part;
    if ('k' in part) {
      const v = this.evaluate(part);
      if (v instanceof Unknown) return v;
      return toStr(v);
    }
    if ('if' in part) {
      const test = this.evaluate(part.if);
      if (test instanceof Unknown) return test;
      return this.joined(toBool(test) ? part.then : part.else, this);
    }
    const collection = this.evaluate(part.for);
    if (collection instanceof Unknown) return collection;
    let out = '';
    for (const [key, value] of entries(collection)) {
      const symbols = new Map<string, unknown>([[part.valueVar, value]]);
      if (part.keyVar) symbols.set(part.keyVar, key);
      const v = this.joined(part.body, this.with(symbols));
      if (v instanceof Unknown) return v;
      out += v;
    }
    return out;
  }

  private joined(parts: readonly TemplatePart[], evaluator: Evaluator): string | Unknown {
    let out = '';
    for (const p of parts) {
      const v = evaluator.part(p);
      if (v instanceof Unknown) return v;
      out += v;
    }
    return out;
  }

  private traverse(e: Expr, base: Expr, steps: readonly Step[]): unknown {
    let value: unknown;
    let used = 0;
    if (base.k === 'name' && !this.symbols.has(base.name)) {
      const resolved = this.scope.root(base.name, steps, this.track, (x) => this.evaluate(x));
      value = resolved.value;
      used = resolved.used;
    } else if (base.k === 'name') {
      value = this.symbols.get(base.name);
    } else {
      value = this.evaluate(base);
    }
    const result = this.apply(value, steps.slice(used), e);
    this.touch(result, 0);
    return result;
  }

  /** Apply traversal steps; a splat applies the rest to each element. */
  private apply(start: unknown, steps: readonly Step[], e: Expr): unknown {
    let value = start;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as Step;
      if (value instanceof Unknown) return value;
      if ('splat' in step) {
        const rest = steps.slice(i + 1);
        if (value === null) return [];
        const items = Array.isArray(value) ? value : [value];
        return items.map((item) => this.apply(item, rest, e));
      }
      if ('attr' in step) {
        value = this.attr(value, step.attr);
        continue;
      }
      const key = this.evaluate(step.index);
      if (key instanceof Unknown) {
        this.touch(value, 0);
        return key;
      }
      value = this.index(value, key);
    }
    return value;
  }

  private attr(value: unknown, name: string): unknown {
    if (value instanceof View) return value.attribute(name, this.track);
    if (isObject(value)) {
      if (!Object.hasOwn(value, name)) throw new EvalError(`no attribute ${JSON.stringify(name)}`);
      return value[name];
    }
    if (value === null) throw new EvalError(`attribute ${JSON.stringify(name)} of a null value`);
    throw new EvalError(`a ${typeOf(value)} has no attribute ${JSON.stringify(name)}`);
  }

  private index(value: unknown, key: unknown): unknown {
    if (Array.isArray(value)) {
      const i = toNum(key);
      if (!Number.isInteger(i) || i < 0 || i >= value.length) throw new EvalError(`index ${toStr(key)} out of range (length ${value.length})`);
      return value[i];
    }
    if (value instanceof View) return this.attr(value, toStr(key));
    if (isObject(value)) {
      const k = toStr(key);
      if (!Object.hasOwn(value, k)) throw new EvalError(`no key ${JSON.stringify(k)}`);
      return value[k];
    }
    throw new EvalError(`a ${typeOf(value)} cannot be indexed`);
  }

  /** Record resource instances a traversal ends on (a whole instance, or a collection of them). */
  private touch(value: unknown, depth: number): void {
    if (depth > 4) return;
    if (value instanceof View) value.touch(this.track);
    else if (Array.isArray(value)) for (const v of value) this.touch(v, depth + 1);
    else if (isObject(value)) for (const v of Object.values(value)) this.touch(v, depth + 1);
  }

  private call(e: Extract<Expr, { k: 'call' }>): unknown {
    const name = e.name;
    if (name === 'try' || name === 'can') {
      // Every argument is read (for references); the first that evaluates wins.
      const results = e.args.map((a) => this.evaluate(a));
      // An argument that failed anywhere inside (`[each.value.missing]`) counts as failed, as in Terraform.
      if (name === 'can') {
        const r = results[0];
        if (firstUnknown(r, 0, true)) return false;
        return firstUnknown(r) ?? true;
      }
      for (const r of results) {
        if (firstUnknown(r, 0, true)) continue;
        return r;
      }
      return new Failure(`cannot evaluate ${short(e.text)}: no argument of try succeeded`);
    }
    let args = e.args.map((a) => this.evaluate(a));
    if (e.expand && args.length > 0) {
      const last = args[args.length - 1];
      if (last instanceof Unknown) return last;
      args = [...args.slice(0, -1), ...elements(last)];
    }
    const special = this.scope.special?.(name, args);
    if (special !== undefined) return special;
    const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (!fn) return new Unknown(`uses ${name}(), which onus does not evaluate`);
    // `coalesce` and `merge` with an unknown argument are unknown, as in Terraform; so is everything else.
    const lenient = name === 'length' || name === 'keys' || name === 'contains' || name === 'concat' || name === 'merge' || name === 'flatten' || name === 'element' || name === 'lookup' || name === 'tolist' || name === 'toset' || name === 'tomap' || name === 'values' || name === 'compact' || name === 'distinct';
    for (const a of args) {
      const u = lenient ? (a instanceof Unknown ? a : undefined) : firstUnknown(a);
      if (u) return u;
    }
    return fn(...args);
  }

  private forExpr(e: Extract<Expr, { k: 'for' }>): unknown {
    const collection = this.evaluate(e.collection);
    if (collection instanceof Unknown) return collection;
    const tuple: unknown[] = [];
    const object: Record<string, unknown> = {};
    for (const [key, value] of entries(collection)) {
      const symbols = new Map<string, unknown>([[e.valueVar, value]]);
      if (e.keyVar) symbols.set(e.keyVar, key);
      const inner = this.with(symbols);
      if (e.cond) {
        const keep = inner.evaluate(e.cond);
        if (keep instanceof Unknown) return keep;
        if (!toBool(keep)) continue;
      }
      const v = inner.evaluate(e.value);
      if (!e.object) {
        tuple.push(v);
        continue;
      }
      const k = inner.evaluate(e.key as Expr);
      if (k instanceof Unknown) return k;
      const name = toStr(k);
      if (e.group) ((object[name] ??= []) as unknown[]).push(v);
      else if (Object.hasOwn(object, name)) throw new EvalError(`duplicate key ${JSON.stringify(name)} (use ... to group)`);
      else object[name] = v;
    }
    return e.object ? object : tuple;
  }
}

/** Key/value pairs of a collection: index for lists, key for maps (sorted), the value itself for sets. */
export function entries(collection: unknown): [unknown, unknown][] {
  if (Array.isArray(collection)) return collection.map((v, i) => [i, v]);
  if (isObject(collection)) return Object.keys(collection).sort().map((k) => [k, collection[k]]);
  if (collection instanceof View) throw new EvalError('cannot iterate over a resource or module instance');
  throw new EvalError(`cannot iterate over a ${typeOf(collection)}`);
}

/** An expression's text for messages: one line, at most 80 characters. */
export function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}
