/**
 * The quick way to read a manifest: js-yaml's flat event stream (every node
 * with its source offset), built into values with its YAML 1.1 schema, four
 * to five times faster than composing `yaml` documents (153 small manifests,
 * without TurboFan as a short scan runs: 100 ms against 400). It reads only
 * what it reads exactly as the thorough path in `yaml.ts` does. It gives up,
 * and that path reads the text, on any syntax error, directive, anchor,
 * alias, tag, merge key, duplicate key, complex key, null key, `__proto__`
 * key or empty sequence item, so every error and warning still comes from
 * one place. Plain scalars resolve as the thorough path resolves them (YAML
 * 1.1, as kubectl reads manifests).
 */
import {
  floatYaml11Tag,
  intYaml11Tag,
  NOT_RESOLVED,
  parseEvents,
  YAML11_SCHEMA,
  getScalarValue,
  type Event,
  type ScalarEvent,
} from 'js-yaml';
import { formatPath } from '@onus/core';
import { MAX_DEPTH } from './errors.js';

/** Where a parsed node sits, so a finding can point at the attribute that decided it. */
export interface YamlOutline {
  /** 1-based line where the node starts. */
  readonly line: number;
  /** The node under a mapping key or a sequence index, if any. */
  child(key: string | number): YamlOutline | undefined;
  /**
   * The 1-based line of every key and list item under this node, keyed by
   * fact path (`spec.containers[0].env[3]`, `metadata.annotations["a/b"]`),
   * at most MAX_ATTRIBUTE_LINES of them. Aliases and merge keys are not followed.
   */
  attributeLines(): Record<string, number>;
}

/** At most this many attribute lines are kept per object (a CRD's schema can hold tens of thousands). */
export const MAX_ATTRIBUTE_LINES = 5000;

/** A child of a collection node: its key, where it starts (undefined: nowhere), its node and whether it is a collection. */
export interface OutlineChild<N> {
  key: string | number;
  start: number | undefined;
  node: N;
  nested: boolean;
}

/**
 * The line of every key and list item under a collection node, by fact path
 * (see YamlOutline.attributeLines), at most MAX_ATTRIBUTE_LINES; both paths'
 * outlines walk their own nodes with it. Iterative: nesting was bounded when parsing.
 */
export function linesUnder<N>(root: N, childrenOf: (node: N) => OutlineChild<N>[], lineOf: (offset: number) => number): Record<string, number> {
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  let count = 0;
  const stack: { node: N; path: (string | number)[] }[] = [{ node: root, path: [] }];
  while (stack.length > 0 && count < MAX_ATTRIBUTE_LINES) {
    const { node, path } = stack.pop()!;
    for (const child of childrenOf(node)) {
      if (count >= MAX_ATTRIBUTE_LINES) break;
      if (child.start === undefined) continue;
      const childPath = [...path, child.key];
      out[formatPath(childPath)] = lineOf(child.start);
      count++;
      if (child.nested) stack.push({ node: child.node, path: childPath });
    }
  }
  return out;
}

/** One YAML document that parsed cleanly (by either path). */
export interface YamlDocument {
  /** 1-based line where the document's content starts (1 for an empty document). */
  line: number;
  /** The document as plain data (`null` for an empty or comment-only document). */
  value: unknown;
  /** Where the document's nodes sit (`null` for an empty document). */
  outline: YamlOutline | null;
}

const DOCUMENT = 1;
const SEQUENCE = 2;
const MAPPING = 3;
const SCALAR = 4;
const POP = 6;
const STYLE_PLAIN = 1;

const DECIMAL = /^[-+]?[0-9][0-9_]*$/;
const EXPONENT = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;

/**
 * YAML 1.1 as the thorough path resolves it: a decimal with a leading zero
 * that is no octal (`08`) is a number, and so is an exponent without a dot
 * (`1e3`), as in `yaml` and go-yaml.
 */
const intTag = {
  ...intYaml11Tag,
  resolve: (source: string, isExplicit: boolean, tagName: string): unknown => {
    const result = intYaml11Tag.resolve(source, isExplicit, tagName);
    if (result !== NOT_RESOLVED || !DECIMAL.test(source)) return result;
    return parseInt(source.replace(/_/g, ''), 10);
  },
};
const floatTag = {
  ...floatYaml11Tag,
  resolve: (source: string, isExplicit: boolean, tagName: string): unknown => {
    const result = floatYaml11Tag.resolve(source, isExplicit, tagName);
    if (result !== NOT_RESOLVED || !EXPONENT.test(source) || !/[0-9][_.]*[eE]/.test(source)) return result;
    return parseFloat(source.replace(/_/g, ''));
  },
};
/**
 * The schema the quick path resolves scalars with (exported for its tests).
 * Made on first use: made at the top, it was about 3 ms of every start of the
 * CLI, YAML read or not.
 */
export function quickSchema(): typeof YAML11_SCHEMA {
  return (made ??= YAML11_SCHEMA.withTags(intTag, floatTag));
}
let made: typeof YAML11_SCHEMA | undefined;

/**
 * Read a YAML stream the quick way, or `undefined` when the thorough path
 * must read it (see the module comment). Never throws. Nesting deeper
 * than half of MAX_DEPTH goes the thorough way, which decides with its own
 * measure whether a document nests too deep.
 */
export function readQuick(source: string, lineOf: (offset: number) => number): YamlDocument[] | undefined {
  let events: Event[];
  try {
    events = parseEvents(source, { maxDepth: MAX_DEPTH / 2 });
  } catch {
    return undefined;
  }
  const read = construct(events, source);
  if (!read) return undefined;
  const { nodes, values } = read;
  const stream: Stream = { ...nodes, lineOf };
  const docs: YamlDocument[] = [];
  let n = 0;
  for (let i = 0; i < nodes.types.length; i++) {
    if (nodes.types[i] !== DOCUMENT) continue;
    const value = values[n++] ?? null;
    const root = i + 1;
    const start = nodes.starts[root]!;
    if (value === null || start < 0) {
      docs.push({ value: null, outline: null, line: start < 0 ? 1 : lineOf(start) });
      continue;
    }
    const outline = new EventOutline(stream, root);
    docs.push({ value, outline, line: outline.line });
  }
  return n === values.length ? docs : undefined;
}

/**
 * What the outlines keep of a stream's events, by event index: the event
 * objects themselves die with the read. Kept whole, they were most of what a
 * scan of many manifests held until its end (36,000 events for 153 small
 * manifests), each copied twice by V8's young-generation collections.
 */
interface Nodes {
  /** Each event's type (DOCUMENT, SEQUENCE, MAPPING, SCALAR, POP). */
  types: Uint8Array;
  /** Where the thorough path starts each node (startOf; -1 for an empty scalar). */
  starts: Int32Array;
  /** For each event, the index just past its subtree. */
  ends: Int32Array;
  /** A mapping key's name as a fact path segment, by the key's event index (none for a boolean key, and for other events). */
  keys: Map<number, string | undefined>;
}

interface Stream extends Nodes {
  lineOf: (offset: number) => number;
}

/**
 * One pass over the events that builds each document's value and finds each
 * node's subtree end, or refuses what the quick path does not read: anchors,
 * aliases, tags, directives, merge and `__proto__` keys, keys that are not
 * scalars or that read as a date, empty keys, duplicate keys and empty
 * sequence items. The values are js-yaml's own (its constructor with the
 * YAML 1.1 schema): plain objects and arrays, scalars resolved by the schema,
 * keys as strings. Not through that constructor: its general machinery
 * (tags, anchors, merge keys, a frame object a node) took a quarter of
 * the time of reading a manifest, for nothing the quick path reads: the 153
 * manifests of the pre-commit case, 114 -> 97 ms.
 */
export function construct(events: readonly Event[], source: string): { nodes: Nodes; values: unknown[] } | undefined {
  const schema = quickSchema();
  const types = new Uint8Array(events.length);
  const starts = new Int32Array(events.length);
  const ends = new Int32Array(events.length);
  const keys = new Map<number, string | undefined>();
  const values: unknown[] = [];
  // The open nodes, innermost last: event index, value being built, children so far, and a mapping's key waiting for its value.
  const open: number[] = [];
  const built: unknown[] = [];
  const counts: number[] = [];
  const pending: string[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const type = event.type;
    types[i] = type;
    if (type !== POP && type !== DOCUMENT) starts[i] = startOf(event);
    let value: unknown;
    if (type === POP) {
      const at = open.pop();
      if (at === undefined) return undefined;
      value = built.pop();
      const count = counts.pop()!;
      pending.pop();
      ends[at] = i + 1;
      const openedBy = events[at]!.type;
      if (openedBy === DOCUMENT) {
        values.push(value);
        continue;
      }
      if (openedBy === MAPPING && count % 2 === 1) return undefined; // a key without its value
    } else if (type === DOCUMENT) {
      // A `%YAML 1.2` directive changes the schema the thorough path reads the document with.
      if ((event as { directives: readonly unknown[] }).directives.length > 0) return undefined;
      open.push(i);
      built.push(undefined);
      counts.push(0);
      pending.push('');
      continue;
    } else {
      if (type !== SEQUENCE && type !== MAPPING && type !== SCALAR) return undefined; // an alias
      const node = event as { anchorStart: number; tagStart: number };
      if (node.anchorStart !== -1 || node.tagStart !== -1) return undefined;
      const top = open.length - 1;
      const parent = top >= 0 ? events[open[top]!]!.type : DOCUMENT;
      const index = top >= 0 ? counts[top]!++ : 0;
      if (parent === MAPPING && index % 2 === 0) {
        // A key: a scalar, read as the constructor reads it, kept until its value comes.
        if (type !== SCALAR) return undefined;
        const scalar = event as ScalarEvent;
        if (scalar.valueStart < 0) return undefined;
        const text = getScalarValue(source, scalar);
        if (text === '__proto__' || (scalar.style === STYLE_PLAIN && text === '<<')) return undefined;
        const key = scalar.style === STYLE_PLAIN ? schema.resolveImplicitScalarTag(text).value : text;
        // A date: the constructor refuses a key that is an object. A null (`~`, `null`): the constructor names it
        // "null", the thorough path "" (found by the key test of yaml-quick-path.test.ts): that path reads it.
        if (key === null || typeof key === 'object') return undefined;
        const name = String(key);
        if (Object.prototype.hasOwnProperty.call(built[top], name)) return undefined; // given twice: the thorough path warns
        pending[top] = name;
        // Its name as a fact path segment, as the thorough path reads it: a string or a number; a boolean key has none.
        keys.set(i, typeof key === 'boolean' ? undefined : name);
        ends[i] = i + 1;
        continue;
      }
      if (type !== SCALAR) {
        open.push(i);
        built.push(type === MAPPING ? {} : []);
        counts.push(0);
        pending.push('');
        continue;
      }
      const scalar = event as ScalarEvent;
      if (parent === SEQUENCE && scalar.valueStart < 0) return undefined;
      ends[i] = i + 1;
      const text = getScalarValue(source, scalar);
      value = scalar.style === STYLE_PLAIN ? schema.resolveImplicitScalarTag(text).value : text;
    }
    // The node is complete: it goes into the innermost open node.
    const top = open.length - 1;
    if (top < 0) return undefined;
    const into = events[open[top]!]!.type;
    if (into === MAPPING) (built[top] as Record<string, unknown>)[pending[top]!] = value;
    else if (into === SEQUENCE) (built[top] as unknown[]).push(value);
    else built[top] = value;
  }
  return open.length === 0 ? { nodes: { types, starts, ends, keys }, values } : undefined;
}

/** Source offset on the line where the thorough path starts a node (-1 for an empty scalar). */
function startOf(event: Event): number {
  if (event.type === SCALAR) {
    const scalar = event as ScalarEvent;
    // A quoted scalar's text starts after its quote, a block scalar's on the line after its `|` or `>` header.
    return scalar.valueStart < 0 ? -1 : scalar.style === STYLE_PLAIN ? scalar.valueStart : scalar.valueStart - 1;
  }
  return (event as { start: number }).start;
}

class EventOutline implements YamlOutline {
  readonly line: number;
  /** A sequence's item events, listed at the first question (a List of thousands asks for each item). */
  private items?: number[];
  constructor(
    private readonly stream: Stream,
    private readonly index: number,
  ) {
    this.line = stream.lineOf(stream.starts[index]!);
  }

  child(key: string | number): YamlOutline | undefined {
    const { types, ends, keys } = this.stream;
    const type = types[this.index];
    let at = this.index + 1;
    if (type === MAPPING && typeof key === 'string') {
      while (types[at] !== POP) {
        const value = ends[at]!;
        if (keys.get(at) === key) return this.at(value);
        at = ends[value]!;
      }
    } else if (type === SEQUENCE && typeof key === 'number') {
      if (!this.items) for (this.items = []; types[at] !== POP; at = ends[at]!) this.items.push(at);
      const item = this.items[key];
      if (item !== undefined) return this.at(item);
    }
    return undefined;
  }

  attributeLines(): Record<string, number> {
    const { types, starts, ends, keys, lineOf } = this.stream;
    const childrenOf = (index: number): OutlineChild<number>[] => {
      const type = types[index];
      const children: OutlineChild<number>[] = [];
      const add = (key: string | number, at: number, value: number) => {
        const valueType = types[value];
        children.push({ key, start: starts[at]!, node: value, nested: valueType === MAPPING || valueType === SEQUENCE });
      };
      let at = index + 1;
      for (let i = 0; types[at] !== POP; i++) {
        if (type === MAPPING) {
          const name = keys.get(at);
          const value = ends[at]!;
          // A quoted '<<' is an ordinary key, but the thorough path gives no line to any '<<'.
          if (name !== undefined && name !== '<<') add(name, at, value);
          at = ends[value]!;
        } else {
          add(i, at, at);
          at = ends[at]!;
        }
      }
      return children;
    };
    const type = types[this.index];
    return type === MAPPING || type === SEQUENCE ? linesUnder(this.index, childrenOf, lineOf) : Object.create(null);
  }

  private at(index: number): YamlOutline | undefined {
    return this.stream.starts[index]! < 0 ? undefined : new EventOutline(this.stream, index);
  }
}
