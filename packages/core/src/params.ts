/**
 * Pack parameters: the user's values over the pack's defaults, validated
 * against the pack's parameter schema, with errors that name the parameter.
 */
import { Ajv } from 'ajv';
import type { Pack } from './pack.js';
import { schemaProblem } from './schema-errors.js';

export interface ParamError {
  /** JSON pointer inside the params object (`/maxNodes`). */
  pointer: string;
  message: string;
}

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });
const compiled = new WeakMap<object, ReturnType<Ajv['compile']>>();

/** Merge overrides over the pack's defaults and validate the result. */
export function resolveParams(pack: Pack, overrides: Record<string, unknown> = {}): { params: Record<string, unknown>; errors: ParamError[] } {
  const params = { ...pack.params, ...overrides };
  if (!pack.paramsSchema) return { params, errors: [] };
  let validate = compiled.get(pack.paramsSchema);
  if (!validate) compiled.set(pack.paramsSchema, (validate = ajv.compile(pack.paramsSchema)));
  if (validate(params)) return { params, errors: [] };
  const errors = (validate.errors ?? []).map((e) => {
    const { pointer, message } = schemaProblem(e, { unknownField: () => 'is not a parameter of this pack' });
    return { pointer, message: `params${pointer.replace(/\//g, '.')} ${message}` };
  });
  return { params, errors };
}
