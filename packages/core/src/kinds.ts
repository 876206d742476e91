/**
 * Kind patterns: `tf:aws_lb`, `tf:aws_*`, `k8s:*`. A Terraform data source is
 * matched under `tf:data.<type>`, so checks meet data sources only when they
 * ask for them.
 */
import type { Resource } from './facts.js';
import { globToRegExp } from './glob.js';

type KindTarget = Pick<Resource, 'kind' | 'dataSource'>;
const cache = new Map<string, (r: KindTarget) => boolean>();

/** The kind name a resource is matched under. */
export function matchedKind(r: Pick<Resource, 'kind' | 'dataSource'>): string {
  return r.dataSource && r.kind.startsWith('tf:') ? `tf:data.${r.kind.slice(3)}` : r.kind;
}

/** A test of kind names (as `matchedKind` gives them) against a pattern or list of patterns. */
export function kindNameMatcher(pattern: string | readonly string[]): (kind: string) => boolean {
  const key = typeof pattern === 'string' ? pattern : pattern.join('\u0000');
  let fn = nameCache.get(key);
  if (fn) return fn;
  const patterns = typeof pattern === 'string' ? [pattern] : [...pattern];
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const globs = patterns
    .filter((p) => p.includes('*'))
    .map((p) => globToRegExp(p, { questionMark: false }));
  const wantsData = patterns.some((p) => p.startsWith('tf:data.'));
  const seen = new Map<string, boolean>(); // a scan has few distinct kinds: decide each once
  fn = (k) => {
    let hit = seen.get(k);
    if (hit === undefined) {
      // `tf:aws_*` must not reach data sources: `tf:data.` is only matched by patterns that say so.
      hit = exact.has(k) || (globs.some((g) => g.test(k)) && !(k.startsWith('tf:data.') && !wantsData));
      seen.set(k, hit);
    }
    return hit;
  };
  nameCache.set(key, fn);
  return fn;
}

const nameCache = new Map<string, (kind: string) => boolean>();

/** A test of resources against a kind pattern or list of patterns. */
export function kindMatcher(pattern: string | readonly string[]): (r: KindTarget) => boolean {
  const key = typeof pattern === 'string' ? pattern : pattern.join('\u0000');
  let fn = cache.get(key);
  if (fn) return fn;
  const test = kindNameMatcher(pattern);
  fn = (r) => test(matchedKind(r));
  cache.set(key, fn);
  return fn;
}
