/**
 * The path syntax of policies and facts: `$.a.b[0].c`, `$.a[*].b`, `$.tags["x.y"]`.
 * Parsed once into segments and resolved without eval. Fact paths (`unknown`,
 * `sensitive`) are the same syntax without the leading `$`.
 */

/** A parsed path segment: a key, an index, or `*` (every element / every value). */
export type PathSegment = string | number | typeof WILDCARD;

export const WILDCARD: unique symbol = Symbol('*');

const IDENT = /^[A-Za-z_$][\w$-]*$/;

export class PathSyntaxError extends Error {
  constructor(path: string, position: number, expected: string) {
    super(`bad path ${JSON.stringify(path)} at character ${position + 1}: expected ${expected}`);
    this.name = 'PathSyntaxError';
  }
}

/** Parse `$.a.b[0]["c.d"][*]` (or the same without `$`) into segments. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  if (path.startsWith('$')) i = 1;
  else if (path.length > 0 && path[0] !== '.' && path[0] !== '[') path = '.' + path, i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      i++;
      if (path[i] === '*') {
        segments.push(WILDCARD);
        i++;
        continue;
      }
      const start = i;
      while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
      const key = path.slice(start, i);
      if (!key) throw new PathSyntaxError(path, start, 'a key after "."');
      segments.push(key);
    } else if (c === '[') {
      i++;
      if (path[i] === '*') {
        if (path[i + 1] !== ']') throw new PathSyntaxError(path, i + 1, '"]"');
        segments.push(WILDCARD);
        i += 2;
      } else if (path[i] === '"' || path[i] === "'") {
        const quote = path[i];
        let j = i + 1;
        let key = '';
        while (j < path.length && path[j] !== quote) {
          if (path[j] === '\\' && j + 1 < path.length) j++;
          key += path[j];
          j++;
        }
        if (path[j] !== quote || path[j + 1] !== ']') throw new PathSyntaxError(path, j, `${quote}]`);
        segments.push(key);
        i = j + 2;
      } else {
        const start = i;
        while (i < path.length && /[0-9]/.test(path[i] as string)) i++;
        if (start === i || path[i] !== ']') throw new PathSyntaxError(path, i, 'an index, * or a quoted key');
        segments.push(Number(path.slice(start, i)));
        i++;
      }
    } else {
      throw new PathSyntaxError(path, i, '"." or "["');
    }
  }
  return segments;
}

/** Format concrete segments as a fact path (no `$`): `a.b[0]["c.d"]`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENT.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/**
 * A policy path as seen from the object, for people: `$.spec.type` ->
 * `spec.type`, `$["a.b"]` -> `["a.b"]`; `$` (the object itself) stays.
 */
export function relativePath(path: string): string {
  if (path.startsWith('$.')) return path.slice(2);
  if (path.startsWith('$[')) return path.slice(1);
  return path;
}

/** Own-property lookup that never reads the prototype chain. */
export function child(value: unknown, key: string | number): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    return typeof key === 'number' ? value[key] : undefined;
  }
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key as string] : undefined;
}
