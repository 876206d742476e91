/**
 * What an input format is, for the registry: its name, the files it claims in
 * folder scans, how it is recognised (from the text before parsing, or from
 * the parsed value), how it is adapted and the hint for its users; plus the
 * helpers format modules share to read a parsed JSON input. A format module
 * (terraform-plan.ts, kubernetes.ts, ...) exports one `InputFormatDefinition`
 * next to its adapter. May import json.ts, the types of yaml.ts and @onus/core.
 */
import type { AdapterResult, InputError } from '@onus/core';
import { isRecord, type JsonLine, type JsonObject } from './json.js';
import type { YamlStream } from './yaml.js';

/** The syntaxes the reader parses an input into, each at most once per input. */
export type Syntax = 'json' | 'json-lines' | 'yaml';

/**
 * An input as the reader parsed it, once, before its format was decided.
 * `text` (the BOM-stripped source) is there when the input came as text, so
 * that a format can find lines; a value given in memory has none.
 */
export type ParsedInput =
  | { kind: 'json'; value: unknown; text?: string }
  | { kind: 'json-lines'; lines: JsonLine[]; errors: InputError[] }
  | { kind: 'yaml'; stream: YamlStream }
  /** Claimed before parsing by a format's `recogniseText`: the format parses it itself. */
  | { kind: 'text'; text: string };

/**
 * A format's answer to "is this yours?": `true` (mine), `false` (no), or a
 * diagnosis: not readable, but recognisably close (Terraform state next to
 * plans, a YAML that is not a manifest), with the message and hint to report
 * when no format says `true` (without a hint, the list of formats onus reads).
 */
export type Recognition = boolean | { message: string; hint?: string };

/** Keys that mark a format near the top of a file, used when the file does not parse. */
export interface FormatMarkers {
  /** Object keys in JSON (`"format_version":`). */
  json?: readonly string[];
  /** Mapping keys at the start of a YAML line (`apiVersion:`). */
  yaml?: readonly string[];
}

/** One input format onus reads. The registry (registry.ts) is a plain list of these. */
export interface InputFormatDefinition<Name extends string = string> {
  /** The name facts and reports carry (`source.format`, `inputs[].format`). */
  readonly name: Name;
  /** What it is, for the list of formats onus reads: "`terraform show -json` plans". */
  readonly summary: string;
  /** How to produce a readable input of this format (the hint when declared data does not fit). */
  readonly hint: string;
  /**
   * File names it claims in folder scans (`*.json`, `*.yaml`): `*` is any run
   * of characters, `?` one, matched case-insensitively against the base name.
   */
  readonly files: readonly string[];
  /** The parsed forms it reads; the reader only parses into forms some format reads. */
  readonly syntaxes: readonly Syntax[];
  /**
   * Keys that mark it: a file that does not parse but has one of these is
   * reported (it may be a truncated input); one without is another tool's
   * file, skipped in folder scans.
   */
  readonly markers: FormatMarkers;
  /**
   * Whether adapt reads the `text` of a parsed JSON input (for source lines).
   * Other formats get the parsed value alone, so a large input's text can be
   * freed while it is adapted.
   */
  readonly readsText?: boolean;
  /** Leading bytes of a binary form onus cannot read (a zip), and what to say about it. */
  readonly magic?: { bytes: readonly number[]; message: string; hint: string };
  /**
   * In folder scans only: why a file of this format's tools is not an input
   * yet (a Helm chart template, to be rendered first), or undefined.
   */
  notYetInput?(text: string, file: string): string | undefined;
  /** Recognise from the text before any parse (`true` means the format parses it itself, as `{ kind: 'text' }`). */
  recogniseText?(text: string, file: string): Recognition;
  /** Recognise from the parsed input (only called for the `syntaxes` it declares). */
  recognise(input: ParsedInput): Recognition;
  /** Turn the parsed input into facts; never throws on bad input, never re-serialises. */
  adapt(input: ParsedInput, file: string): AdapterResult;
}

/** The JSON object of a parsed input, or undefined (for recognisers that read one object). */
export function jsonObject(input: ParsedInput): JsonObject | undefined {
  return input.kind === 'json' && isRecord(input.value) ? input.value : undefined;
}

/** The parsed JSON value of an input (`undefined` for other kinds, which the adapter then reports). */
export function jsonValue(input: ParsedInput): unknown {
  return input.kind === 'json' ? input.value : undefined;
}
