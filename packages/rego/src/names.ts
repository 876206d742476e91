/** Entrypoint names: one spelling for the several OPA accepts. Imports nothing. */

/** `rules.deny` and `data.rules.deny` name the same entrypoint as `rules/deny`. */
export function entrypointName(name: string): string {
  return name.replace(/^data[./]/, '').replace(/\./g, '/');
}
