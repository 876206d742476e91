/**
 * The built-in pack, with a clear error if the pack itself is broken (a bug in onus).
 */
import type { Pack } from '@onus/core';
import { loadDefaultPack, PackError } from '@onus/rules';

/** The default pack, with a clear error if the pack itself is broken (a bug in onus). */
export function defaultPack(): Pack {
  try {
    return loadDefaultPack();
  } catch (err) {
    if (err instanceof PackError) {
      const first = err.errors[0]!;
      throw new Error(`the built-in pack is invalid (${first.file}${first.line ? `:${first.line}` : ''}: ${first.message})`);
    }
    throw err;
  }
}

