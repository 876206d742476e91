/**
 * GCP Cloud Asset Inventory adapter: `gcloud asset export` JSON lines, a JSON
 * array of assets, or one asset, with snake_case (`asset_type`, `iam_policy`)
 * or camelCase (`assetType`, `iamPolicy`) keys, to facts
 * `gcpcai:<asset_type>` addressed by the asset `name`. Values are
 * `resource.data`, plus `iam_policy` when the asset has one. Two entries for
 * the same asset (resource and IAM policy exported separately) merge.
 */
import type { AdapterResult, InputError, Resource } from '@onus/core';
import { DEFAULT_FILE, inputError, typeName } from './errors.js';
import type { InputFormatDefinition } from './format.js';
import { findUnsafe, isRecord, own, parseJson, parseJsonLines, setOwn, unsafeError, type JsonObject } from './json.js';

const FORMAT = 'gcp-cai';
const HINT_CAI = 'scan the output of `gcloud asset export` (JSON lines) or a JSON array of assets, as written';

/** One asset with where it was found. */
interface Located {
  value: unknown;
  pointer: string;
  line?: number;
}

/** An asset: an object with `asset_type` or `assetType`. */
const isAsset = (value: unknown): boolean => isRecord(value) && (own(value, 'asset_type') !== undefined || own(value, 'assetType') !== undefined);

/** The GCP Cloud Asset Inventory format for the registry: JSON lines, an array of assets, or one asset. */
export const cloudAssetsFormat = {
  name: FORMAT,
  summary: 'GCP Cloud Asset Inventory exports',
  hint: HINT_CAI,
  files: ['*.json', '*.jsonl'],
  syntaxes: ['json', 'json-lines'],
  markers: { json: ['asset_type', 'assetType'] },
  recognise(input) {
    if (input.kind === 'json-lines') return isAsset(input.lines[0]?.value);
    if (input.kind !== 'json') return false;
    const value = input.value;
    if (Array.isArray(value)) {
      if (isAsset(value.find(isRecord))) return true;
      return value.length > 0 && { message: 'unrecognised input: a JSON array whose items are not Cloud Asset Inventory assets' };
    }
    return isAsset(value) && own(value as JsonObject, 'name') !== undefined;
  },
  adapt(input, file) {
    if (input.kind === 'json-lines') return adaptCloudAssetLines(input.lines, file, input.errors);
    return adaptCloudAssets(input.kind === 'json' ? input.value : undefined, file);
  },
} as const satisfies InputFormatDefinition<'gcp-cai'>;

/** Read GCP Cloud Asset Inventory assets (JSON lines, array or one object). Never throws. */
export function fromCloudAssets(input: string | object, file: string = DEFAULT_FILE): AdapterResult {
  if (typeof input !== 'string') {
    const unsafe = findUnsafe(input);
    if (unsafe) return { format: FORMAT, resources: [], errors: [unsafeError(file, unsafe)] };
    return adaptCloudAssets(input, file);
  }
  const whole = parseJson(input, file);
  if (whole.ok) return adaptCloudAssets(whole.value, file);
  const { lines, errors } = parseJsonLines(input, file);
  if (lines.length === 0) return { format: FORMAT, resources: [], errors: [whole.error] };
  return adaptCloudAssetLines(lines, file, errors);
}

/** Adapt a parsed CAI value (array or single asset) that has passed the safety checks. */
export function adaptCloudAssets(value: unknown, file: string): AdapterResult {
  if (Array.isArray(value)) return adaptLocated(value.map((v, i) => ({ value: v, pointer: `/${i}` })), file, []);
  return adaptLocated([{ value, pointer: '' }], file, []);
}

/** Adapt JSON-lines values (each already parsed and checked) with their lines. */
export function adaptCloudAssetLines(lines: readonly { value: unknown; line: number }[], file: string, errors: InputError[]): AdapterResult {
  return adaptLocated(
    lines.map((l) => ({ value: l.value, pointer: '', line: l.line })),
    file,
    [...errors],
  );
}

function adaptLocated(assets: readonly Located[], file: string, errors: InputError[]): AdapterResult {
  const resources: Resource[] = [];
  const byName = new Map<string, Resource>();
  for (const { value, pointer, line } of assets) {
    const place: { pointer: string; line?: number } = { pointer };
    if (line !== undefined) place.line = line;
    const where = line !== undefined ? `line ${line}` : pointer || '/';
    if (!isRecord(value)) {
      errors.push(inputError(file, `the asset at ${where} must be an object, got ${typeName(value)}`, HINT_CAI, place));
      continue;
    }
    const name = own(value, 'name');
    const assetType = own(value, 'asset_type') ?? own(value, 'assetType');
    if (typeof name !== 'string' || name === '' || typeof assetType !== 'string' || assetType === '') {
      const missing = typeof name !== 'string' || name === '' ? 'name' : 'asset_type';
      errors.push(inputError(file, `the asset at ${where} has no ${missing}`, HINT_CAI, place));
      continue;
    }
    const resource = own(value, 'resource');
    const data = isRecord(resource) ? own(resource, 'data') : undefined;
    const iamPolicy = own(value, 'iam_policy') ?? own(value, 'iamPolicy');
    const values: JsonObject = {};
    if (isRecord(data)) for (const key of Object.keys(data)) setOwn(values, key, data[key]);
    if (iamPolicy !== undefined) setOwn(values, 'iam_policy', iamPolicy);

    const existing = byName.get(name);
    if (existing && existing.kind === `gcpcai:${assetType}`) {
      for (const key of Object.keys(values)) setOwn(existing.values, key, values[key]);
      continue;
    }
    const source: Resource['source'] = { file, format: FORMAT };
    if (line !== undefined) source.line = line;
    const fact: Resource = { kind: `gcpcai:${assetType}`, address: name, values, unknown: [], sensitive: [], refs: {}, source };
    byName.set(name, fact);
    resources.push(fact);
  }
  return { format: FORMAT, resources, errors };
}
