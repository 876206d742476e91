/**
 * Problems: what loading a Rego source returns instead of throwing. One
 * constructor for the `InputError` shape core reports, the hints shared by
 * several loaders, and the limits every loader enforces. Imports only core types.
 */
import type { InputError } from '@onus/core';

/** Largest `.wasm` module, bundle member, or data file read (declared size, checked before reading). */
export const MAX_MEMBER_BYTES = 64 * 1024 * 1024;
/** Largest `bundle.tar.gz` on disk, and largest total of its uncompressed members. */
export const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

export const HINT = {
  build: 'rebuild it with `opa build -t wasm -e <package>/<rule> <policy dir>` and point onus at the policy.wasm or bundle.tar.gz it writes',
  rebuildBundle: 'rebuild the bundle with `opa build -t wasm -e <package>/<rule> ...`: it never writes such members',
  entrypoints: 'list the entrypoints to run under `entrypoints:` (names as `opa build -e` takes them, e.g. `rules/deny`)',
  data: 'give a JSON or YAML file whose top level is an object: it becomes `data` for the policy',
} as const;

/** Build one problem for a file. */
export function problem(file: string, message: string, hint: string, pointer?: string): InputError {
  return pointer === undefined ? { file, message, hint } : { file, pointer, message, hint };
}

/** The text of anything thrown: the SDK throws strings, `{message}` objects and Errors. */
export function thrownMessage(thrown: unknown): string {
  if (typeof thrown === 'string') return thrown;
  if (thrown instanceof Error) return thrown.message;
  if (thrown !== null && typeof thrown === 'object' && typeof (thrown as { message?: unknown }).message === 'string') {
    return (thrown as { message: string }).message;
  }
  return String(thrown);
}

/** Sizes for messages: `1.0 GiB`, `64 MiB`, `512 bytes`. */
export function bytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${Math.round(n / 1024 ** 2)} MiB`;
  return `${n} bytes`;
}
