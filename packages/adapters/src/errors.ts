/**
 * Input errors: the limits every adapter enforces and one constructor for the
 * `InputError`s they return instead of throwing. Every error text and hint an
 * adapter can produce is built here or next to its check, and listed in the
 * package README.
 */
import type { AdapterResult, InputError } from '@onus/core';

/** Deepest nesting accepted in any input (objects + arrays, the root counts as 1). */
export const MAX_DEPTH = 256;

/** Most YAML alias expansions accepted per document (the `yaml` library's `maxAliasCount`). */
export const MAX_YAML_ALIASES = 100;

/** The file name used when a caller does not give one. */
export const DEFAULT_FILE = '<input>';

/** Where in the input an error is: a 1-based line and/or a JSON pointer. */
export interface ErrorPlace {
  line?: number;
  pointer?: string;
}

/** Build an `InputError`, leaving out the place fields that are unknown. */
export function inputError(file: string, message: string, hint: string, place: ErrorPlace = {}): InputError {
  const error: InputError = { file, message, hint };
  if (place.line !== undefined) error.line = place.line;
  if (place.pointer !== undefined) error.pointer = place.pointer;
  return error;
}

/** Hints shared by several adapters. */
export const HINT = {
  regenerate:
    'regenerate the file with the tool that writes it (e.g. `terraform show -json PLAN > plan.json`) and check it was written completely',
  binaryPlan: 'onus reads the JSON form of a plan: scan the plan.json that command writes',
  empty: 'the file has no content: check the command that wrote it',
  proto: 'remove the `__proto__` key: onus refuses it so that no input can change object prototypes',
  depth: `no real plan, manifest or export nests this deep: check how the file was generated`,
  planShape: 'the file is not valid `terraform show -json` output: regenerate it with `terraform show -json PLAN > plan.json`',
} as const;

/** Name the JSON type of a value for messages: `array`, `null`, `object`, `string`, ... */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * A file that onus ships and reads at run time (the Terraform parser's
 * WebAssembly, beside the bundle) cannot be read: the installation is
 * incomplete, which is no fault of the input and no bug to report.
 */
export class IncompleteInstall extends Error {
  override name = 'IncompleteInstall';
}

/**
 * Run an adapter body so that nothing escapes as an exception: an unexpected
 * throw (a bug, not bad input) becomes one error for the file.
 */
export function guard(format: string, file: string, body: () => AdapterResult): AdapterResult {
  try {
    return body();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      format,
      resources: [],
      errors: [
        error instanceof IncompleteInstall
          ? inputError(file, `cannot read this input: ${message}`, 'reinstall onus: this installation lacks a file it ships with')
          : inputError(file, `internal error while reading this input: ${message}`, 'this is a bug in onus: please report it with the input that caused it'),
      ],
    };
  }
}
