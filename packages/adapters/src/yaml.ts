/**
 * Safe YAML reading for manifests: the `yaml` library's (iterative) lexer
 * measures each document's nesting first, so a deeply nested document is
 * blanked out and refused before the library's recursive parser and composer
 * see it (they overflow the stack near 3,000 levels); alias expansion is capped
 * (alias bombs), tags are never executed (unknown tags stay plain data),
 * `__proto__` keys are refused, and every document keeps its start line.
 * Documents are read as Kubernetes reads them (YAML 1.1, duplicate keys a
 * warning, quoted strings continued at their key's indentation accepted).
 *
 * Most manifests take the quick path of `yaml-events.ts` (js-yaml's event
 * stream), which reads the same values and lines four times faster; any text
 * it does not read exactly as this thorough path would comes here.
 */
import type { InputError } from '@onus/core';
import { CST, Composer, Lexer, LineCounter, Parser, isCollection, isMap, isScalar, isSeq, visit, type Document, type Node, type ScalarTag, type Tags } from 'yaml';
import { LineTable } from './line-table.js';
import { HINT, MAX_DEPTH, MAX_YAML_ALIASES, inputError } from './errors.js';
import { findUnsafe, lineColumn, stripBom, unsafeError } from './json.js';
import { linesUnder, readQuick, type OutlineChild, type YamlDocument, type YamlOutline } from './yaml-events.js';

export { MAX_ATTRIBUTE_LINES, type YamlDocument, type YamlOutline } from './yaml-events.js';

/** The documents of a YAML stream, the errors of those that could not be read, warnings, and a line lookup. */
export interface YamlStream {
  documents: YamlDocument[];
  errors: InputError[];
  /** Read, but worth a word: a key given twice in one mapping (the last value is read, as kubectl reads it). */
  warnings: InputError[];
  /** 1-based line of a character offset in the (BOM-stripped) text. */
  lineOf(offset: number): number;
}

const HINT_YAML = 'fix the YAML syntax at that line (a linter such as `yamllint` shows the exact problem)';

/**
 * How manifests are composed, measured against what `kubectl` (go-yaml) and
 * PyYAML accept: the YAML 1.1 schema (`0644` is octal, `yes`/`on` booleans),
 * merge keys, and duplicate keys read (the last wins) and reported as a
 * warning. `strict: false` and the 1.1 schema do not make the parser accept a
 * multi-line quoted string whose continuation lines are not indented past its
 * key; `indentQuotedContinuations` does, as a fallback.
 */
const COMPOSE_OPTIONS = { version: '1.1', merge: true, uniqueKeys: false, strict: false, logLevel: 'error', customTags: numbersWithDigits } as const;

/**
 * `yaml`'s YAML 1.1 numbers without a digit where one must be read as NaN:
 * floats without one before the exponent (`.`, `-.`, `._`, `e3`) and binary,
 * octal or hex numbers of underscores only (`0b_`, `0_`, `0x_`). go-yaml
 * (kubectl) reads them as strings, or `0_` as 0, and so does onus:
 * `command: [kustomize, build, .]` and the `.: {}` keys of every object's
 * managedFields. Each format's pattern gets a lookahead for its digit.
 */
const NEEDS_DIGIT: Record<string, string> = {
  float: '(?=[-+]?[0-9_.]*[0-9])',
  BIN: '(?=[-+]?0b[0-1_]*[0-1])',
  OCT: '(?=[-+]?0[0-7_]*[0-7])',
  HEX: '(?=[-+]?0x[0-9a-fA-F_]*[0-9a-fA-F])',
};

/** The tags made so far, by the tag they replace: `yaml` asks again for each document, with the same tags. */
const withDigits = new WeakMap<object, Tags[number]>();

function numbersWithDigits(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object') return tag;
    let made = withDigits.get(tag);
    if (!made) withDigits.set(tag, (made = needingDigit(tag)));
    return made;
  });
}

function needingDigit(tag: Tags[number]): Tags[number] {
  if (typeof tag !== 'object' || !isScalarTag(tag) || !tag.test) return tag;
  // Floats with digits in their pattern (not .inf and .nan); ints by format (not the decimal one).
  const kind = tag.tag === 'tag:yaml.org,2002:float' ? (tag.test.source.includes('[0-9]') ? 'float' : undefined) : tag.tag === 'tag:yaml.org,2002:int' ? tag.format : undefined;
  const lookahead = kind === undefined ? undefined : NEEDS_DIGIT[kind];
  if (lookahead === undefined) return tag;
  const scalar: ScalarTag = { ...tag, test: new RegExp(`^${lookahead}${tag.test.source.slice(1)}`) };
  return scalar;
}

function isScalarTag(tag: Tags[number]): tag is ScalarTag {
  return typeof tag === 'object' && !('collection' in tag && tag.collection);
}

/** Parse a multi-document YAML (or JSON) text safely; never throws. */
export function parseYamlStream(text: string, file: string): YamlStream {
  // A text the thorough path just read for its string scalars (one with template markers) is not read again.
  const kept = lastThorough;
  lastThorough = undefined;
  if (kept && kept.text === text && kept.file === file) return kept.read.stream;
  return parseYamlStreamQuickly(text) ?? readThorough(text, file).stream;
}

/**
 * The last text the thorough path read for stringScalarRanges, until
 * parseYamlStream takes it: the reader asks whether a text is a template
 * before reading it and again when recognising it, then reads it.
 */
let lastThorough: { text: string; file: string; read: ReturnType<typeof readThorough> } | undefined;

/**
 * The quick path alone: the stream, or `undefined` when the thorough path
 * must read the text. Its values need no safety walk: it refuses `__proto__`
 * keys and aliases, and nests no deeper than half of MAX_DEPTH.
 */
export function parseYamlStreamQuickly(text: string): YamlStream | undefined {
  const original = stripBom(text);
  const lines = new LineTable(original);
  const lineOf = (offset: number): number => lines.row(offset) + 1;
  const documents = readQuick(original, lineOf);
  return documents && { documents, errors: [], warnings: [], lineOf };
}

/**
 * The ranges of the string scalars of a YAML text (for telling template
 * syntax inside strings from template syntax around them), or `undefined`
 * when it does not read cleanly.
 */
export function stringScalarRanges(text: string, file: string): [number, number][] | undefined {
  if (lastThorough?.text !== text || lastThorough.file !== file) lastThorough = { text, file, read: readThorough(text, file) };
  const { stream, roots } = lastThorough.read;
  if (stream.errors.length > 0) return undefined;
  const ranges: [number, number][] = [];
  for (const root of roots) {
    if (root) {
      visit(root, {
        Scalar(_key, node) {
          if (typeof node.value === 'string' && node.range) ranges.push([node.range[0], node.range[1]]);
        },
      });
    }
  }
  return ranges;
}

/** The thorough path alone (for comparing the two paths). */
export function parseYamlStreamThoroughly(text: string, file: string): YamlStream {
  return readThorough(text, file).stream;
}

/** The thorough path: `yaml`'s composer, with the depth bound and the lenient fallback. */
function readThorough(text: string, file: string): { stream: YamlStream; roots: (Node | null)[] } {
  const original = stripBom(text);
  const errors: InputError[] = [];
  // Refuse documents nested too deep before parsing: blank them (lines kept).
  let source = original;
  const deep = mayNestDeeperThan(original, MAX_DEPTH) ? documentDepths(original).filter((d) => d.at >= 0) : [];
  if (deep.length > 0) {
    let blanked = '';
    let from = 0;
    for (const d of deep) {
      blanked += original.slice(from, d.start) + original.slice(d.start, d.end).replace(/[^\r\n]/g, ' ');
      from = d.end;
      const docLine = lineColumn(original, d.start).line;
      errors.push(
        inputError(file, `nested deeper than ${MAX_DEPTH} levels (document at line ${docLine})`, HINT.depth, { line: lineColumn(original, d.at).line }),
      );
    }
    source = blanked + original.slice(from);
  }
  const strictRead = composeStream(source, file);
  let read = strictRead;
  if (strictRead.stream.errors.length > 0) {
    // Lenient fallback: quoted strings continued at their key's indentation, as kubectl reads them.
    const relaxed = indentQuotedContinuations(source);
    if (relaxed !== source) {
      const second = composeStream(relaxed, file);
      if (second.stream.errors.length < strictRead.stream.errors.length) read = second;
    }
  }
  return { stream: { ...read.stream, errors: [...errors, ...read.stream.errors] }, roots: read.roots };
}

/** Parse and compose a (depth-checked) text into documents. */
function composeStream(source: string, file: string): { stream: YamlStream; roots: (Node | null)[] } {
  const lineCounter = new LineCounter();
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  const documents: YamlDocument[] = [];
  const roots: (Node | null)[] = [];
  const errors: InputError[] = [];
  const warnings: InputError[] = [];

  let tokens: CST.Token[];
  try {
    tokens = Array.from(new Parser(lineCounter.addNewLine).parse(source));
  } catch (error) {
    errors.push(inputError(file, `YAML could not be read: ${messageOf(error)}`, HINT_YAML));
    return { stream: { documents, errors, warnings, lineOf }, roots };
  }

  let docs: Document.Parsed[];
  try {
    docs = Array.from(new Composer(COMPOSE_OPTIONS).compose(tokens, false, source.length));
  } catch (error) {
    errors.push(inputError(file, `YAML could not be read: ${messageOf(error)}`, HINT_YAML));
    return { stream: { documents, errors, warnings, lineOf }, roots };
  }

  docs.forEach((doc) => {
    const contents = doc.contents as Node | null;
    const start = contents?.range?.[0] ?? doc.range[0];
    const line = lineOf(start);
    const first = doc.errors[0];
    if (first) {
      const where = lineCounter.linePos(first.pos[0]);
      errors.push(
        inputError(file, `invalid YAML at line ${where.line}, column ${where.col}: ${firstLine(first.message)}`, HINT_YAML, {
          line: where.line,
        }),
      );
      return;
    }
    if (contents === null || (isScalar(contents) && contents.value === null && !contents.tag)) {
      documents.push({ line, value: null, outline: null });
      roots.push(null);
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (error) {
      const alias = error instanceof ReferenceError || /alias/i.test(messageOf(error));
      errors.push(
        alias
          ? inputError(file, `YAML aliases expand too much in the document at line ${line} (more than ${MAX_YAML_ALIASES} expansions)`, 'remove the repeated aliases (`*name`): this looks like an alias bomb', { line })
          : inputError(file, `YAML document at line ${line} could not be read: ${messageOf(error)}`, HINT_YAML, { line }),
      );
      return;
    }
    const unsafe = findUnsafe(value);
    if (unsafe) {
      errors.push(unsafeError(file, unsafe, { line }));
      return;
    }
    for (const dup of duplicateKeys(contents)) {
      const at = lineOf(dup.offset);
      warnings.push(
        inputError(file, `duplicate key "${dup.key}" at line ${at} (also at line ${lineOf(dup.firstOffset)}): the last value is read, as kubectl reads it`, 'remove one of the two keys', { line: at }),
      );
    }
    documents.push({ line, value, outline: new NodeOutline(contents, lineOf) });
    roots.push(contents);
  });
  return { stream: { documents, errors, warnings, lineOf }, roots };
}

/** Keys given twice in one mapping, anywhere in a node (iterative: documents are depth-checked, but stay safe). */
function duplicateKeys(root: Node): { key: string; offset: number; firstOffset: number }[] {
  const out: { key: string; offset: number; firstOffset: number }[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && key.range && (typeof key.value === 'string' || typeof key.value === 'number' || typeof key.value === 'boolean')) {
          const name = String(key.value);
          const before = seen.get(name);
          if (before !== undefined) out.push({ key: name, offset: key.range[0], firstOffset: before });
          else seen.set(name, key.range[0]);
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) stack.push(...node.items);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * Lenient reading of multi-line quoted strings: a `"..."` or `'...'` value
 * continued on lines indented no further than its key (`kubectl` and PyYAML
 * read these; YAML 1.2 parsers refuse them) gets those lines indented one
 * column past the key. Only spaces are added, at line starts, so every line
 * keeps its number and the string its value (continuation indentation is
 * folded away). Text without such strings is returned unchanged.
 */
export function indentQuotedContinuations(text: string): string {
  const lines = text.split('\n');
  let changed = false;
  let block = -1; // indentation of the key of the block scalar being skipped, -1 when outside one
  for (let i = 0; i < lines.length; i++) {
    const current = lines[i] as string;
    const lead = /^ */.exec(current)![0].length;
    if (block >= 0) {
      if (current.trim() === '' || lead > block) continue;
      block = -1;
    }
    // Block scalars (`key: |`) are literal text: never touched.
    if (/(?:^|[:\-] )[|>][-+0-9]*\s*(?:#.*)?$/.test(current)) {
      block = lead;
      continue;
    }
    const open = /^( *)((?:- +)*)(?:[^\s#'"-][^#]*?: +)?(["'])/.exec(current);
    if (!open) continue;
    const quote = open[3] as '"' | "'";
    if (closes(current.slice(open[0].length), quote)) continue;
    const column = open[1]!.length + open[2]!.length;
    let end = -1;
    for (let j = i + 1; j < lines.length; j++) {
      if (closes(lines[j]!, quote)) {
        end = j;
        break;
      }
    }
    if (end < 0) continue;
    for (let j = i + 1; j <= end; j++) {
      const line = lines[j]!;
      const indent = /^ */.exec(line)![0].length;
      if (line.trim() !== '' && indent <= column) {
        lines[j] = ' '.repeat(column + 1 - indent) + line;
        changed = true;
      }
    }
    i = end;
  }
  return changed ? lines.join('\n') : text;
}

/** Whether a quoted string's remaining text holds its closing quote (`\"` escapes in double quotes, `''` in single). */
function closes(rest: string, quote: '"' | "'"): boolean {
  for (let k = 0; k < rest.length; k++) {
    const c = rest[k];
    if (quote === '"' && c === '\\') k++;
    else if (c === quote) {
      if (quote === "'" && rest[k + 1] === "'") k++;
      else return true;
    }
  }
  return false;
}

/** A document range (after its `---`), its estimated nesting, and where it first passed MAX_DEPTH (-1: never). */
export interface DocumentDepth {
  start: number;
  end: number;
  depth: number;
  at: number;
}

/** Tokens that take no room (made on first use: the bundle loads yaml only when a scan reads YAML this way). */
let zeroWidth: Set<string> | undefined;

/**
 * A cheap bound, in one pass over the characters, that saves the lexing pass
 * of `documentDepths` for the usual manifest. A block collection opens at the
 * column where a line's content starts after its indentation and its `- ` or
 * `? ` indicators, and the collections open at one time sit at increasing
 * columns (a sequence may share its parent key's column: two a column); flow
 * collections open with `[` or `{`. So no document nests deeper than twice
 * (the largest such column + 1) plus the number of brackets in the text.
 */
export function mayNestDeeperThan(text: string, limit: number): boolean {
  let brackets = 0;
  let lead = 0;
  let maxLead = 0;
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      atStart = true;
      lead = 0;
      continue;
    }
    if (atStart) {
      // Indentation and block indicators: space, tab, '-', '?'.
      if (c === 32 || c === 9 || c === 45 || c === 63) {
        lead++;
        if (lead > maxLead) maxLead = lead;
        continue;
      }
      atStart = false;
    }
    if (c === 91 /* [ */ || c === 123 /* { */) brackets++;
  }
  return 2 * (maxLead + 1) + brackets > limit;
}

/**
 * Estimate each document's nesting from lexer tokens, without recursion:
 * flow collections count their brackets; block collections are tracked by
 * the column of their `-`, `?` or key. The root collection is level 1.
 */
export function documentDepths(source: string): DocumentDepth[] {
  const out: DocumentDepth[] = [];
  let offset = 0;
  let col = 0;
  let flow = 0;
  let lastStart = 0;
  let stack: { col: number; seq: boolean }[] = [];
  let docStart = 0;
  let deepAt = -1;
  let depth = 0;
  const close = (end: number, next: number) => {
    if (end > docStart || depth > 0) out.push({ start: docStart, end, depth, at: deepAt });
    deepAt = -1;
    depth = 0;
    docStart = next;
    stack = [];
    flow = 0;
  };
  const check = () => {
    depth = Math.max(depth, stack.length + flow);
    if (deepAt < 0 && depth > MAX_DEPTH) deepAt = offset;
  };
  const open = (at: number, seq: boolean) => {
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { col: number; seq: boolean };
      // A block sequence may sit at its parent key's column: it does not close that map.
      if (top.col > at || (top.col === at && (top.seq || !seq))) stack.pop();
      else break;
    }
    stack.push({ col: at, seq });
    check();
  };
  zeroWidth ??= new Set([CST.DOCUMENT, CST.SCALAR, CST.FLOW_END]);
  for (const token of new Lexer().lex(source)) {
    if (zeroWidth.has(token)) continue;
    switch (CST.tokenType(token)) {
      case 'doc-start':
        close(offset, offset + token.length);
        break;
      case 'doc-end':
        close(offset + token.length, offset + token.length);
        break;
      case 'flow-map-start':
      case 'flow-seq-start':
        if (flow === 0) lastStart = col;
        flow++;
        check();
        break;
      case 'flow-map-end':
      case 'flow-seq-end':
        if (flow > 0) flow--;
        break;
      case 'seq-item-ind':
      case 'explicit-key-ind':
        if (flow === 0) open(col, CST.tokenType(token) === 'seq-item-ind');
        break;
      case 'map-value-ind':
        if (flow === 0) open(lastStart, false);
        break;
      case 'newline':
      case 'space':
      case 'comment':
      case 'anchor':
      case 'tag':
      case 'comma':
      case 'directive-line':
      case 'block-scalar-header':
      case 'byte-order-mark':
        break;
      default:
        lastStart = col;
    }
    offset += token.length;
    const nl = token.lastIndexOf('\n');
    col = nl < 0 ? col + token.length : token.length - nl - 1;
  }
  close(offset, offset);
  return out;
}

/** Where the thorough path's nodes sit. */
class NodeOutline implements YamlOutline {
  readonly line: number;
  constructor(
    private readonly node: Node,
    private readonly lineOf: (offset: number) => number,
  ) {
    this.line = lineOf(node.range?.[0] ?? 0);
  }

  child(key: string | number): YamlOutline | undefined {
    let found: unknown;
    if (isMap(this.node) && typeof key === 'string') found = this.node.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.value;
    else if (isSeq(this.node) && typeof key === 'number') found = this.node.items[key];
    const node = found as Node | null | undefined;
    return node?.range ? new NodeOutline(node, this.lineOf) : undefined;
  }

  attributeLines(): Record<string, number> {
    return linesUnder<unknown>(this.node, nodeChildren, this.lineOf);
  }
}

/** The children of a composed node, for `linesUnder`: keys that are strings or numbers (not `<<`), and list items. */
function nodeChildren(node: unknown): OutlineChild<unknown>[] {
  if (isMap(node)) {
    return node.items.flatMap((pair) => {
      const k = pair.key;
      if (!isScalar(k) || (typeof k.value !== 'string' && typeof k.value !== 'number') || k.value === '<<') return [];
      return [{ key: String(k.value), start: k.range?.[0], node: pair.value, nested: isCollection(pair.value) }];
    });
  }
  if (isSeq(node)) return node.items.map((item, i) => ({ key: i, start: (item as Node | null)?.range?.[0], node: item, nested: isCollection(item) }));
  return [];
}

function messageOf(error: unknown): string {
  return firstLine(error instanceof Error ? error.message : String(error));
}

function firstLine(text: string): string {
  const i = text.indexOf('\n');
  return (i < 0 ? text : text.slice(0, i)).replace(/\s+at line \d+, column \d+:?$/, '').trim();
}
