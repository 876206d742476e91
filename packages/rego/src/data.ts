/**
 * `data` documents for policies: parsing a JSON or YAML data file (a bundle's
 * `data.json`, or the data file a Rego source names), and merging documents
 * at their place in the data tree the way OPA bundles do. Imports `yaml` and
 * ./problems.ts.
 */
import type { InputError } from '@onus/core';
import { parse as parseYaml } from 'yaml';
import { HINT, problem, thrownMessage } from './problems.js';

export type DataDocument = Record<string, unknown>;

const isObject = (v: unknown): v is DataDocument => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Parse a data file's text: JSON when the name says so, YAML (a superset) otherwise. The top level must be an object. */
export function parseData(text: string, file: string): { data: DataDocument } | { problem: InputError } {
  let value: unknown;
  try {
    value = /\.json$/i.test(file) ? JSON.parse(stripBom(text)) : parseYaml(stripBom(text), { maxAliasCount: 100, uniqueKeys: true });
  } catch (thrown) {
    return { problem: problem(file, `is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${thrownMessage(thrown)}`, HINT.data) };
  }
  if (value === undefined || value === null) return { data: {} };
  if (!isObject(value)) return { problem: problem(file, `holds ${Array.isArray(value) ? 'an array' : `a ${typeof value}`} at the top level, not an object`, HINT.data) };
  if (hasProtoKey(value)) return { problem: problem(file, 'has a `__proto__` key', 'remove the `__proto__` key: onus refuses it so that no input can change object prototypes') };
  return { data: value };
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function hasProtoKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (!Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, '__proto__')) return true;
    stack.push(...Object.values(v));
  }
  return false;
}

/**
 * Merge `doc` into `into` below `path` (`['a','b']` for `/a/b/data.json`).
 * Objects merge key by key; any other value meeting a value already there is a
 * conflict (OPA refuses such bundles too), named by its data path.
 */
export function mergeData(into: DataDocument, path: readonly string[], doc: DataDocument, override = false): string | undefined {
  let node = into;
  for (const [i, key] of path.entries()) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (!isObject(next)) return `data.${path.slice(0, i + 1).join('.')}`;
    node = node[key] as DataDocument;
  }
  return mergeObjects(node, doc, ['data', ...path], override);
}

function mergeObjects(into: DataDocument, doc: DataDocument, at: string[], override: boolean): string | undefined {
  for (const [key, value] of Object.entries(doc)) {
    const here = into[key];
    if (here === undefined) into[key] = value;
    else if (isObject(here) && isObject(value)) {
      const conflict = mergeObjects(here, value, [...at, key], override);
      if (conflict) return conflict;
    } else if (override) into[key] = value;
    else return [...at, key].join('.');
  }
  return undefined;
}
