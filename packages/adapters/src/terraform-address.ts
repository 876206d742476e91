/**
 * Terraform addresses and references as text: splitting
 * `module.a["x.y"].module.b.aws_instance.web[0]` into steps, parsing resource
 * instance addresses, and formatting instance keys the way Terraform prints
 * them (`[0]`, `["a.b"]`).
 */

/** One piece of an address: a name (`module`, `aws_instance`, `arn`) or an instance key. */
export type AddressPart = { name: string } | { key: string | number };

/** A module call step of an instance address; `key` is its count/for_each key, if any. */
export interface ModuleStep {
  name: string;
  key?: string | number;
}

/** A parsed resource instance address. */
export interface InstanceAddress {
  modules: ModuleStep[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
  key?: string | number;
}

/** Split an address or reference into names and keys; undefined when it is not well formed. */
export function splitAddress(text: string): AddressPart[] | undefined {
  const parts: AddressPart[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '[') {
      i++;
      if (text[i] === '"') {
        let key = '';
        i++;
        while (i < n && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < n) i++;
          key += text[i];
          i++;
        }
        if (text[i] !== '"' || text[i + 1] !== ']') return undefined;
        parts.push({ key });
        i += 2;
      } else {
        const start = i;
        while (i < n && text[i] !== ']') i++;
        const raw = text.slice(start, i);
        if (text[i] !== ']' || !/^\d+$/.test(raw)) return undefined;
        parts.push({ key: Number(raw) });
        i++;
      }
    } else {
      if (c === '.') {
        if (parts.length === 0) return undefined;
        i++;
      }
      const start = i;
      while (i < n && text[i] !== '.' && text[i] !== '[') i++;
      if (i === start) return undefined;
      parts.push({ name: text.slice(start, i) });
    }
  }
  return parts;
}

function nameAt(parts: AddressPart[], i: number): string | undefined {
  const p = parts[i];
  return p && 'name' in p ? p.name : undefined;
}

function keyAt(parts: AddressPart[], i: number): string | number | undefined {
  const p = parts[i];
  return p && 'key' in p ? p.key : undefined;
}

/**
 * Read the module steps at the start of `parts` (`module.a[0].module.b`).
 * Returns the steps and the index of the first part after them.
 */
export function readModuleSteps(parts: AddressPart[], from = 0): { modules: ModuleStep[]; next: number } {
  const modules: ModuleStep[] = [];
  let i = from;
  while (nameAt(parts, i) === 'module' && nameAt(parts, i + 1) !== undefined) {
    const step: ModuleStep = { name: nameAt(parts, i + 1) as string };
    i += 2;
    const key = keyAt(parts, i);
    if (key !== undefined) {
      step.key = key;
      i++;
    }
    modules.push(step);
  }
  return { modules, next: i };
}

/** A name of an address as the quick path reads it: no dot, bracket, quote or backslash. */
const NAME = String.raw`[^.[\]"\\]+`;
/** An instance key as the quick path reads it: digits, or a quoted string without escapes (captured: digits, string). */
const KEY = String.raw`\[(?:(\d+)|"([^"\\]*)")\]`;
/** The same, captured nothing. */
const ANY_KEY = String.raw`\[(?:\d+|"[^"\\]*")\]`;
/**
 * The common shape of an instance address, read in one match: module steps,
 * `data.`, type, name, key. Captures: the module steps (one text), `data`,
 * type, name, number key, string key.
 */
const PLAIN_INSTANCE = new RegExp(String.raw`^((?:module\.${NAME}(?:${ANY_KEY})?\.)*)(?:(data)\.)?(${NAME})\.(${NAME})(?:${KEY})?$`);
/** One module step of the captured steps (captures: name, number key, string key). */
const MODULE_STEP = new RegExp(String.raw`module\.(${NAME})(?:${KEY})?\.`, 'y');

/**
 * Parse a resource instance address such as
 * `module.x.data.aws_iam_policy_document.p["k"]`. Most addresses have the
 * plain shape that one regular expression reads (a plan of 10,000 resources
 * has 10,000 of them); the others (escapes in keys, odd names, malformed
 * text) go through the reader of any address, which gives the same answer
 * for the plain ones (a test compares the two).
 */
export function parseInstanceAddress(address: string): InstanceAddress | undefined {
  const m = PLAIN_INSTANCE.exec(address);
  // A type named `module` is a step the regular expression gave back: the full reader decides.
  if (!m || m[3] === 'module') return parseAnyInstanceAddress(address);
  const modules: ModuleStep[] = [];
  if (m[1]) {
    MODULE_STEP.lastIndex = 0;
    for (let s = MODULE_STEP.exec(m[1]); s; s = MODULE_STEP.exec(m[1])) {
      const step: ModuleStep = { name: s[1]! };
      const key = keyOf(s[2], s[3]);
      if (key !== undefined) step.key = key;
      modules.push(step);
    }
  }
  const out: InstanceAddress = { modules, mode: m[2] ? 'data' : 'managed', type: m[3]!, name: m[4]! };
  const key = keyOf(m[5], m[6]);
  if (key !== undefined) out.key = key;
  return out;
}

/** The key of captured digits or string. */
function keyOf(digits: string | undefined, text: string | undefined): string | number | undefined {
  return digits !== undefined ? Number(digits) : text;
}

/** Parse any instance address, part by part (see parseInstanceAddress). */
export function parseAnyInstanceAddress(address: string): InstanceAddress | undefined {
  const parts = splitAddress(address);
  if (!parts) return undefined;
  const { modules, next } = readModuleSteps(parts);
  let i = next;
  let mode: 'managed' | 'data' = 'managed';
  if (nameAt(parts, i) === 'data' && nameAt(parts, i + 1) !== undefined && nameAt(parts, i + 2) !== undefined) {
    mode = 'data';
    i++;
  }
  const type = nameAt(parts, i);
  const name = nameAt(parts, i + 1);
  if (type === undefined || name === undefined) return undefined;
  i += 2;
  const out: InstanceAddress = { modules, mode, type, name };
  const key = keyAt(parts, i);
  if (key !== undefined) {
    out.key = key;
    i++;
  }
  return i === parts.length ? out : undefined;
}

/** Terraform's spelling of an instance key: `[0]`, `["a.b"]`. */
export function formatKey(key: string | number): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** `module.a[0].module.b` for module steps (keys omitted where `withKeys` says so). */
export function formatModules(modules: readonly ModuleStep[], withKeys: (i: number) => boolean = () => true): string {
  return modules.map((m, i) => `module.${m.name}${m.key !== undefined && withKeys(i) ? formatKey(m.key) : ''}`).join('.');
}

/** The address of a resource in configuration terms: module names without keys, then `[data.]type.name`. */
export function configAddress(modules: readonly { name: string }[], mode: string, type: string, name: string): string {
  const prefix = modules.map((m) => `module.${m.name}.`).join('');
  return `${prefix}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
}
