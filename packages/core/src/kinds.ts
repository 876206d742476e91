/**
 * Kind patterns: `tf:aws_lb`, `tf:aws_*`, `k8s:*`. A Terraform data source is
 * matched under `tf:data.<type>`, so checks meet data sources only when they
 * ask for them.
 */
import type { Resource } from './facts.js';

type KindTarget = Pick<Resource, 'kind' | 'dataSource'>;
const cache = new Map<string, (r: KindTarget) => boolean>();

/** The kind name a resource is matched under. */
export function matchedKind(r: Pick<Resource, 'kind' | 'dataSource'>): string {
  return r.dataSource && r.kind.startsWith('tf:') ? `tf:data.${r.kind.slice(3)}` : r.kind;
}

export function kindMatcher(pattern: string | readonly string[]): (r: KindTarget) => boolean {
  const key = typeof pattern === 'string' ? pattern : pattern.join('\u0000');
  let fn = cache.get(key);
  if (fn) return fn;
  const patterns = typeof pattern === 'string' ? [pattern] : [...pattern];
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const globs = patterns
    .filter((p) => p.includes('*'))
    .map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*')}$`));
  const wantsData = patterns.some((p) => p.startsWith('tf:data.'));
  const seen = new Map<string, boolean>(); // a scan has few distinct kinds: decide each once
  fn = (r) => {
    const k = matchedKind(r);
    let hit = seen.get(k);
    if (hit === undefined) {
      // `tf:aws_*` must not reach data sources: `tf:data.` is only matched by patterns that say so.
      hit = exact.has(k) || (globs.some((g) => g.test(k)) && !(k.startsWith('tf:data.') && !wantsData));
      seen.set(k, hit);
    }
    return hit;
  };
  cache.set(key, fn);
  return fn;
}
