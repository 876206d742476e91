/**
 * Network operators: CIDR containment, internet-routable ranges, port specs
 * and domain allow lists. The policy's addresses are parsed once, at load;
 * a fact that is not an address throws (the pair is an `error`).
 * Imports ./definition.ts and ipaddr.js.
 */
import ipaddr from 'ipaddr.js';
import { asList, defineOperator, oneOrList, toNumber } from './definition.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** A CIDR or a bare address as [address, prefix]; throws on anything else. */
function parseCidr(text: unknown): Range {
  if (typeof text !== 'string') throw new TypeError(`not a CIDR: ${JSON.stringify(text)}`);
  const trimmed = text.trim();
  if (trimmed.includes('/')) {
    const [addr, bits] = ipaddr.parseCIDR(trimmed);
    return [addr, bits];
  }
  const addr = ipaddr.parse(trimmed);
  return [addr, addr.kind() === 'ipv4' ? 32 : 128];
}

/** The policy's ranges, with an error that says how to write one. */
function compileRanges(value: unknown): Range[] {
  return asList(value).map((text) => {
    try {
      return parseCidr(text);
    } catch {
      throw new Error(`${JSON.stringify(text)} is not an IP address or CIDR; write it as 10.0.0.0/8, 169.254.169.254 or ::/0`);
    }
  });
}

function contains([oa, ob]: Range, [ia, ib]: Range): boolean {
  if (oa.kind() !== ia.kind()) {
    if (oa.kind() === 'ipv6' && ia.kind() === 'ipv4') {
      ia = (ia as ipaddr.IPv4).toIPv4MappedAddress();
      ib += 96;
    } else return false;
  }
  return ib >= ob && ia.match([oa, ob] as never);
}

/** Ranges that are not reachable from the internet (parsed at the first question, not at start-up). */
const NON_PUBLIC_TEXT = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16',
  '0.0.0.0/32', '192.0.0.0/24', '198.18.0.0/15', '224.0.0.0/4', '240.0.0.0/4',
  '::1/128', '::/128', 'fc00::/7', 'fe80::/10', 'ff00::/8',
];
let nonPublic: Range[] | undefined;

/** True when the range holds at least one internet-routable address. */
export function isPublicCidr(text: string): boolean {
  const [addr, bits] = parseCidr(text);
  for (const [ba, bb] of (nonPublic ??= NON_PUBLIC_TEXT.map((b) => ipaddr.parseCIDR(b)))) {
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

const ADDRESSES = oneOrList({ type: 'string', minLength: 1 }, 'an IP address or CIDR, or a list of them');
const PORT = { type: 'integer', minimum: 0, maximum: 65535 };

export const networkOperators = [
  defineOperator<Range[]>({
    name: 'cidrIncludes', value: ADDRESSES, compile: compileRanges,
    test: (a, inner) => inner.length > 0 && asList(a).some((c) => {
      const outer = parseCidr(String(c));
      return inner.some((x) => contains(outer, x));
    }),
    phrases: { holds: '{subject} must include the address {value}', doesNotHold: '{subject} must not include the address {value}' },
    doc: 'The fact, a CIDR or a list of them, has one that holds an address or range of the value (IPv4 and IPv6).',
    examples: [{ fact: ['192.168.0.0/16', '0.0.0.0/0'], value: '169.254.169.254/32', holds: true }, { fact: '10.1.0.0/16', value: '10.0.0.0/8', holds: false }],
  }),
  defineOperator<Range[]>({
    name: 'cidrWithin', value: ADDRESSES, compile: compileRanges,
    test: (a, outer) => {
      const list = asList(a);
      return list.length > 0 && outer.length > 0 && list.every((c) => {
        const inner = parseCidr(String(c));
        return outer.some((x) => contains(x, inner));
      });
    },
    phrases: { holds: '{subject} must lie within {value}', doesNotHold: '{subject} must not lie (only) within {value}' },
    doc: 'The fact, a CIDR or a list of them, lies wholly inside the ranges of the value.',
    examples: [{ fact: ['10.0.1.0/24', '10.0.2.0/24'], value: ['10.0.0.0/16'], holds: true }, { fact: ['10.0.1.0/24', '8.8.8.0/24'], value: '10.0.0.0/16', holds: false }],
  }),
  defineOperator<boolean>({
    name: 'isPublicCidr', value: { type: 'boolean', description: '`true`, or `false` for the opposite' }, compile: (v) => v !== false,
    test: (a, want) => asList(a).some((c) => isPublicCidr(String(c))) === want,
    phrases: { holds: '{subject} must be a public (internet-routable) range', doesNotHold: '{subject} must not be a public (internet-routable) range' },
    doc: 'The fact, a CIDR or a list of them, holds internet-routable addresses; with `false`, none does.',
    examples: [{ fact: ['10.0.0.0/8', '0.0.0.0/0'], value: true, holds: true }, { fact: '172.16.5.0/24', value: true, holds: false }],
  }),
  defineOperator<number[]>({
    name: 'portInRange', value: oneOrList(PORT, 'a port or a list of ports'), compile: (v) => asList(v).map(toNumber),
    test: (a, ports) => asList(a).some((spec) => {
      const [from, to] = portRange(spec);
      return ports.some((p) => p >= from && p <= to);
    }),
    phrases: { holds: '{subject} must cover port {value}', doesNotHold: '{subject} must not cover port {value}' },
    doc: 'The fact, a port spec (`22`, `"20-25"`, `"*"`) or a list of them, covers a port of the value.',
    examples: [{ fact: ['80', '3000-4000'], value: [22, 3389], holds: true }, { fact: ['80', '443'], value: [22, 3389], holds: false }],
  }),
  defineOperator<string>({
    name: 'allowsHost',
    value: { type: 'string', pattern: '^[^\\s/]+$', description: 'a host name, optionally with `:port`' },
    compile: (v) => String(v).replace(/:\d+$/, '').toLowerCase(),
    test: (a, host) => asList(a).some((entry) => {
      const d = String(entry).toLowerCase();
      if (d.startsWith('*.')) return host.endsWith(d.slice(1));
      if (d.startsWith('.')) return host === d.slice(1) || host.endsWith(d);
      return host === d;
    }),
    phrases: { holds: '{subject} must let {value} through', doesNotHold: '{subject} must not let {value} through' },
    doc: 'The fact, a domain allow list (`.example.com` or `*.example.com` covers subdomains), lets the host of the value through.',
    examples: [{ fact: ['.example.com'], value: 'api.example.com:443', holds: true }, { fact: ['example.com'], value: 'api.example.com', holds: false }],
  }),
];
