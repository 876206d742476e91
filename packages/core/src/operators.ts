/**
 * Operators: json-rules-engine's built-in ones (same semantics, re-implemented
 * so the compiled path needs no engine) and onus's custom ones. Custom
 * operators are registered in json-rules-engine by ./reference.ts, so both
 * evaluators share exactly these implementations for custom operators, while
 * json-rules-engine keeps its own built-ins.
 *
 * Operators that take a nested condition as value (`anyItem`, `allItems`,
 * `noItem`, `jsonDocument`) are "quantifiers": the evaluators handle them,
 * since they need three-valued logic over items.
 */
import ipaddr from 'ipaddr.js';
import { RE2JS } from 're2js';

export type Operator = (factValue: unknown, value: unknown) => boolean;

/** Operators whose value is a nested condition evaluated per item. */
export const QUANTIFIERS = new Set(['anyItem', 'allItems', 'noItem', 'jsonDocument']);

// --- json-rules-engine built-ins, same semantics -------------------------------

const numberValidator = (v: unknown): boolean => Number.parseFloat(v as string).toString() !== 'NaN';

export const BUILTIN_OPERATORS: Record<string, Operator> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => Array.isArray(b) && b.indexOf(a) > -1,
  notIn: (a, b) => Array.isArray(b) && b.indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => numberValidator(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => numberValidator(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => numberValidator(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => numberValidator(a) && (a as number) >= (b as number),
};

// --- helpers --------------------------------------------------------------------

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** A compiled pattern with a memo of recent answers: attribute names and values repeat across resources. */
interface Pattern {
  re: RE2JS;
  memo: Map<string, boolean>;
}
const MEMO_LIMIT = 4096;
const patterns = new Map<string, Pattern>();
function testPattern(pattern: string, flags: string, input: string): boolean {
  const key = `${flags}/${pattern}`;
  let p = patterns.get(key);
  if (!p) {
    p = { re: RE2JS.compile(pattern, flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0), memo: new Map() };
    patterns.set(key, p);
  }
  let hit = p.memo.get(input);
  if (hit === undefined) {
    hit = p.re.matcher(input).find();
    if (p.memo.size >= MEMO_LIMIT) p.memo.clear();
    if (input.length <= 256) p.memo.set(input, hit);
  }
  return hit;
}

/** A CIDR or a bare address as [address, prefix]; throws on anything else. */
function parseCidr(text: unknown): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (typeof text !== 'string') throw new TypeError(`not a CIDR: ${JSON.stringify(text)}`);
  const trimmed = text.trim();
  if (trimmed.includes('/')) {
    const [addr, bits] = ipaddr.parseCIDR(trimmed);
    return [addr, bits];
  }
  const addr = ipaddr.parse(trimmed);
  return [addr, addr.kind() === 'ipv4' ? 32 : 128];
}

function cidrContains(outer: string, inner: string): boolean {
  const [oa, ob] = parseCidr(outer);
  let [ia, ib] = parseCidr(inner);
  if (oa.kind() !== ia.kind()) {
    if (oa.kind() === 'ipv6' && ia.kind() === 'ipv4') {
      ia = (ia as ipaddr.IPv4).toIPv4MappedAddress();
      ib += 96;
    } else return false;
  }
  return ib >= ob && ia.match([oa, ob] as never);
}

/** Ranges that are not reachable from the internet. */
const NON_PUBLIC = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16',
  '0.0.0.0/32', '192.0.0.0/24', '198.18.0.0/15', '224.0.0.0/4', '240.0.0.0/4',
  '::1/128', '::/128', 'fc00::/7', 'fe80::/10', 'ff00::/8',
];

/** True when the range holds at least one internet-routable address. */
export function isPublicCidr(text: string): boolean {
  const [addr, bits] = parseCidr(text);
  for (const block of NON_PUBLIC) {
    const [ba, bb] = ipaddr.parseCIDR(block);
    if (ba.kind() === addr.kind() && bits >= bb && addr.match([ba, bb] as never)) return false;
  }
  return true;
}

/** Parse a port spec: 22, "22", "20-25", "*". (A list is a list of specs, never a [from, to] pair.) */
function portRange(spec: unknown): [number, number] {
  if (spec === '*' || spec === 'all' || spec === '-1') return [0, 65535];
  if (typeof spec === 'number') return [spec, spec];
  if (typeof spec === 'string') {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(spec);
    if (!m) throw new TypeError(`not a port range: ${JSON.stringify(spec)}`);
    return [Number(m[1]), Number(m[2] ?? m[1])];
  }
  throw new TypeError(`not a port range: ${JSON.stringify(spec)}`);
}

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Seconds in `7776000s`, `2160h`, `90d`, `1h30m`, or a plain number of seconds. */
export function durationSeconds(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !value.trim()) throw new TypeError(`not a duration: ${JSON.stringify(value)}`);
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  let total = 0;
  let rest = value.trim();
  const part = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/;
  while (rest) {
    const m = part.exec(rest);
    if (!m) throw new TypeError(`not a duration: ${JSON.stringify(value)}`);
    total += Number(m[1]) * DURATION_UNITS[m[2] as string]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

const toNumber = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (Number.isNaN(n)) throw new TypeError(`not a number: ${JSON.stringify(v)}`);
  return n;
};

// --- onus custom operators ------------------------------------------------------

export const CUSTOM_OPERATORS: Record<string, Operator> = {
  /** `value: true` -> the fact is present (not undefined/null); `false` -> absent. */
  exists: (a, b) => (a !== undefined && a !== null) === (b !== false),
  /** Present and not empty: non-empty string, array or object, or any other non-null value. */
  notEmpty: (a, b) => {
    const full =
      a !== undefined &&
      a !== null &&
      a !== '' &&
      !(Array.isArray(a) && a.length === 0) &&
      !(typeof a === 'object' && !Array.isArray(a) && Object.keys(a as object).length === 0);
    return full === (b !== false);
  },
  /** Regular expression (RE2 syntax, linear time). `value: "re"` or `{ pattern, flags: "i" }`. Non-strings never match. */
  matches: (a, b) => {
    if (typeof a !== 'string') return false;
    const { pattern, flags } = typeof b === 'string' ? { pattern: b, flags: '' } : (b as { pattern: string; flags?: string });
    return testPattern(pattern, flags ?? '', a);
  },
  /** The fact (a string, or any string of an array) matches a glob of the value (string or list): `ELBSecurityPolicy-TLS13-*`. */
  matchesGlob: (a, b) => asList(a).some((s) => typeof s === 'string' && asList(b).some((g) => globToRegExp(String(g)).test(s))),
  /** Fact (scalar or list) and value (scalar or list) share an element. `Action: "*"` vs `["*", "iam:*"]`. */
  intersects: (a, b) => {
    const right = asList(b);
    return asList(a).some((x) => right.includes(x));
  },
  /** The fact object has every key of the value list (`tags` has `CostCenter` and `Owner`). */
  hasKeys: (a, b) =>
    !!a && typeof a === 'object' && !Array.isArray(a) && asList(b).every((k) => Object.prototype.hasOwnProperty.call(a, String(k))),
  /**
   * The fact, a list of allowed domains (`api.example.com`; `.example.com` or `*.example.com` for a
   * domain and its subdomains, as AWS Network Firewall and proxies write them), lets the value host
   * (`host` or `host:port`) through.
   */
  allowsHost: (a, b) => {
    const host = String(b).replace(/:\d+$/, '').toLowerCase();
    return asList(a).some((entry) => {
      const d = String(entry).toLowerCase();
      if (d.startsWith('*.')) return host.endsWith(d.slice(1));
      if (d.startsWith('.')) return host === d.slice(1) || host.endsWith(d);
      return host === d;
    });
  },
  /** A comma-separated list (`NO_PROXY`), or a list, holds every entry of the value (one entry or a list). */
  csvContains: (a, b) => {
    const entries = (typeof a === 'string' ? a.split(',') : Array.isArray(a) ? a.map(String) : []).map((e) => e.trim());
    return asList(b).every((x) => entries.includes(String(x).trim()));
  },
  /** The fact list holds every element of the value list. */
  containsAll: (a, b) => Array.isArray(a) && asList(b).every((x) => a.includes(x)),
  /** The fact list holds at least one element of the value list. */
  containsAny: (a, b) => Array.isArray(a) && asList(b).some((x) => a.includes(x)),
  /** Length of a string or array at least the value. */
  lengthGte: (a, b) => (typeof a === 'string' || Array.isArray(a)) && a.length >= toNumber(b),
  /** Number (or numeric string, as the AWS provider's `limit_amount`) comparisons that throw on non-numbers. */
  numberGte: (a, b) => toNumber(a) >= toNumber(b),
  numberLte: (a, b) => toNumber(a) <= toNumber(b),
  numberGt: (a, b) => toNumber(a) > toNumber(b),
  /** Durations (`7776000s`, `2160h`, `90d`). */
  durationLte: (a, b) => durationSeconds(a) <= durationSeconds(b),
  durationGte: (a, b) => durationSeconds(a) >= durationSeconds(b),
  /** The fact CIDR (or any CIDR of a list) contains the value address/CIDR. */
  cidrIncludes: (a, b) => asList(a).some((c) => asList(b).some((x) => cidrContains(String(c), String(x)))),
  /** The fact CIDR (or any CIDR of a list) lies inside one of the value CIDRs. */
  cidrWithin: (a, b) => asList(a).length > 0 && asList(a).every((c) => asList(b).some((x) => cidrContains(String(x), String(c)))),
  /** `value: true` -> the fact CIDR (or any of a list) holds internet-routable addresses; `false` -> none does. */
  isPublicCidr: (a, b) => asList(a).some((c) => isPublicCidr(String(c))) === (b !== false),
  /** The fact port spec (22, "20-25", "*", or a list of them) covers any port of the value (number or list). */
  portInRange: (a, b) =>
    asList(a).some((spec) => {
      const [from, to] = portRange(spec);
      return asList(b).some((p) => toNumber(p) >= from && toNumber(p) <= to);
    }),
};

export const OPERATORS: Record<string, Operator> = { ...BUILTIN_OPERATORS, ...CUSTOM_OPERATORS };

export function isKnownOperator(name: string): boolean {
  return name in OPERATORS || QUANTIFIERS.has(name);
}

/**
 * Parse an IAM-style JSON document held as a string (also URL-encoded, as AWS
 * Config and `get-account-authorization-details` give them). Objects pass through.
 */
export function parseJsonDocument(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('{') || text.startsWith('[')) return JSON.parse(text);
  if (text.startsWith('%7B') || text.startsWith('%7b') || text.startsWith('%5B')) return JSON.parse(decodeURIComponent(text));
  throw new TypeError('not a JSON document');
}
