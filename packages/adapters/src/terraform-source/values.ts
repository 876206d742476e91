/**
 * Runtime values of static evaluation. Known values are plain JSON-like data
 * (string, number, boolean, null, arrays, plain objects). Two kinds of
 * class mark what is not plain: `Unknown` (cannot be known before apply, with
 * the reason naming the expression; `Failure` when evaluation failed) and
 * `View` (a resource or module instance used as a value, read lazily).
 * Imports nothing.
 */

/** A value known only after apply (or not at all statically), with why. */
export class Unknown {
  constructor(readonly reason: string) {}
}

/** An expression that failed (wrong type, missing key): unknown, and what `try` skips. */
export class Failure extends Unknown {}

/** What an evaluation touched. */
export interface Tracker {
  /** Resource instance addresses read. */
  refs: Set<string>;
  /** True when a sensitive value (a `sensitive = true` variable) was read. */
  sensitive: boolean;
}

export function newTracker(): Tracker {
  return { refs: new Set(), sensitive: false };
}

/**
 * A value whose attributes are computed on use: a resource instance
 * (`aws_s3_bucket.b`) or a module instance's outputs (`module.net`).
 */
export abstract class View {
  /** One attribute, recording what it reads. */
  abstract attribute(name: string, track: Tracker): unknown;
  /** The view used whole (passed to a function, iterated): record what it reads. */
  abstract touch(track: Tracker): void;
  /** The known attributes as a plain object. */
  abstract get values(): Record<string, unknown>;
}

/** A resource or data source instance used as a value. Attributes set in source are known; the rest depend on apply. */
export class ResourceView extends View {
  constructor(
    /** The instance address, module path included. */
    readonly address: string,
    /** The address as written in the referencing module, for reasons (`aws_iam_role.x`). */
    readonly label: string,
    private readonly read: () => Record<string, unknown>,
  ) {
    super();
  }

  get values(): Record<string, unknown> {
    return this.read();
  }

  attribute(name: string, track: Tracker): unknown {
    track.refs.add(this.address);
    const values = this.read();
    // Null in source leaves an optional+computed attribute to the provider: known only after apply.
    return Object.hasOwn(values, name) && values[name] !== null ? values[name] : new Unknown(`depends on ${this.label}.${name}`);
  }

  touch(track: Tracker): void {
    track.refs.add(this.address);
  }
}

/** A plain object (not an array, not null, not a marker). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown) && !(value instanceof View);
}

/** The first unknown inside a value (any depth), if any; only failures when `failures` is set. */
export function firstUnknown(value: unknown, depth = 0, failures = false): Unknown | undefined {
  if (value instanceof Unknown) return !failures || value instanceof Failure ? value : undefined;
  if (depth > 64 || value === null || typeof value !== 'object' || value instanceof View) return undefined;
  const items = Array.isArray(value) ? value : Object.values(value);
  for (const item of items) {
    const found = firstUnknown(item, depth + 1, failures);
    if (found) return found;
  }
  return undefined;
}

/** A type name for messages. */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'tuple';
  if (value instanceof View) return 'object';
  if (typeof value === 'object') return 'object';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

/** An evaluation error (bad types, missing keys): the caller turns it into an `Unknown` with the expression. */
export class EvalError extends Error {}

/** Terraform's string form of a primitive (numbers without a trailing `.0`). */
export function toStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) throw new EvalError('a null value cannot be used as a string');
  throw new EvalError(`a ${typeOf(value)} cannot be used as a string`);
}

export function toNum(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  throw new EvalError(`a number is required, got ${typeOf(value)}`);
}

export function toBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new EvalError(`a bool is required, got ${typeOf(value)}`);
}

/** Elements of a list, set or tuple (a map or object gives its values, sorted by key as Terraform does). */
export function elements(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return Object.keys(value).sort().map((k) => value[k]);
  if (value instanceof View) throw new EvalError('a resource or module instance is not a collection');
  throw new EvalError(`a collection is required, got ${typeOf(value)}`);
}

/** Structural equality of known values. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' || typeof b === 'number') return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  if (a instanceof View || b instanceof View) return a === b;
  return false;
}

/** Plain data for output: resource views become their known values. */
export function plain(value: unknown, depth = 0): unknown {
  if (value instanceof View) return depth > 32 ? {} : plain(value.values, depth + 1);
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) out[k] = plain(value[k], depth + 1);
    return out;
  }
  return value;
}
