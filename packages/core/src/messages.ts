/**
 * Finding messages: the placeholders a check's `message` may use, how they
 * are filled, and the load-time check that a template names only fields a
 * finding has. One list, so the loader and the renderer cannot disagree.
 * Imports ./results.ts types only.
 */
import type { Evidence } from './results.js';
import { relativePath } from './paths.js';

/** Placeholders of a resource check's message, and what they become. */
export const MESSAGE_FIELDS = {
  address: 'the resource address',
  kind: 'the resource kind',
  path: 'the path that decided the verdict, written from the object (`spec.type`)',
  value: 'the value found there ("[sensitive]" when sensitive, "(not set)" when absent)',
  item: 'the item, in a check with forEach',
} as const;
export type MessageField = keyof typeof MESSAGE_FIELDS;

/** A placeholder: `{name}` with a name that could be a field (`{}` and `{"a": 1}` are plain text). */
const PLACEHOLDER = /\{([A-Za-z_][\w.-]*)\}/g;

/** The placeholders used in a template, in order. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Fill `{address}`, `{kind}`, `{path}`, `{value}` (already redacted when sensitive) and `{item}`. */
export function fillMessage(template: string, address: string, kind: string, evidence: Evidence | undefined, item?: string): string {
  return template.replace(/\{(address|kind|path|value|item)\}/g, (_, name: MessageField) => {
    if (name === 'address') return address;
    if (name === 'kind') return kind;
    if (name === 'path') return evidence ? relativePath(evidence.path) : '';
    if (name === 'item') return item ?? '';
    const v = evidence?.value;
    return v === undefined ? '(not set)' : typeof v === 'string' ? v : JSON.stringify(v);
  });
}

/**
 * The fields a message may name: a scope check's finding is about the scan
 * (`(scan)`, kind `scope`) with no deciding path; `{item}` needs `forEach`.
 */
export function messageFields(check: { scope: boolean; forEach: boolean }): MessageField[] {
  if (check.scope) return ['address', 'kind'];
  return check.forEach ? ['address', 'kind', 'path', 'value', 'item'] : ['address', 'kind', 'path', 'value'];
}

/** Why a template names a field it cannot have, or undefined when it is fine. */
export function unknownPlaceholder(template: string, allowed: readonly string[]): string | undefined {
  for (const name of placeholders(template)) {
    if (allowed.includes(name)) continue;
    const all = Object.keys(MESSAGE_FIELDS);
    const why = all.includes(name) ? `{${name}} is not known here` : `unknown placeholder {${name}}`;
    return `${why}; this message can use ${allowed.map((f) => `{${f}}`).join(', ')}`;
  }
  return undefined;
}
