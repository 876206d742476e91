/**
 * Terraform's built-in functions for static evaluation, on the values of
 * ./values.ts. Each takes known arguments (the evaluator turns an unknown
 * argument into an unknown result before calling) and throws `EvalError` on
 * bad arguments. `try`, `can`, `file` and `templatefile` need the evaluator
 * and live there. A function not listed gives an unknown value naming it.
 * Imports ./values.ts, ./cidr.ts and node:crypto only.
 */
import { cidrHost, cidrNetmask, cidrSubnet } from './cidr.js';
import { EvalError, elements, equal, isObject, View, toBool, toNum, toStr, typeOf } from './values.js';

type Fn = (...args: unknown[]) => unknown;

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  throw new EvalError(`a list is required, got ${typeOf(value)}`);
}

function map(value: unknown): Record<string, unknown> {
  if (value instanceof View) return value.values;
  if (isObject(value)) return value;
  throw new EvalError(`a map or object is required, got ${typeOf(value)}`);
}

function unique(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) if (!out.some((o) => equal(o, v))) out.push(v);
  return out;
}

/** Terraform's set order for strings is lexical; other element types keep their order. */
function toSet(values: unknown[]): unknown[] {
  const u = unique(values);
  return u.every((v) => typeof v === 'string') ? (u as string[]).sort() : u;
}

/** `jsonencode`: Go's encoding (keys sorted, `<`, `>`, `&` escaped). */
export function jsonEncode(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sortKeys(value: unknown): unknown {
  if (value instanceof View) return sortKeys(value.values);
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys(value[k]);
    return out;
  }
  return value;
}

/** `format` verbs: %s %d %f %q %v %t %%, with width/precision. */
function format(spec: unknown, ...args: unknown[]): string {
  const text = toStr(spec);
  let i = 0;
  return text.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (_m, flags: string, width: string | undefined, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) throw new EvalError(`format: not enough arguments for ${text}`);
    const arg = args[i++];
    let out: string;
    switch (verb) {
      case 's':
        out = toStr(arg);
        break;
      case 'd':
        out = Math.trunc(toNum(arg)).toString();
        if (flags.includes('+') && toNum(arg) >= 0) out = '+' + out;
        break;
      case 'f':
        out = toNum(arg).toFixed(precision === undefined ? 6 : Number(precision));
        break;
      case 'q':
        out = JSON.stringify(toStr(arg));
        break;
      case 't':
        out = toBool(arg) ? 'true' : 'false';
        break;
      case 'v':
        out = typeof arg === 'object' && arg !== null ? jsonEncode(arg) : toStr(arg);
        break;
      default:
        throw new EvalError(`format: unsupported verb %${verb}`);
    }
    if (width !== undefined && out.length < Number(width)) {
      const pad = (flags.includes('0') && !flags.includes('-') ? '0' : ' ').repeat(Number(width) - out.length);
      out = flags.includes('-') ? out + pad : pad + out;
    }
    return out;
  });
}

function flatten(value: unknown, depth = 0): unknown[] {
  if (depth > 64) throw new EvalError('flatten: nested too deep');
  const out: unknown[] = [];
  for (const v of list(value)) {
    if (Array.isArray(v)) out.push(...flatten(v, depth + 1));
    else out.push(v);
  }
  return out;
}

function regexOf(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    throw new EvalError(`invalid regular expression ${JSON.stringify(pattern)}`);
  }
}

function hash(algorithm: string): Fn {
  // node:crypto when a module first calls md5(), sha1() or sha256().
  return (s) => process.getBuiltinModule('node:crypto').createHash(algorithm).update(toStr(s)).digest('hex');
}

const TRUE_RANGE_LIMIT = 1024;

export const FUNCTIONS: Record<string, Fn> = {
  // numbers
  abs: (n) => Math.abs(toNum(n)),
  ceil: (n) => Math.ceil(toNum(n)),
  floor: (n) => Math.floor(toNum(n)),
  max: (...ns) => Math.max(...ns.map(toNum)),
  min: (...ns) => Math.min(...ns.map(toNum)),
  pow: (a, b) => Math.pow(toNum(a), toNum(b)),
  signum: (n) => Math.sign(toNum(n)),
  parseint: (s, base) => {
    const v = parseInt(toStr(s), toNum(base));
    if (Number.isNaN(v)) throw new EvalError(`parseint: cannot parse ${JSON.stringify(s)}`);
    return v;
  },
  // strings
  chomp: (s) => toStr(s).replace(/(\r?\n)+$/, ''),
  format,
  formatlist: (spec, ...args) => {
    const lists = args.filter(Array.isArray) as unknown[][];
    const n = lists.length > 0 ? (lists[0] as unknown[]).length : 1;
    return Array.from({ length: n }, (_v, i) => format(spec, ...args.map((a) => (Array.isArray(a) ? a[i] : a))));
  },
  indent: (n, s) => toStr(s).replace(/\n/g, '\n' + ' '.repeat(toNum(n))),
  join: (sep, ...lists) => lists.flatMap(list).map(toStr).join(toStr(sep)),
  lower: (s) => toStr(s).toLowerCase(),
  upper: (s) => toStr(s).toUpperCase(),
  title: (s) => toStr(s).replace(/\b\w/g, (c) => c.toUpperCase()),
  split: (sep, s) => (toStr(s) === '' ? [] : toStr(s).split(toStr(sep))),
  strrev: (s) => [...toStr(s)].reverse().join(''),
  substr: (s, offset, length) => {
    const chars = [...toStr(s)];
    let o = toNum(offset);
    if (o < 0) o = chars.length + o;
    const l = toNum(length);
    return chars.slice(o, l < 0 ? undefined : o + l).join('');
  },
  trim: (s, cut) => {
    const set = new Set(toStr(cut));
    const chars = [...toStr(s)];
    let a = 0;
    let b = chars.length;
    while (a < b && set.has(chars[a] as string)) a++;
    while (b > a && set.has(chars[b - 1] as string)) b--;
    return chars.slice(a, b).join('');
  },
  trimprefix: (s, p) => (toStr(s).startsWith(toStr(p)) ? toStr(s).slice(toStr(p).length) : toStr(s)),
  trimsuffix: (s, p) => (toStr(p) !== '' && toStr(s).endsWith(toStr(p)) ? toStr(s).slice(0, -toStr(p).length) : toStr(s)),
  trimspace: (s) => toStr(s).trim(),
  startswith: (s, p) => toStr(s).startsWith(toStr(p)),
  endswith: (s, p) => toStr(s).endsWith(toStr(p)),
  strcontains: (s, p) => toStr(s).includes(toStr(p)),
  replace: (s, search, replacement) => {
    const pattern = toStr(search);
    if (pattern.length > 1 && pattern.startsWith('/') && pattern.endsWith('/')) {
      return toStr(s).replace(new RegExp(regexOf(pattern.slice(1, -1)).source, 'gu'), toStr(replacement).replace(/\$\{?(\w+)\}?/g, '$$<$1>').replace(/\$<(\d+)>/g, '$$$1'));
    }
    return toStr(s).split(pattern).join(toStr(replacement));
  },
  regex: (pattern, s) => {
    const m = regexOf(toStr(pattern)).exec(toStr(s));
    if (!m) throw new EvalError(`regex: no match for ${JSON.stringify(pattern)}`);
    if (m.groups) return { ...m.groups };
    return m.length > 1 ? m.slice(1).map((g) => g ?? null) : m[0];
  },
  regexall: (pattern, s) => [...toStr(s).matchAll(new RegExp(regexOf(toStr(pattern)).source, 'gu'))].map((m) => (m.groups ? { ...m.groups } : m.length > 1 ? m.slice(1).map((g) => g ?? null) : m[0])),
  basename: (s) => toStr(s).replace(/\/+$/, '').split('/').pop() ?? '',
  dirname: (s) => {
    const parts = toStr(s).split('/');
    parts.pop();
    return parts.length === 0 ? '.' : parts.join('/') || '/';
  },
  // collections
  alltrue: (l) => list(l).every((v) => toBool(v)),
  anytrue: (l) => list(l).some((v) => toBool(v)),
  chunklist: (l, size) => {
    const items = list(l);
    const n = toNum(size);
    if (n <= 0) return [items];
    const out: unknown[][] = [];
    for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
    return out;
  },
  coalesce: (...args) => {
    const found = args.find((a) => a !== null && a !== '');
    if (found === undefined) throw new EvalError('coalesce: no non-null, non-empty argument');
    return found;
  },
  coalescelist: (...args) => args.find((a) => Array.isArray(a) && a.length > 0) ?? [],
  compact: (l) => list(l).filter((v) => v !== null && v !== ''),
  concat: (...lists) => lists.flatMap(list),
  contains: (l, v) => elements(l).some((x) => equal(x, v)),
  distinct: (l) => unique(list(l)),
  element: (l, i) => {
    const items = list(l);
    if (items.length === 0) throw new EvalError('element: the list is empty');
    const n = Math.floor(toNum(i));
    return items[((n % items.length) + items.length) % items.length];
  },
  flatten: (l) => flatten(l),
  index: (l, v) => {
    const i = list(l).findIndex((x) => equal(x, v));
    if (i < 0) throw new EvalError('index: the value is not in the list');
    return i;
  },
  keys: (m) => Object.keys(map(m)).sort(),
  length: (v) => {
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    return Object.keys(map(v)).length;
  },
  lookup: (m, key, ...fallback) => {
    const o = map(m);
    const k = toStr(key);
    if (Object.hasOwn(o, k)) return o[k];
    if (fallback.length > 0) return fallback[0];
    throw new EvalError(`lookup: no key ${JSON.stringify(k)}`);
  },
  matchkeys: (values, keysList, searchset) => list(values).filter((_v, i) => list(searchset).some((s) => equal(s, list(keysList)[i]))),
  merge: (...maps) => Object.assign({}, ...maps.filter((m) => m !== null).map(map)),
  one: (l) => {
    const items = elements(l);
    if (items.length > 1) throw new EvalError('one: more than one element');
    return items.length === 0 ? null : items[0];
  },
  range: (...args) => {
    const [start, limit, step] = args.length === 1 ? [0, toNum(args[0]), 1] : [toNum(args[0]), toNum(args[1]), args.length > 2 ? toNum(args[2]) : 1];
    if (step === 0) throw new EvalError('range: step must not be zero');
    const out: number[] = [];
    for (let v = start; step > 0 ? v < limit : v > limit; v += step) {
      out.push(v);
      if (out.length > TRUE_RANGE_LIMIT * 1024) throw new EvalError('range: too many elements');
    }
    return out;
  },
  reverse: (l) => [...list(l)].reverse(),
  setintersection: (first, ...rest) => toSet(elements(first).filter((v) => rest.every((r) => elements(r).some((x) => equal(x, v))))),
  setproduct: (...lists) => lists.map(elements).reduce<unknown[][]>((acc, l) => acc.flatMap((prefix) => l.map((v) => [...prefix, v])), [[]]),
  setsubtract: (a, b) => toSet(elements(a).filter((v) => !elements(b).some((x) => equal(x, v)))),
  setunion: (...sets) => toSet(sets.flatMap(elements)),
  slice: (l, from, to) => list(l).slice(toNum(from), toNum(to)),
  sort: (l) => list(l).map(toStr).sort(),
  sum: (l) => list(l).reduce<number>((a, v) => a + toNum(v), 0),
  transpose: (m) => {
    const out: Record<string, string[]> = {};
    for (const [k, vs] of Object.entries(map(m))) for (const v of list(vs)) (out[toStr(v)] ??= []).push(k);
    for (const k of Object.keys(out)) out[k]?.sort();
    return out;
  },
  values: (m) => {
    const o = map(m);
    return Object.keys(o).sort().map((k) => o[k]);
  },
  zipmap: (ks, vs) => Object.fromEntries(list(ks).map((k, i) => [toStr(k), list(vs)[i]])),
  // encoding
  base64encode: (s) => Buffer.from(toStr(s), 'utf8').toString('base64'),
  base64decode: (s) => Buffer.from(toStr(s), 'base64').toString('utf8'),
  jsonencode: (v) => jsonEncode(v),
  jsondecode: (s) => {
    try {
      return JSON.parse(toStr(s)) as unknown;
    } catch (error) {
      throw new EvalError(`jsondecode: ${(error as Error).message}`);
    }
  },
  urlencode: (s) => encodeURIComponent(toStr(s)).replace(/%20/g, '+'),
  md5: hash('md5'),
  sha1: hash('sha1'),
  sha256: hash('sha256'),
  sha512: hash('sha512'),
  // types
  tostring: (v) => (v === null ? null : toStr(v)),
  tonumber: (v) => (v === null ? null : toNum(v)),
  tobool: (v) => (v === null ? null : toBool(v)),
  tolist: (v) => (v === null ? null : elements(v)),
  toset: (v) => (v === null ? null : toSet(elements(v))),
  tomap: (v) => (v === null ? null : { ...map(v) }),
  sensitive: (v) => v,
  nonsensitive: (v) => v,
  type: (v) => typeOf(v),
  // network
  cidrhost: (prefix, n) => cidrHost(toStr(prefix), toNum(n)),
  cidrnetmask: (prefix) => cidrNetmask(toStr(prefix)),
  cidrsubnet: (prefix, bits, n) => cidrSubnet(toStr(prefix), toNum(bits), toNum(n)),
  cidrsubnets: (prefix, ...bits) => {
    // Consecutive subnets, each aligned to its own size, as Terraform allocates them.
    const base = toStr(prefix);
    const hostBits = (base.includes(':') ? 128 : 32) - Number(base.split('/')[1]);
    let offset = 0n;
    return bits.map(toNum).map((b) => {
      const size = 1n << BigInt(hostBits - b);
      const index = (offset + size - 1n) / size;
      offset = (index + 1n) * size;
      return cidrSubnet(base, b, Number(index));
    });
  },
};
