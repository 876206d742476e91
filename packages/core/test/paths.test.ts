import { describe, expect, it } from 'vitest';
import { formatPath, parsePath, PathSyntaxError, WILDCARD } from '../src/index.js';

describe('path syntax', () => {
  it('parses keys, indexes, wildcards and quoted keys', () => {
    expect(parsePath('$.a.b[0]["c.d"][*].e')).toEqual(['a', 'b', 0, 'c.d', WILDCARD, 'e']);
    expect(parsePath('$.a.*')).toEqual(['a', WILDCARD]);
    expect(parsePath('$')).toEqual([]);
  });
  it('parses fact paths without the leading $', () => {
    expect(parsePath('vpc_config[0].subnet_ids')).toEqual(['vpc_config', 0, 'subnet_ids']);
    expect(parsePath('tags["kubernetes.io/cluster"]')).toEqual(['tags', 'kubernetes.io/cluster']);
  });
  it('formats segments back into fact paths that parse to the same segments', () => {
    const segs = ['data', 'tls.key', 0, 'x'];
    expect(formatPath(segs)).toBe('data["tls.key"][0].x');
    expect(parsePath(formatPath(segs))).toEqual(segs);
  });
  it('rejects malformed paths with the position', () => {
    expect(() => parsePath('$.a[')).toThrow(PathSyntaxError);
    expect(() => parsePath('$.a[x]')).toThrow(/character 5/);
    expect(() => parsePath('$..a')).toThrow(PathSyntaxError);
  });
});
