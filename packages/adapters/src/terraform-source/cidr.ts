/**
 * IPv4/IPv6 prefix arithmetic for `cidrsubnet`, `cidrhost` and `cidrnetmask`,
 * with BigInt so IPv6 works. Throws `EvalError` on bad input. Imports ./values.ts.
 */
import { EvalError } from './values.js';

interface Prefix {
  v6: boolean;
  address: bigint;
  length: number;
}

function parse(prefix: string): Prefix {
  const [ip, len] = prefix.split('/');
  if (ip === undefined || len === undefined || !/^\d+$/.test(len)) throw new EvalError(`invalid CIDR prefix ${JSON.stringify(prefix)}`);
  const v6 = ip.includes(':');
  const length = Number(len);
  if (length > (v6 ? 128 : 32)) throw new EvalError(`invalid prefix length in ${JSON.stringify(prefix)}`);
  return { v6, address: v6 ? parse6(ip, prefix) : parse4(ip, prefix), length };
}

function parse4(ip: string, prefix: string): bigint {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) throw new EvalError(`invalid IPv4 address in ${JSON.stringify(prefix)}`);
  return parts.reduce((a, p) => (a << 8n) | BigInt(Number(p)), 0n);
}

function parse6(ip: string, prefix: string): bigint {
  const [head = '', tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) throw new EvalError(`invalid IPv6 address in ${JSON.stringify(prefix)}`);
  return groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function format(address: bigint, v6: boolean): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => ((address >> s) & 255n).toString()).join('.');
  const groups = Array.from({ length: 8 }, (_v, i) => ((address >> BigInt(112 - i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export function cidrSubnet(prefix: string, newbits: number, netnum: number): string {
  const p = parse(prefix);
  const bits = p.v6 ? 128 : 32;
  const length = p.length + newbits;
  if (length > bits) throw new EvalError(`cidrsubnet: ${newbits} extra bits do not fit in ${prefix}`);
  if (netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits)) throw new EvalError(`cidrsubnet: ${netnum} does not fit in ${newbits} bits`);
  const base = (p.address >> BigInt(bits - p.length)) << BigInt(bits - p.length);
  const address = base | (BigInt(netnum) << BigInt(bits - length));
  return `${format(address, p.v6)}/${length}`;
}

export function cidrHost(prefix: string, hostnum: number): string {
  const p = parse(prefix);
  const bits = p.v6 ? 128 : 32;
  const size = 1n << BigInt(bits - p.length);
  const n = hostnum < 0 ? size + BigInt(hostnum) : BigInt(hostnum);
  if (n < 0n || n >= size) throw new EvalError(`cidrhost: host ${hostnum} does not fit in ${prefix}`);
  const base = (p.address >> BigInt(bits - p.length)) << BigInt(bits - p.length);
  return format(base | n, p.v6);
}

export function cidrNetmask(prefix: string): string {
  const p = parse(prefix);
  if (p.v6) throw new EvalError('cidrnetmask: only IPv4 prefixes have a netmask');
  return format(((1n << 32n) - 1n) ^ ((1n << BigInt(32 - p.length)) - 1n), false);
}
