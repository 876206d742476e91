/**
 * The reader a list of input formats makes: one input's bytes or text are
 * checked (binary forms, encoding, emptiness), parsed once into the syntaxes
 * the formats read, recognised by the first format that says so, and
 * adapted; a value already parsed is adapted with its declared format. When
 * nothing recognises an input, the reader also says whether it is some other
 * tool's file (skipped in folder scans) or a broken input (reported). Every
 * format-specific fact comes from the format definitions; nothing here names
 * a format. May import errors.ts, json.ts, yaml.ts and format.ts.
 */
import { globToRegExp, type AdapterResult, type InputError, type SkipReason } from '@onus/core';
import { DEFAULT_FILE, HINT, guard, inputError } from './errors.js';
import type { InputFormatDefinition, ParsedInput, Recognition, Syntax } from './format.js';
import { findUnsafe, isRecord, parseJson, parseJsonLines, stripBom, unsafeError } from './json.js';
import { parseYamlStream } from './yaml.js';

/** How `readInput` treats an input no format recognises. */
export interface ReadOptions {
  /**
   * The input was found in a folder (not named): when it is clearly another
   * tool's file (well-formed JSON or YAML, empty, or malformed with no key of
   * any format in it), say so in `skipped` instead of reporting an error.
   */
  lenient?: boolean;
  /**
   * Also give the parsed documents (`documents`), by reference: the JSON
   * value, each YAML document, or the array of JSON lines. For policies that
   * read inputs as parsed (Rego, as Conftest gives them).
   */
  documents?: boolean;
  /**
   * Formats whose text the caller wants back (`text`), e.g. for the inline
   * waivers in their comments. Useful with content given as a function, when
   * the caller keeps no text of its own.
   */
  keepText?: (format: string) => boolean;
  /**
   * Called once the input is parsed and its text given up, before its facts
   * are adapted, with the text's length: where a process that owns its heap
   * may collect the text (the CLI does, for a large plan).
   */
  onParsed?: (length: number) => void;
}

/** What `readInput` gives: the facts and errors, or, when lenient, why the file was skipped. */
export interface InputResult extends AdapterResult {
  /** Set when the file is not an input and was skipped quietly (lenient only); `errors` is then empty. */
  skipped?: string;
  /** The parsed documents, when `documents` was asked for and the input was read. */
  documents?: unknown[];
  /** The input's text, when `keepText` asked for its format. */
  text?: string;
}

/**
 * An input's content: its text or bytes, or a function that gives them once.
 * A caller that hands over its only reference that way lets a large input's
 * text be freed as soon as it is parsed, while its facts are adapted.
 */
export type InputContent = string | Uint8Array | (() => string | Uint8Array);

/** Reading, detection and adaptation for one list of formats. */
export interface Reader {
  /** The formats, in the order they are recognised. */
  readonly formats: readonly InputFormatDefinition[];
  /** The hint that lists the formats this reader reads. */
  readonly hint: string;
  /** Read one file's text or bytes: detect its format from the content, then adapt it. Never throws. */
  readInput(file: string, content: InputContent, options?: ReadOptions): InputResult;
  /** The format of a text, or the error that says why it has none. Never throws. */
  detectFormat(text: string, file?: string): { format: string } | { error: InputError };
  /**
   * Adapt an input whose format is declared: a value already parsed (never
   * re-serialised), or a text. Content of another format is an error naming it.
   */
  adaptParsed(format: string, data: unknown, file?: string): AdapterResult;
  /** Whether a file name (not a path) is claimed by a format in folder scans. */
  claimsFile(name: string): boolean;
}

/** Why a file may be skipped: the kind of file, and a sentence for people. */
interface Skip {
  reason: SkipReason;
  detail: string;
}

/** An input no format reads: the error to report and, when lenient, why it may be skipped instead. */
interface Unread {
  error: InputError;
  skip?: Skip;
}

/** A detected input (and its text, until the reader has taken it), or why there is none. */
type Sniffed = { format: InputFormatDefinition; parsed: ParsedInput; text?: string | undefined } | Unread;

/** The answer of the formats to one parsed input: the format that reads it, a diagnosis, or nothing. */
type Verdict = { format: InputFormatDefinition } | { message: string; hint?: string } | undefined;

/**
 * V8 keeps the subject of the last successful regular expression match (the
 * legacy `RegExp.input`): after a format's pattern has matched a plan's text,
 * the whole text would stay in memory while the plan is adapted. A match on
 * the empty string lets it go.
 */
const EMPTY_MATCH = /^$/;
function forgetLastMatch(): void {
  EMPTY_MATCH.test('');
}

/** Leading code units checked for NUL (binary content). */
const BINARY_PROBE = 8192;

/** Why a file that parses, but that no format recognises, is skipped in folder scans. */
const WELL_FORMED: Skip = { reason: 'other-tool', detail: 'well-formed JSON or YAML of another tool' };

function unread(error: InputError, skip: Skip | undefined): Unread {
  return skip === undefined ? { error } : { error, skip };
}

/** Build the reader of a list of formats (the first to recognise an input reads it). */
export function createReader(formats: readonly InputFormatDefinition[]): Reader {
  const byName = new Map(formats.map((f) => [f.name, f]));
  const summaries = formats.map((f) => f.summary);
  const hint = `onus reads ${summaries.length > 1 ? `${summaries.slice(0, -1).join(', ')} and ${summaries[summaries.length - 1]}` : (summaries[0] ?? 'nothing')}`;
  const reads = (syntax: Syntax) => formats.some((f) => f.syntaxes.includes(syntax));
  const markers = markerPattern(formats);
  const fileNames = formats.flatMap((f) => f.files).map(fileGlob);

  /** The first format that recognises a parsed input, else the first diagnosis. */
  const recognise = (parsed: ParsedInput): Verdict => {
    let diagnosis: Exclude<Recognition, boolean> | undefined;
    for (const format of formats) {
      if (!format.syntaxes.includes(parsed.kind as Syntax)) continue;
      const answer = format.recognise(parsed);
      if (answer === true) return { format };
      if (answer !== false && diagnosis === undefined) diagnosis = answer;
    }
    return diagnosis;
  };

  /** The error of an unrecognised input: the formats' diagnosis, else `message`. */
  const refusal = (file: string, verdict: Verdict, message: string): InputError => {
    const diagnosis = verdict && 'message' in verdict ? verdict : undefined;
    return inputError(file, diagnosis?.message ?? message, diagnosis?.hint ?? hint);
  };

  /** Bytes or text to text: binary forms, NUL bytes, encodings and emptiness are refused here, once. */
  const toText = (content: string | Uint8Array, file: string): string | Unread => {
    for (const format of formats) {
      if (format.magic && startsWith(content, format.magic.bytes)) return { error: inputError(file, format.magic.message, format.magic.hint) };
    }
    const encoding = typeof content === 'string' ? 'text' : bomEncoding(content);
    if (!encoding.startsWith('utf-16') && hasNul(content)) return { error: inputError(file, 'this is a binary file, not text', hint), skip: { reason: 'not-an-input', detail: 'a binary file' } };
    let text: string;
    if (typeof content === 'string') text = stripBom(content);
    else {
      try {
        text = stripBom(new TextDecoder(encoding, { fatal: true }).decode(content));
      } catch {
        return { error: inputError(file, `the file is not valid ${encoding.toUpperCase()} text`, 'save the file as UTF-8 (e.g. `terraform show -json PLAN > plan.json` in a POSIX shell)') };
      }
    }
    if (text.trim() === '') return { error: inputError(file, 'empty input', HINT.empty), skip: { reason: 'not-an-input', detail: 'empty' } };
    return text;
  };

  const sniff = (content: string | Uint8Array, file: string, lenient: boolean): Sniffed => {
    const text = toText(content, file);
    if (typeof text !== 'string') return text;
    if (lenient) {
      for (const format of formats) {
        const why = format.notYetInput?.(text, file);
        // A format's "not yet an input" is a template (render it first).
        if (why !== undefined) return { error: inputError(file, why, hint), skip: { reason: 'template', detail: why } };
      }
    }
    // Malformed, or refused before parsing: another tool's file unless a format's key is in it.
    const unlessMarked = (): Skip | undefined =>
      lenient && !markers.test(text.slice(0, 1 << 20)) ? { reason: 'not-an-input', detail: 'not a plan, manifest or export (no key of one in it)' } : undefined;
    for (const format of formats) {
      const answer = format.recogniseText?.(text, file) ?? false;
      if (answer === true) return { format, parsed: { kind: 'text', text }, text };
      if (answer !== false) return unread(inputError(file, answer.message, answer.hint ?? hint), unlessMarked());
    }
    const first = text.trimStart()[0];
    if ((first === '{' || first === '[') && (reads('json') || reads('json-lines'))) return sniffJson(text, file, lenient, unlessMarked);
    if (!reads('yaml')) return unread(inputError(file, 'unrecognised input: not JSON', hint), unlessMarked());
    const stream = parseYamlStream(text, file);
    const parsed: ParsedInput = { kind: 'yaml', stream };
    const verdict = recognise(parsed);
    if (verdict && 'format' in verdict) return { format: verdict.format, parsed, text };
    const skip = stream.errors.length === 0 ? WELL_FORMED : unlessMarked();
    const hasMapping = stream.documents.some((d) => isRecord(d.value));
    if (!verdict && !hasMapping && stream.errors[0]) return unread(stream.errors[0], skip);
    const message = hasMapping ? 'unrecognised input: YAML that no format onus reads recognises' : 'unrecognised input: not JSON, and no YAML mapping in it';
    return unread(refusal(file, verdict, message), skip);
  };

  /** JSON text: one value, else JSON lines (when a format reads them, or to tell another tool's file). */
  const sniffJson = (text: string, file: string, lenient: boolean, unlessMarked: () => Skip | undefined): Sniffed => {
    const whole = parseJson(text, file);
    if (whole.ok) {
      const parsed: ParsedInput = { kind: 'json', value: whole.value, text };
      const verdict = recognise(parsed);
      // Only a format that reads the text keeps it in the parsed input.
      if (verdict && 'format' in verdict) return { format: verdict.format, parsed: verdict.format.readsText ? parsed : { kind: 'json', value: whole.value }, text };
      return { error: refusal(file, verdict, describeJson(whole.value)), skip: WELL_FORMED };
    }
    const asLines = text.trimStart()[0] === '{' && reads('json-lines');
    if (!asLines && !lenient) return { error: whole.error };
    const { lines, errors } = parseJsonLines(text, file);
    const skip = lines.length > 0 && errors.length === 0 ? WELL_FORMED : unlessMarked();
    const head = lines[0];
    const firstLine = text.slice(0, text.search(/\S/)).split('\n').length;
    if (!asLines || !head || head.line !== firstLine) return unread(whole.error, skip);
    const parsed: ParsedInput = { kind: 'json-lines', lines, errors };
    const verdict = recognise(parsed);
    if (verdict && 'format' in verdict) return { format: verdict.format, parsed, text };
    // Say what the first line is, to explain why these JSON lines are refused.
    const asJson = recognise({ kind: 'json', value: head.value });
    if (asJson && 'format' in asJson) {
      const lineReaders = formats.filter((f) => f.syntaxes.includes('json-lines')).map((f) => f.summary);
      const message = `JSON lines are read only for ${lineReaders.join(', ')}; line ${head.line} is ${asJson.format.name} content`;
      return unread(inputError(file, message, hint, { line: head.line }), skip);
    }
    return unread(refusal(file, asJson, describeJson(head.value)), skip);
  };

  /** Sniff content given as text, bytes or a function that gives them (no frame of the caller keeps what it gave). */
  const sniffContent = (content: InputContent, file: string, lenient: boolean): Sniffed => sniff(typeof content === 'function' ? content() : content, file, lenient);

  const adapt = (format: InputFormatDefinition, parsed: ParsedInput, file: string): AdapterResult =>
    guard(format.name, file, () => format.adapt(parsed, file));

  const unknown = (errors: InputError[]): AdapterResult => ({ format: 'unknown', resources: [], errors });

  return {
    formats,
    hint,
    readInput(file, content, options = {}) {
      return guard('unknown', file, (): InputResult => {
        const found = sniffContent(content, file, options.lenient === true);
        if ('error' in found) return options.lenient && found.skip !== undefined ? { ...unknown([]), skipped: found.skip.detail, skipReason: found.skip.reason } : unknown([found.error]);
        // From here on nothing holds the text (unless asked for): a plan's facts are adapted without it.
        const text = options.keepText?.(found.format.name) ? found.text : undefined;
        const length = found.text?.length ?? 0;
        found.text = undefined;
        forgetLastMatch();
        options.onParsed?.(length);
        const adapted = adapt(found.format, found.parsed, file);
        const result = options.documents ? { ...adapted, documents: parsedDocuments(found.parsed) } : adapted;
        return text === undefined ? result : { ...result, text };
      });
    },
    detectFormat(text, file = DEFAULT_FILE) {
      try {
        const found = sniff(text, file, false);
        return 'error' in found ? { error: found.error } : { format: found.format.name };
      } catch (error) {
        return { error: inputError(file, `internal error while detecting the format: ${String(error)}`, 'this is a bug in onus: please report it') };
      }
    },
    adaptParsed(name, data, file = DEFAULT_FILE) {
      return guard('unknown', file, () => {
        const declared = byName.get(name);
        if (!declared) {
          return unknown([inputError(file, `unknown input format "${name}"`, `declare one of: ${formats.map((f) => f.name).join(', ')}`)]);
        }
        let parsed: ParsedInput;
        if (typeof data === 'string' || data instanceof Uint8Array) {
          const found = sniff(data, file, false);
          if ('error' in found) return unknown([found.error]);
          if (found.format !== declared) return unknown([mismatch(file, declared, found.format)]);
          parsed = found.parsed;
        } else {
          const unsafe = findUnsafe(data);
          if (unsafe) return unknown([unsafeError(file, unsafe)]);
          parsed = { kind: 'json', value: data };
          // Content another format recognises, and the declared one does not, is a wrong declaration.
          if (declared.recognise(parsed) !== true) {
            const found = recognise(parsed);
            if (found && 'format' in found) return unknown([mismatch(file, declared, found.format)]);
          }
        }
        return adapt(declared, parsed, file);
      });
    },
    claimsFile(name) {
      return fileNames.some((pattern) => pattern.test(name));
    },
  };
}

/** The documents of a parsed input, as parsed (no copy); a text a format parses itself has none here. */
function parsedDocuments(parsed: ParsedInput): unknown[] {
  switch (parsed.kind) {
    case 'json':
      return [parsed.value];
    case 'json-lines':
      return [parsed.lines.map((l) => l.value)];
    case 'yaml':
      return parsed.stream.documents.filter((d) => d.value !== null && d.value !== undefined).map((d) => d.value);
    case 'text':
      return [];
  }
}

function mismatch(file: string, declared: InputFormatDefinition, found: InputFormatDefinition): InputError {
  return inputError(
    file,
    `the input is declared ${declared.name}, but its content is ${found.name} (${found.summary})`,
    `declare format '${found.name}', or give ${declared.summary}: ${declared.hint}`,
  );
}

/** The unrecognised-input message for a parsed JSON value. */
function describeJson(value: unknown): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? 'an empty JSON array: nothing to read and no format to recognise' : 'unrecognised input: a JSON array no format onus reads recognises';
  }
  if (!isRecord(value)) return `unrecognised input: a JSON ${value === null ? 'null' : typeof value}`;
  const keys = Object.keys(value);
  const shown = keys.slice(0, 8).join(', ') + (keys.length > 8 ? ', ...' : '');
  return `unrecognised input: a JSON object with keys ${shown || '(none)'}`;
}

/** Whether content (bytes, or text after a BOM) starts with these byte values. */
function startsWith(content: string | Uint8Array, bytes: readonly number[]): boolean {
  const at = typeof content === 'string' ? (content.charCodeAt(0) === 0xfeff ? 1 : 0) : 0;
  if (content.length < at + bytes.length) return false;
  return bytes.every((b, i) => (typeof content === 'string' ? content.charCodeAt(at + i) : content[at + i]) === b);
}

/** A NUL near the start: binary content (never in UTF-8 text of any format). */
function hasNul(content: string | Uint8Array): boolean {
  return typeof content === 'string' ? content.slice(0, BINARY_PROBE).includes('\u0000') : content.subarray(0, BINARY_PROBE).includes(0);
}

/**
 * The text of bytes that are plain UTF-8 text (no UTF-16 byte order mark, no
 * NUL near the start, valid UTF-8), else undefined: `readInput` then says
 * what the bytes are. Lets a caller keep the text instead of both the bytes
 * and the text while a large input is read.
 */
export function utf8Text(bytes: Uint8Array): string | undefined {
  if (bomEncoding(bytes) !== 'utf-8' || hasNul(bytes)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The encoding a byte order mark names: UTF-16 as Windows PowerShell redirection writes it, else UTF-8. */
function bomEncoding(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** The keys of every format, as JSON keys (`"key":`) or YAML keys at a line start (`key:`). */
function markerPattern(formats: readonly InputFormatDefinition[]): RegExp {
  const alternatives = (keys: readonly string[]) => [...new Set(keys)].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const json = alternatives(formats.flatMap((f) => f.markers.json ?? []));
  const yaml = alternatives(formats.flatMap((f) => f.markers.yaml ?? []));
  const parts = [json && `"(?:${json})"\\s*:`, yaml && `^\\s*(?:${yaml})\\s*:`].filter(Boolean);
  return parts.length > 0 ? new RegExp(parts.join('|'), 'm') : /(?!)/;
}

/** A file-name glob (`*.json`): `*` any run of characters, `?` one, case-insensitive. */
function fileGlob(glob: string): RegExp {
  return globToRegExp(glob, { ignoreCase: true });
}
