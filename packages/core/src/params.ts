/**
 * Pack parameters: the user's values over the pack's defaults, validated
 * against the pack's parameter schema, with errors that name the parameter.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Pack } from './pack.js';
import { schemaProblem } from './schema-errors.js';

export interface ParamError {
  /** JSON pointer inside the params object (`/maxNodes`). */
  pointer: string;
  message: string;
}

/**
 * How a user's parameter values are validated. validateSchema off: checking a pack's schema
 * against the draft-07 meta-schema compiles that meta-schema, the larger part of start-up.
 * A pack compiled ahead of time (@onus/rules) generates its validators with these options.
 */
export const PARAMS_AJV_OPTIONS = { allErrors: true, strict: false, useDefaults: false, validateSchema: false } as const;

// Made when a parameter without a precompiled validator is first set: a scan with the defaults needs none.
let ajvInstance: Ajv | undefined;
const ajv = (): Ajv => (ajvInstance ??= new Ajv(PARAMS_AJV_OPTIONS));
const compiled = new WeakMap<object, ValidateFunction>();

/** A validator compiled ahead of time for exactly this schema object (ajv standalone code, compiled with PARAMS_AJV_OPTIONS). */
export function registerParamValidator(schema: object, validate: ValidateFunction): void {
  compiled.set(schema, validate);
}

function validatorOf(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv().compile(schema)));
  return validate;
}

/**
 * Merge overrides over the pack's defaults and validate the result. Only what
 * the caller set is checked, and only its part of the schema is compiled: a
 * pack's defaults are its author's (@onus/rules checks its own when the pack
 * is compiled; pass the defaults as overrides to check them).
 */
export function resolveParams(pack: Pack, overrides: Record<string, unknown> = {}): { params: Record<string, unknown>; errors: ParamError[] } {
  const params = { ...pack.params, ...overrides };
  const schema = pack.paramsSchema;
  if (!schema || Object.keys(overrides).length === 0) return { params, errors: [] };
  const wording = { unknownField: () => 'is not a parameter of this pack' };
  const found: { pointer: string; message: string }[] = [];
  const properties = schema['properties'] as Record<string, object> | undefined;
  if (isClosedObjectSchema(schema) && properties) {
    // The usual shape (an object of named parameters, nothing else): each value against its own
    // schema, unknown names first (the order the whole schema reports them in).
    const pointer = (key: string) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const keys = Object.keys(overrides);
    for (const key of keys) if (!Object.hasOwn(properties, key)) found.push({ pointer: pointer(key), message: wording.unknownField() });
    for (const key of Object.keys(properties).filter((k) => Object.hasOwn(overrides, k))) {
      const validate = validatorOf(properties[key]!);
      if (!validate(overrides[key])) for (const e of validate.errors ?? []) found.push(schemaProblem({ ...e, instancePath: `${pointer(key)}${e.instancePath}` } as ErrorObject, wording));
    }
  } else {
    const validate = validatorOf(schema);
    if (!validate(params)) for (const e of validate.errors ?? []) found.push(schemaProblem(e, wording));
  }
  return { params, errors: found.map(({ pointer, message }) => ({ pointer, message: `params${pointer.replace(/\//g, '.')} ${message}` })) };
}

/** `{ type: object, additionalProperties: false, properties }` and no other keyword that constrains the whole object. */
function isClosedObjectSchema(schema: Record<string, unknown>): boolean {
  const allowed = new Set(['type', 'additionalProperties', 'properties', 'description', 'title', '$schema', '$id']);
  return schema['type'] === 'object' && schema['additionalProperties'] === false && Object.keys(schema).every((k) => allowed.has(k));
}
