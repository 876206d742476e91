/**
 * Format detection from content (never from the file name alone): binary
 * plan zips, Terraform plan JSON, Kubernetes YAML/JSON, AWS Config, AWS CLI
 * output and GCP Cloud Asset Inventory (JSON, array or JSON lines). Unknown
 * content is an error, never a guess. The parsed input is kept so that
 * `readInput` does not parse twice.
 */
import type { InputError } from '@onus/core';
import { AWS_CLI_KEYS } from './aws-cli.js';
import { DEFAULT_FILE, HINT, inputError } from './errors.js';
import { isRecord, own, parseJson, parseJsonLines, stripBom, type JsonLine } from './json.js';
import { parseYamlStream, type YamlStream } from './yaml.js';

/** The input formats onus reads. */
export type InputFormat = 'terraform-plan' | 'kubernetes' | 'aws-config' | 'aws-cli' | 'gcp-cai';

/** How the detected input was parsed. */
export type Parsed =
  | { kind: 'json'; value: unknown }
  | { kind: 'json-lines'; lines: JsonLine[]; errors: InputError[] }
  | { kind: 'yaml'; stream: YamlStream };

/** A detected input: its format and its parsed content. */
export interface Sniffed {
  format: InputFormat;
  parsed: Parsed;
  /** The text without BOM. */
  text: string;
}

const BINARY_PLAN = 'this is a binary plan; run `terraform show -json PLAN > plan.json`';

/** Detect the format of a text input and keep what was parsed. Never throws. */
export function sniff(text: string, file: string = DEFAULT_FILE): Sniffed | { error: InputError } {
  const source = stripBom(text);
  if (source.startsWith('PK\u0003\u0004')) return { error: inputError(file, BINARY_PLAN, HINT.binaryPlan) };
  if (source.slice(0, 8192).includes('\u0000')) {
    return { error: inputError(file, 'this is a binary file, not text', HINT.formats) };
  }
  if (source.trim() === '') return { error: inputError(file, 'empty input', HINT.empty) };

  const first = source.trimStart()[0];
  if (first === '{' || first === '[') {
    const read = parseJson(source, file);
    if (read.ok) {
      const format = classify(read.value, file);
      return 'error' in format ? format : { format: format.format, parsed: { kind: 'json', value: read.value }, text: source };
    }
    if (first === '{') {
      const lines = jsonLines(source, file);
      if (lines) return lines;
    }
    return { error: read.error };
  }

  const hcl = /^[ \t]*(?:(?:resource|data)[ \t]+"[^"\n]+"[ \t]+"[^"\n]+"|(?:module|variable|provider|output)[ \t]+"[^"\n]+"|terraform|locals)[ \t]*\{/m.exec(
    source.slice(0, 4096),
  );
  if (hcl) {
    return {
      error: inputError(file, 'this is Terraform configuration (HCL), not a plan', 'run `terraform plan -out=tfplan` then `terraform show -json tfplan > plan.json` and scan plan.json'),
    };
  }

  const stream = parseYamlStream(source, file);
  const objects = stream.documents.map((d) => d.value).filter(isRecord);
  if (objects.some((o) => typeof own(o, 'kind') === 'string' && (typeof own(o, 'apiVersion') === 'string' || Array.isArray(own(o, 'items'))))) {
    return { format: 'kubernetes', parsed: { kind: 'yaml', stream }, text: source };
  }
  if (objects.length === 0 && stream.errors[0]) return { error: stream.errors[0] };
  return {
    error: inputError(
      file,
      objects.length === 0 ? 'unrecognised input: not JSON, and no YAML mapping in it' : 'YAML input is not a Kubernetes manifest: no document has apiVersion and kind',
      HINT.formats,
    ),
  };
}

/** Detect the format of an input from its content. Never throws. */
export function detectFormat(text: string, file: string = DEFAULT_FILE): { format: InputFormat } | { error: InputError } {
  try {
    const found = sniff(text, file);
    return 'error' in found ? found : { format: found.format };
  } catch (error) {
    return { error: inputError(file, `internal error while detecting the format: ${String(error)}`, 'this is a bug in onus: please report it') };
  }
}

/** JSON lines (one CAI asset per line), when the first line is a complete JSON object. */
function jsonLines(source: string, file: string): Sniffed | { error: InputError } | undefined {
  const firstLineNo = source.slice(0, source.search(/\S/)).split('\n').length;
  const { lines, errors } = parseJsonLines(source, file);
  const head = lines[0];
  if (!head || head.line !== firstLineNo) return undefined;
  const format = classify(head.value, file);
  if ('error' in format) return format;
  if (format.format !== 'gcp-cai') {
    return { error: inputError(file, `JSON lines are read only for Cloud Asset Inventory exports; line ${head.line} is ${format.format} content`, HINT.formats, { line: head.line }) };
  }
  return { format: 'gcp-cai', parsed: { kind: 'json-lines', lines, errors }, text: source };
}

/** Decide the format of a parsed JSON value by its shape. */
function classify(value: unknown, file: string): { format: InputFormat } | { error: InputError } {
  if (Array.isArray(value)) {
    if (value.length === 0) return { error: inputError(file, 'an empty JSON array: nothing to read and no format to recognise', HINT.formats) };
    const head = value.find(isRecord);
    if (head && (own(head, 'asset_type') !== undefined || own(head, 'assetType') !== undefined)) return { format: 'gcp-cai' };
    return { error: inputError(file, 'unrecognised input: a JSON array whose items are not Cloud Asset Inventory assets', HINT.formats) };
  }
  if (!isRecord(value)) return { error: inputError(file, `unrecognised input: a JSON ${value === null ? 'null' : typeof value}`, HINT.formats) };
  const has = (key: string) => own(value, key) !== undefined;
  if (has('format_version') && (has('planned_values') || has('resource_changes'))) return { format: 'terraform-plan' };
  if (has('format_version') && has('terraform_version') && has('values')) {
    return {
      error: inputError(file, 'this is Terraform state, not a plan', 'run `terraform plan -out=tfplan` then `terraform show -json tfplan > plan.json` and scan plan.json'),
    };
  }
  if (has('configurationItems') || has('configurationItem') || has('baseConfigurationItems') || (has('resourceType') && has('configuration'))) {
    return { format: 'aws-config' };
  }
  if (typeof own(value, 'apiVersion') === 'string' && typeof own(value, 'kind') === 'string') return { format: 'kubernetes' };
  if (AWS_CLI_KEYS.some(has)) return { format: 'aws-cli' };
  if ((has('asset_type') || has('assetType')) && has('name')) return { format: 'gcp-cai' };
  const keys = Object.keys(value);
  const shown = keys.slice(0, 8).join(', ') + (keys.length > 8 ? ', ...' : '');
  return { error: inputError(file, `unrecognised input: a JSON object with keys ${shown || '(none)'}`, HINT.formats) };
}
