/**
 * ajv errors as problems people can act on: the JSON pointer of the bad
 * field and one sentence saying what is wrong. Shared by policies, pack
 * params and (later) the config. Imports ajv's types only.
 */
import type { ErrorObject } from 'ajv';

/** A problem in a file: which file, where (JSON pointer, and line when known) and what. */
export interface Problem {
  file: string;
  /** JSON pointer of the bad field (`/checks/0/assert/all/1/operator`); `''` for the whole document. */
  pointer: string;
  line?: number;
  message: string;
}

export interface SchemaErrorWording {
  /** What to say about a field the schema does not know (default: unknown field, check its spelling). */
  unknownField?: (name: string) => string;
}

/** One ajv error as a pointer and a sentence (without the pointer). */
export function schemaProblem(e: ErrorObject, wording: SchemaErrorWording = {}): { pointer: string; message: string } {
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      return { pointer: `${e.instancePath}/${prop}`, message: wording.unknownField?.(prop) ?? `unknown field "${prop}"; remove it or check its spelling` };
    }
    case 'required':
      return { pointer: e.instancePath, message: `missing required field "${(e.params as { missingProperty: string }).missingProperty}"` };
    case 'enum':
      return { pointer: e.instancePath, message: `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
    default:
      return { pointer: e.instancePath, message: e.message ?? 'is not valid' };
  }
}

/** The deepest error: with oneOf/anyOf, the branch that got furthest is the one the author meant. */
export function mostSpecificError(errors: readonly ErrorObject[]): ErrorObject {
  const useful = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  return [...(useful.length ? useful : errors)].sort((a, b) => depth(b) - depth(a))[0]!;
}

function depth(e: ErrorObject): number {
  return e.instancePath.split('/').length * 10 + (e.keyword === 'required' || e.keyword === 'additionalProperties' || e.keyword === 'enum' ? 1 : 0);
}
