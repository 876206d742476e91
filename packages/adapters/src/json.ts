/**
 * Safe JSON reading: BOM stripping, `JSON.parse` (iterative in V8, so deep
 * input cannot overflow the stack) followed by an iterative check that
 * rejects `__proto__` keys and nesting deeper than MAX_DEPTH before any
 * recursive walk runs, parse errors located by line and column, JSON lines,
 * JSON pointers, and an own-property setter that never touches a prototype.
 */
import type { AdapterResult, InputError } from '@onus/core';
import { HINT, MAX_DEPTH, inputError } from './errors.js';

/** A JSON object as parsed: own string keys only. */
export type JsonObject = Record<string, unknown>;

/** True for plain JSON objects (not arrays, not null). */
export function isRecord(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Own-property read that never consults the prototype chain. */
export function own(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/**
 * Set `object[key] = value` as an own data property. A `__proto__` key is
 * defined, not assigned, so it can never replace the object's prototype.
 */
export function setOwn(object: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/** Remove a leading UTF-8 byte order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** RFC 6901 JSON pointer of a path: `/resource_changes/3/change`. */
export function pointer(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1');
  return out;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** What makes a parsed tree unsafe to walk: a `__proto__` key or too much nesting. */
export interface UnsafePlace {
  problem: 'proto' | 'depth';
  /** JSON pointer of the offending key or of the first value nested too deep. */
  pointer: string;
}

/**
 * Check a parsed value without recursion: no object has an own `__proto__`
 * key and nothing is nested deeper than `maxDepth` (the root is level 1).
 * Returns the first problem found, or undefined when the value is safe.
 */
export function findUnsafe(value: unknown, maxDepth: number = MAX_DEPTH): UnsafePlace | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  // Fast pass without paths; the slow pass below runs only to name the place.
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  let bad = false;
  while (stack.length > 0 && !bad) {
    const node = stack.pop() as object;
    const depth = depths.pop() as number;
    if (depth > maxDepth) {
      bad = true;
      break;
    }
    if (Array.isArray(node)) {
      for (const item of node) {
        if (item !== null && typeof item === 'object') {
          stack.push(item);
          depths.push(depth + 1);
        }
      }
    } else {
      // for-in: no array of keys made for each object. A parsed tree's objects have only their own keys (`__proto__`
      // included); an object given in memory may also show inherited ones, which locateUnsafe's exact pass sorts out.
      for (const key in node) {
        if (key === '__proto__') {
          bad = true;
          break;
        }
        const item = (node as JsonObject)[key];
        if (item !== null && typeof item === 'object') {
          stack.push(item);
          depths.push(depth + 1);
        }
      }
    }
  }
  return bad ? locateUnsafe(value, maxDepth) : undefined;
}

function locateUnsafe(value: object, maxDepth: number): UnsafePlace | undefined {
  interface Frame {
    node: unknown;
    path: (string | number)[];
  }
  const stack: Frame[] = [{ node: value, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as Frame;
    if (path.length + 1 > maxDepth) return { problem: 'depth', pointer: pointer(path) };
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const item: unknown = node[i];
        if (item !== null && typeof item === 'object') stack.push({ node: item, path: [...path, i] });
      }
    } else if (node !== null && typeof node === 'object') {
      const keys = Object.keys(node);
      if (keys.includes('__proto__')) return { problem: 'proto', pointer: pointer([...path, '__proto__']) };
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        const item = (node as JsonObject)[key];
        if (item !== null && typeof item === 'object') stack.push({ node: item, path: [...path, key] });
      }
    }
  }
  return undefined;
}

/** The InputError for an unsafe tree; `prefix` is prepended to the pointer (e.g. a List item). */
export function unsafeError(file: string, place: UnsafePlace, where: { line?: number; prefix?: string } = {}): InputError {
  const ptr = (where.prefix ?? '') + place.pointer;
  const at: { pointer: string; line?: number } = { pointer: ptr };
  if (where.line !== undefined) at.line = where.line;
  return place.problem === 'proto'
    ? inputError(file, `forbidden key "__proto__" at ${ptr || '/'}`, HINT.proto, at)
    : inputError(file, `nested deeper than ${MAX_DEPTH} levels at ${ptr || '/'}`, HINT.depth, at);
}

/** Result of reading JSON text: a safe value, or the one error that stopped it. */
export type JsonRead = { ok: true; value: unknown } | { ok: false; error: InputError };

/**
 * Parse JSON text safely (BOM stripped). Syntax errors name the line and
 * column; `__proto__` keys and deep nesting are rejected with their pointer.
 * `startLine` is the line the text starts on in its file (JSON lines), default 1.
 */
export function parseJson(text: string, file: string, startLine?: number): JsonRead {
  const lineOffset = (startLine ?? 1) - 1;
  const source = stripBom(text);
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    return { ok: false, error: jsonSyntaxError(source, file, error, lineOffset) };
  }
  const unsafe = findUnsafe(value);
  if (unsafe) {
    const where: { line?: number } = {};
    if (startLine !== undefined) where.line = startLine;
    return { ok: false, error: unsafeError(file, unsafe, where) };
  }
  return { ok: true, value };
}

function jsonSyntaxError(source: string, file: string, error: unknown, lineOffset: number): InputError {
  const found = locateJsonError(source);
  if (!found) {
    const message = error instanceof Error ? error.message : String(error);
    return inputError(file, `invalid JSON: ${message}`, HINT.regenerate);
  }
  const { line, column } = lineColumn(source, found.offset);
  return inputError(file, `invalid JSON at line ${line + lineOffset}, column ${column}: ${found.message}`, HINT.regenerate, {
    line: line + lineOffset,
  });
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Find where JSON text is invalid (only called after `JSON.parse` failed, so
 * speed does not matter). Iterative: a container stack, no recursion.
 */
export function locateJsonError(text: string): { offset: number; message: string } | undefined {
  const n = text.length;
  const stack: number[] = []; // 0x7b '{' or 0x5b '['
  let state: 'value' | 'key' | 'colon' | 'after' | 'end' = 'value';
  let first = false;
  let i = 0;
  const fail = (offset: number, message: string) => ({ offset, message });
  const afterValue = () => (stack.length > 0 ? 'after' : 'end');
  while (true) {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
    if (i >= n) {
      if (state === 'end') return undefined;
      return fail(n, n === 0 ? 'the input is empty' : 'unexpected end of input (the file looks truncated)');
    }
    const c = text.charCodeAt(i);
    const ch = text[i] as string;
    if (state === 'end') return fail(i, `unexpected ${describe(ch)} after the end of the JSON value`);
    if (state === 'colon') {
      if (c !== 0x3a) return fail(i, `expected ':' after a property name, found ${describe(ch)}`);
      i++;
      state = 'value';
      continue;
    }
    if (state === 'after') {
      const top = stack[stack.length - 1];
      const close = top === 0x7b ? 0x7d : 0x5d;
      if (c === 0x2c) {
        i++;
        state = top === 0x7b ? 'key' : 'value';
        first = false;
        continue;
      }
      if (c === close) {
        stack.pop();
        i++;
        state = afterValue();
        continue;
      }
      return fail(i, `expected ',' or '${top === 0x7b ? '}' : ']'}', found ${describe(ch)}`);
    }
    if (state === 'key') {
      if (c === 0x7d && first) {
        stack.pop();
        i++;
        state = afterValue();
        continue;
      }
      if (c !== 0x22) return fail(i, `expected a property name in double quotes, found ${describe(ch)}`);
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      state = 'colon';
      continue;
    }
    // state === 'value'
    if (c === 0x5d && first && stack[stack.length - 1] === 0x5b) {
      stack.pop();
      i++;
      state = afterValue();
      continue;
    }
    first = false;
    if (c === 0x7b || c === 0x5b) {
      stack.push(c);
      i++;
      first = true;
      state = c === 0x7b ? 'key' : 'value';
      continue;
    }
    if (c === 0x22) {
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
      m.lastIndex = i;
      const found = m.exec(text);
      if (!found || found[0] === '-') return fail(i, 'invalid number');
      i += found[0].length;
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else return fail(i, `unexpected ${describe(ch)}, expected a value`);
    state = afterValue();
  }
}

function scanString(text: string, start: number): number | { offset: number; message: string } {
  let j = start + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c === 0x5c) {
      const e = text[j + 1];
      if (e === undefined) break;
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return { offset: j, message: 'bad \\u escape in a string' };
        j += 6;
        continue;
      }
      if (!'"\\/bfnrt'.includes(e)) return { offset: j, message: `bad escape \\${e} in a string` };
      j += 2;
      continue;
    }
    if (c < 0x20) return { offset: j, message: 'control character inside a string' };
    j++;
  }
  return { offset: text.length, message: 'unexpected end of input inside a string (the file looks truncated)' };
}

function describe(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x20 || code === 0x7f ? `character U+${code.toString(16).padStart(4, '0')}` : `'${ch}'`;
}

/** One value read from a JSON-lines input, with its 1-based line. */
export interface JsonLine {
  value: unknown;
  line: number;
}

/**
 * Read JSON lines (`gcloud asset export` output): one value per non-empty
 * line; a bad line becomes an error naming its line, the other lines are kept.
 */
export function parseJsonLines(text: string, file: string): { lines: JsonLine[]; errors: InputError[] } {
  const lines: JsonLine[] = [];
  const errors: InputError[] = [];
  const source = stripBom(text);
  let start = 0;
  let lineNo = 0;
  while (start <= source.length) {
    let end = source.indexOf('\n', start);
    if (end < 0) end = source.length;
    lineNo++;
    const raw = source.slice(start, end);
    start = end + 1;
    if (raw.trim() === '') continue;
    const read = parseJson(raw, file, lineNo);
    if (read.ok) lines.push({ value: read.value, line: lineNo });
    else errors.push(read.error);
  }
  return { lines, errors };
}

/**
 * The entry of a JSON adapter: a text is parsed safely, an object already
 * parsed is checked for unsafe keys and depth, and either is then adapted.
 */
export function adaptJson(
  format: string,
  input: string | object,
  file: string,
  adapt: (value: unknown, file: string) => AdapterResult,
): AdapterResult {
  if (typeof input === 'string') {
    const read = parseJson(input, file);
    return read.ok ? adapt(read.value, file) : { format, resources: [], errors: [read.error] };
  }
  const unsafe = findUnsafe(input);
  return unsafe ? { format, resources: [], errors: [unsafeError(file, unsafe)] } : adapt(input, file);
}

/**
 * The 1-based lines where the items of the array under `key` in the root
 * object start, in JSON text that has parsed already (so it is valid). A
 * scan of the characters, not a second parse: `kubectl get -o json` Lists
 * keep a line per item. The last `key` wins, as in `JSON.parse`.
 */
export function rootArrayItemLines(text: string, key: string): number[] {
  let offsets: number[] = [];
  let depth = 0;
  let keyStart = -1;
  let keyEnd = -1;
  let underKey = false;
  let inItems = false;
  let expectItem = false;
  const item = (at: number) => {
    if (inItems && depth === 2 && expectItem) {
      offsets.push(at);
      expectItem = false;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      item(i);
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      if (depth === 1) {
        keyStart = i + 1;
        keyEnd = j;
      }
      i = j;
    } else if (c === 0x3a) {
      if (depth === 1) underKey = text.slice(keyStart, keyEnd) === key;
    } else if (c === 0x7b || c === 0x5b) {
      item(i);
      depth++;
      if (c === 0x5b && depth === 2 && underKey) {
        inItems = true;
        expectItem = true;
        offsets = [];
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 1) inItems = false;
    } else if (c === 0x2c) {
      if (inItems && depth === 2) expectItem = true;
      if (depth === 1) underKey = false;
    } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) item(i);
  }
  // Offsets ascend: count newlines once.
  const lines: number[] = [];
  let line = 1;
  let at = 0;
  for (const offset of offsets) {
    for (; at < offset; at++) if (text.charCodeAt(at) === 0x0a) line++;
    lines.push(line);
  }
  return lines;
}
