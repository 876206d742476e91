/**
 * AWS CLI adapter: JSON written by `aws ec2 describe-security-groups`,
 * `aws ec2 describe-instances`, `aws elbv2 describe-load-balancers`,
 * `aws iam get-account-password-policy`, `aws iam get-account-summary` and
 * `aws iam get-account-authorization-details` to facts `awscli:<service>:<Thing>`.
 * IAM policy documents (plain or URL-encoded JSON strings) are decoded.
 */
import type { AdapterResult, InputError, Resource } from '@onus/core';
import { decodeKeysDeep } from './decode.js';
import { DEFAULT_FILE, inputError, typeName } from './errors.js';
import { jsonObject, jsonValue, type InputFormatDefinition } from './format.js';
import { adaptJson, isRecord, own, type JsonObject } from './json.js';

const FORMAT = 'aws-cli';
const HINT_CLI = 'scan the JSON exactly as the AWS CLI writes it (`--output json`, the default)';

/** Top-level keys of AWS CLI output that onus reads. */
const AWS_CLI_KEYS: readonly string[] = [
  'SecurityGroups',
  'Reservations',
  'LoadBalancers',
  'PasswordPolicy',
  'SummaryMap',
  'UserDetailList',
  'RoleDetailList',
  'GroupDetailList',
  'Policies',
];

/** Lists of objects: top-level key -> fact kind and the field holding the address. */
const LISTS: Record<string, { kind: string; id: string }> = {
  SecurityGroups: { kind: 'awscli:ec2:SecurityGroup', id: 'GroupId' },
  LoadBalancers: { kind: 'awscli:elbv2:LoadBalancer', id: 'LoadBalancerArn' },
  UserDetailList: { kind: 'awscli:iam:User', id: 'Arn' },
  RoleDetailList: { kind: 'awscli:iam:Role', id: 'Arn' },
  GroupDetailList: { kind: 'awscli:iam:Group', id: 'Arn' },
  Policies: { kind: 'awscli:iam:Policy', id: 'Arn' },
};

/** Single objects: top-level key -> fact kind and fixed address. */
const SINGLES: Record<string, { kind: string; address: string }> = {
  PasswordPolicy: { kind: 'awscli:iam:PasswordPolicy', address: 'aws:iam:password-policy' },
  SummaryMap: { kind: 'awscli:iam:AccountSummary', address: 'aws:iam:account-summary' },
};

/** The AWS CLI format for the registry: `--output json` of the commands above. */
export const awsCliFormat = {
  name: FORMAT,
  summary: 'AWS CLI JSON output (ec2/elbv2/iam)',
  hint: HINT_CLI,
  files: ['*.json'],
  syntaxes: ['json'],
  markers: { json: ['SecurityGroups', 'Reservations', 'LoadBalancers', 'PasswordPolicy', 'UserDetailList', 'RoleDetailList'] },
  recognise(input) {
    const value = jsonObject(input);
    return value !== undefined && AWS_CLI_KEYS.some((key) => own(value, key) !== undefined);
  },
  adapt: (input, file) => adaptAwsCli(jsonValue(input), file),
} as const satisfies InputFormatDefinition<'aws-cli'>;

/** `AssumeRolePolicyDocument`, `PolicyDocument` (inline policies), `Document` (policy versions). */
const isPolicyDocumentKey = (key: string): boolean => key === 'Document' || key.endsWith('PolicyDocument');

/** Read AWS CLI JSON output. Never throws. */
export function fromAwsCli(input: string | object, file: string = DEFAULT_FILE): AdapterResult {
  return adaptJson(FORMAT, input, file, adaptAwsCli);
}

/** Adapt parsed AWS CLI output that has passed the safety checks. */
export function adaptAwsCli(value: unknown, file: string): AdapterResult {
  const resources: Resource[] = [];
  const errors: InputError[] = [];
  if (!isRecord(value)) {
    errors.push(inputError(file, `AWS CLI output must be a JSON object, got ${typeName(value)}`, HINT_CLI, { pointer: '' }));
    return { format: FORMAT, resources, errors };
  }
  const make = (kind: string, address: string, values: JsonObject): Resource => ({
    kind,
    address,
    values: kind.startsWith('awscli:iam:') ? (decodeKeysDeep(values, isPolicyDocumentKey, 2) as JsonObject) : values,
    unknown: [],
    sensitive: [],
    refs: {},
    source: { file, format: FORMAT },
  });
  const listOf = (key: string): unknown[] | undefined => {
    const list = own(value, key);
    if (list === undefined) return undefined;
    if (Array.isArray(list)) return list;
    errors.push(inputError(file, `${key} must be an array, got ${typeName(list)}`, HINT_CLI, { pointer: `/${key}` }));
    return undefined;
  };
  let found = false;

  for (const key of Object.keys(LISTS)) {
    const spec = LISTS[key] as { kind: string; id: string };
    const list = listOf(key);
    if (own(value, key) !== undefined) found = true;
    list?.forEach((item, i) => {
      const ptr = `/${key}/${i}`;
      const id = isRecord(item) ? own(item, spec.id) : undefined;
      if (!isRecord(item) || typeof id !== 'string' || id === '') {
        errors.push(inputError(file, `${key}[${i}] has no ${spec.id}`, HINT_CLI, { pointer: isRecord(item) ? `${ptr}/${spec.id}` : ptr }));
        return;
      }
      resources.push(make(spec.kind, id, item));
    });
  }

  const reservations = listOf('Reservations');
  if (own(value, 'Reservations') !== undefined) found = true;
  reservations?.forEach((reservation, r) => {
    const instances = isRecord(reservation) ? own(reservation, 'Instances') : undefined;
    if (!Array.isArray(instances)) {
      errors.push(inputError(file, `Reservations[${r}].Instances must be an array, got ${typeName(instances)}`, HINT_CLI, { pointer: `/Reservations/${r}/Instances` }));
      return;
    }
    instances.forEach((instance, i) => {
      const id = isRecord(instance) ? own(instance, 'InstanceId') : undefined;
      if (!isRecord(instance) || typeof id !== 'string' || id === '') {
        errors.push(inputError(file, `Reservations[${r}].Instances[${i}] has no InstanceId`, HINT_CLI, { pointer: `/Reservations/${r}/Instances/${i}` }));
        return;
      }
      resources.push(make('awscli:ec2:Instance', id, instance));
    });
  });

  for (const key of Object.keys(SINGLES)) {
    const spec = SINGLES[key] as { kind: string; address: string };
    const single = own(value, key);
    if (single === undefined) continue;
    found = true;
    if (!isRecord(single)) {
      errors.push(inputError(file, `${key} must be an object, got ${typeName(single)}`, HINT_CLI, { pointer: `/${key}` }));
      continue;
    }
    resources.push(make(spec.kind, spec.address, single));
  }

  if (!found) {
    errors.push(inputError(file, `no AWS CLI output onus reads here (expected one of ${AWS_CLI_KEYS.join(', ')})`, HINT_CLI, { pointer: '' }));
  }
  return { format: FORMAT, resources, errors };
}
