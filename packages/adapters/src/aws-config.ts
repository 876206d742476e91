/**
 * AWS Config adapter: configuration snapshots (`configurationItems`), change
 * notifications (`configurationItem`), `batch-get-resource-config` output
 * (`baseConfigurationItems`) and bare configuration items (as the RDK samples)
 * to facts `awsconfig:<resourceType>` addressed by ARN (else resourceId).
 * JSON-encoded strings in `configuration` / `supplementaryConfiguration` are
 * decoded; keys keep the source's case.
 */
import type { AdapterResult, InputError, Resource } from '@onus/core';
import { decodeStringsDeep } from './decode.js';
import { DEFAULT_FILE, inputError, typeName } from './errors.js';
import { jsonObject, jsonValue, type InputFormatDefinition } from './format.js';
import { adaptJson, isRecord, own, setOwn, type JsonObject } from './json.js';

const FORMAT = 'aws-config';
const HINT_CONFIG =
  'export a snapshot (`aws configservice deliver-config-snapshot`) or items (`aws configservice get-resource-config-history`) and scan the JSON as written';
const ITEM_LISTS = ['configurationItems', 'baseConfigurationItems'] as const;

/** The AWS Config format for the registry: snapshots, change notifications, items. */
export const awsConfigFormat = {
  name: FORMAT,
  summary: 'AWS Config snapshots or items',
  hint: HINT_CONFIG,
  files: ['*.json'],
  syntaxes: ['json'],
  markers: { json: ['configurationItems', 'configurationItem', 'resourceType'] },
  recognise(input) {
    const value = jsonObject(input);
    if (!value) return false;
    const has = (key: string) => own(value, key) !== undefined;
    return has('configurationItems') || has('configurationItem') || has('baseConfigurationItems') || (has('resourceType') && has('configuration'));
  },
  adapt: (input, file) => adaptAwsConfig(jsonValue(input), file),
} as const satisfies InputFormatDefinition<'aws-config'>;

/** Read AWS Config JSON (snapshot, change notification or single item). Never throws. */
export function fromAwsConfig(input: string | object, file: string = DEFAULT_FILE): AdapterResult {
  return adaptJson(FORMAT, input, file, adaptAwsConfig);
}

/** Adapt parsed AWS Config JSON that has passed the safety checks. */
export function adaptAwsConfig(value: unknown, file: string): AdapterResult {
  const resources: Resource[] = [];
  const errors: InputError[] = [];
  const take = (item: unknown, ptr: string) => {
    const made = toResource(item, ptr, file);
    if ('error' in made) errors.push(made.error);
    else resources.push(made.resource);
  };
  if (!isRecord(value)) {
    errors.push(inputError(file, `AWS Config input must be a JSON object, got ${typeName(value)}`, HINT_CONFIG, { pointer: '' }));
    return { format: FORMAT, resources, errors };
  }
  let found = false;
  for (const list of ITEM_LISTS) {
    const items = own(value, list);
    if (items === undefined) continue;
    found = true;
    if (!Array.isArray(items)) {
      errors.push(inputError(file, `${list} must be an array, got ${typeName(items)}`, HINT_CONFIG, { pointer: `/${list}` }));
      continue;
    }
    items.forEach((item, i) => take(item, `/${list}/${i}`));
  }
  const single = own(value, 'configurationItem');
  if (single !== undefined) {
    found = true;
    take(single, '/configurationItem');
  }
  if (!found) {
    if (own(value, 'resourceType') !== undefined) take(value, '');
    else errors.push(inputError(file, 'no configurationItems, configurationItem or resourceType in this AWS Config input', HINT_CONFIG, { pointer: '' }));
  }
  return { format: FORMAT, resources, errors };
}

function toResource(item: unknown, ptr: string, file: string): { resource: Resource } | { error: InputError } {
  if (!isRecord(item)) {
    return { error: inputError(file, `configuration item at ${ptr || '/'} must be an object, got ${typeName(item)}`, HINT_CONFIG, { pointer: ptr }) };
  }
  const resourceType = own(item, 'resourceType');
  if (typeof resourceType !== 'string' || resourceType === '') {
    return { error: inputError(file, `configuration item at ${ptr || '/'} has no resourceType`, HINT_CONFIG, { pointer: `${ptr}/resourceType` }) };
  }
  const address = [own(item, 'arn'), own(item, 'ARN'), own(item, 'resourceId')].find((a): a is string => typeof a === 'string' && a !== '');
  if (address === undefined) {
    return { error: inputError(file, `${resourceType} item at ${ptr || '/'} has neither arn nor resourceId`, HINT_CONFIG, { pointer: ptr }) };
  }
  const values: JsonObject = {};
  for (const key of Object.keys(item)) {
    const field = item[key];
    setOwn(values, key, key === 'configuration' || key === 'supplementaryConfiguration' ? decodeStringsDeep(field, 2) : field);
  }
  return {
    resource: {
      kind: `awsconfig:${resourceType}`,
      address,
      values,
      unknown: [],
      sensitive: [],
      refs: {},
      source: { file, format: FORMAT },
    },
  };
}
