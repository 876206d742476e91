/**
 * Variable type constraints (`type = map(object({ a = optional(string, "x") }))`)
 * applied to a value as Terraform converts it: primitives converted
 * (`"41"` to 41 for `number`), object attributes not given filled from
 * `optional(T, default)` or null, attributes not declared dropped, element
 * types applied through `list`, `set`, `map` and `tuple`. Unknown values and
 * values that do not fit are left as they are. Imports ./ast.ts and ./values.ts.
 */
import type { Expr } from './ast.js';
import { EvalError, isObject, toNum, toStr, Unknown } from './values.js';

/** Evaluates an `optional()` default (a constant expression). */
export type Constant = (e: Expr) => unknown;

function literalKey(e: Expr): string | undefined {
  if (e.k === 'lit' && typeof e.value === 'string') return e.value;
  if (e.k === 'name') return e.name;
  return undefined;
}

/** The value converted to the type constraint. */
export function convertType(value: unknown, type: Expr | undefined, constant: Constant, depth = 0): unknown {
  if (!type || value === null || value instanceof Unknown || depth > 32) return value;
  try {
    if (type.k === 'name') return primitive(value, type.name);
    if (type.k !== 'call') return value;
    const [inner] = type.args;
    switch (type.name) {
      case 'list':
      case 'set':
        return Array.isArray(value) ? value.map((v) => convertType(v, inner, constant, depth + 1)) : value;
      case 'map':
        if (!isObject(value)) return value;
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertType(v, inner, constant, depth + 1)]));
      case 'tuple':
        if (!Array.isArray(value) || inner?.k !== 'tuple') return value;
        return value.map((v, i) => convertType(v, inner.items[i], constant, depth + 1));
      case 'object':
        return inner?.k === 'object' && isObject(value) ? object(value, inner, constant, depth) : value;
      case 'optional':
        return convertType(value, inner, constant, depth + 1);
      default:
        return value;
    }
  } catch (error) {
    if (error instanceof EvalError) return value;
    throw error;
  }
}

function primitive(value: unknown, name: string): unknown {
  if (name === 'number' && typeof value === 'string') return toNum(value);
  if (name === 'bool' && typeof value === 'string') return value === 'true' ? true : value === 'false' ? false : value;
  if (name === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return toStr(value);
  return value;
}

function object(value: Record<string, unknown>, type: Extract<Expr, { k: 'object' }>, constant: Constant, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of type.items) {
    const name = literalKey(item.key);
    if (name === undefined) continue;
    const attrType = item.value;
    const optional = attrType.k === 'call' && attrType.name === 'optional';
    if (Object.hasOwn(value, name) && value[name] !== null) {
      out[name] = convertType(value[name], attrType, constant, depth + 1);
    } else if (optional && attrType.args[1]) {
      out[name] = convertType(constant(attrType.args[1]), attrType.args[0], constant, depth + 1);
    } else {
      // Missing and not defaulted: null (a required one would be a Terraform error, null says unset).
      out[name] = null;
    }
  }
  return out;
}
