/**
 * The JSON Schema of a policy file. The single source for validation at load
 * time; published as `policySchema` so editors and other tools can use it.
 */
import type { Condition, ExampleResource, LeafCondition, Policy, ResourceCheck, ScopeCheck } from './policy.js';
import type { Assert, Same, SchemaType } from './schema-type.js';
import { RESPONSIBILITIES, SEVERITIES } from './vocabulary.js';

const condition = {
  $id: '#condition',
  type: 'object',
  oneOf: [
    { required: ['all'], properties: { all: { type: 'array', minItems: 1, items: { $ref: '#condition' } } }, additionalProperties: false },
    { required: ['any'], properties: { any: { type: 'array', minItems: 1, items: { $ref: '#condition' } } }, additionalProperties: false },
    { required: ['not'], properties: { not: { $ref: '#condition' } }, additionalProperties: false },
    {
      required: ['operator', 'value'],
      properties: {
        fact: { type: 'string', minLength: 1 },
        path: { type: 'string', pattern: '^\\$' },
        params: { type: 'object' },
        operator: { type: 'string', minLength: 1 },
        value: {},
      },
      additionalProperties: false,
    },
  ],
} as const;

const kindList = {
  oneOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
  ],
} as const;

const exampleResource = {
  type: 'object',
  required: ['kind'],
  properties: {
    kind: { type: 'string', minLength: 1 },
    address: { type: 'string' },
    values: { type: 'object' },
    unknown: { type: 'array', items: { type: 'string' } },
    sensitive: { type: 'array', items: { type: 'string' } },
    refs: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    unknownReasons: { type: 'object', additionalProperties: { type: 'string' } },
    change: { type: 'object', required: ['actions'], properties: { actions: { type: 'array', items: { type: 'string' } }, before: {} } },
    dataSource: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

const example = {
  oneOf: [
    exampleResource,
    {
      type: 'object',
      required: ['scan'],
      properties: { scan: { type: 'array', items: exampleResource }, params: { type: 'object' } },
      additionalProperties: false,
    },
  ],
} as const;

/** A check's `inconclusive`: when the check fails and `when` holds, the result is unknown with `message`. */
const inconclusive = {
  type: 'object',
  required: ['when', 'message'],
  additionalProperties: false,
  properties: { when: { $ref: '#condition' }, message: { type: 'string', minLength: 1 } },
} as const;

export const policySchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://onus.dev/schemas/policy.json',
  title: 'onus policy',
  type: 'object',
  required: ['id', 'title', 'responsibility', 'severity', 'remediation', 'checks'],
  additionalProperties: false,
  definitions: { condition },
  properties: {
    id: { type: 'string', pattern: '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$' },
    title: { type: 'string', minLength: 1 },
    responsibility: { enum: [...RESPONSIBILITIES] },
    severity: { enum: [...SEVERITIES] },
    optional: { type: 'boolean' },
    description: { type: 'string' },
    frameworks: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    remediation: { type: 'string', minLength: 1 },
    checks: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['kind'],
        if: { properties: { kind: { const: 'scope' } } },
        then: {
          required: ['kind', 'require'],
          additionalProperties: false,
          properties: {
            kind: { const: 'scope' },
            message: { type: 'string' },
            inconclusive,
            require: {
              type: 'object',
              required: ['kind', 'whenAny'],
              additionalProperties: false,
              properties: {
                kind: kindList,
                min: { type: 'integer', minimum: 1 },
                where: { $ref: '#condition' },
                whenAny: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
              },
            },
          },
        },
        else: {
          required: ['kind', 'assert'],
          additionalProperties: false,
          properties: {
            kind: kindList,
            when: { $ref: '#condition' },
            assert: { $ref: '#condition' },
            onUnknown: { enum: ['pass', 'fail', 'unknown'] },
            message: { type: 'string' },
            inconclusive,
            includeDeletes: { type: 'boolean' },
            forEach: {
              type: 'object',
              required: ['fact'],
              additionalProperties: false,
              properties: { fact: { enum: ['params', 'values', 'resource'] }, path: { type: 'string', pattern: '^\\$' }, as: { type: 'string', minLength: 1 } },
            },
          },
        },
      },
    },
    examples: {
      type: 'object',
      additionalProperties: false,
      properties: {
        pass: { type: 'array', items: example },
        fail: { type: 'array', items: example },
        unknown: { type: 'array', items: example },
      },
    },
  },
} as const;

// --- the Policy types and this schema describe the same documents -----------------
// `tsc` fails here when a field is added, renamed, made optional or retyped on one side only.
type Of<S> = SchemaType<S, Condition>;
type CheckSchema = (typeof policySchema)['properties']['checks']['items'];
type LeafSchema = (typeof condition)['oneOf'][3];

export type PolicySchemaMatchesTypes = [
  Assert<Same<Omit<Policy, 'file'>, Of<typeof policySchema>>>,
  Assert<Same<ResourceCheck, Of<CheckSchema['else']>>>,
  Assert<Same<ScopeCheck, Of<CheckSchema['then']>>>,
  Assert<Same<ScopeCheck['require'], Of<CheckSchema['then']['properties']['require']>>>,
  Assert<Same<NonNullable<ResourceCheck['forEach']>, Of<CheckSchema['else']['properties']['forEach']>>>,
  Assert<Same<ExampleResource, Of<typeof exampleResource>>>,
  // Outside a quantifier a leaf names its fact (the loader checks that; the schema cannot tell where it is).
  Assert<Same<LeafCondition, Of<LeafSchema> & { fact: string }>>,
  Assert<Same<Condition, Of<typeof condition>>>,
  // The check can fail: a field the schema lacks is drift.
  // @ts-expect-error -- `extra` is not in the schema
  Assert<Same<Omit<Policy, 'file'> & { extra?: string }, Of<typeof policySchema>>>,
];
