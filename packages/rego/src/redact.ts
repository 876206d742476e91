/**
 * Keeping sensitive values out of what Rego returns. Policies see the real
 * values (they must, to judge them), but their messages are printed: every
 * value at a path a resource marks sensitive is replaced by `[sensitive]` in
 * the message texts of its findings. Imports core path helpers only.
 */
import { REDACTED, WILDCARD, parsePath, type Resource } from '@onus/core';

/** Shorter values are left alone: replacing every `on` or `1` in a message would garble it and hide no secret. */
const MIN_SECRET_LENGTH = 4;

/** The sensitive scalar values of some resources as strings, longest first. */
export function sensitiveValues(resources: Iterable<Resource>): string[] {
  const found = new Set<string>();
  for (const r of resources) {
    for (const path of r.sensitive) {
      for (const v of valuesAt(r.values, path)) collectScalars(v, found);
    }
  }
  return [...found].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** Replace each sensitive value in a text. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

function valuesAt(root: unknown, path: string): unknown[] {
  let level: unknown[] = [root];
  let segments;
  try {
    segments = path === '' ? [] : parsePath(path);
  } catch {
    return [root]; // a path onus cannot read: treat the whole resource as sensitive
  }
  for (const s of segments) {
    const next: unknown[] = [];
    for (const v of level) {
      if (v === null || typeof v !== 'object') continue;
      if (s === WILDCARD) next.push(...Object.values(v));
      else if (Object.prototype.hasOwnProperty.call(v, s)) next.push((v as Record<string | number, unknown>)[s]);
    }
    level = next;
  }
  return level;
}

function collectScalars(v: unknown, into: Set<string>): void {
  const stack = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x === 'string' || typeof x === 'number') into.add(String(x));
    else if (x !== null && typeof x === 'object') stack.push(...Object.values(x));
  }
}
