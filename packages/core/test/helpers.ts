import type { Resource } from '../src/index.js';

/** A resource with defaults for everything a test does not care about. */
export function resource(kind: string, values: Record<string, unknown>, extra: Partial<Resource> = {}): Resource {
  return {
    kind,
    address: extra.address ?? `${kind.replace(/^tf:/, '')}.test`,
    values,
    unknown: [],
    sensitive: [],
    refs: {},
    source: { file: 'test.json', format: 'test' },
    ...extra,
  };
}
