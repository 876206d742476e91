/**
 * Decoding of JSON documents embedded in string values, as cloud exports
 * write them: AWS Config `configuration` / `supplementaryConfiguration`
 * (JSON-encoded strings) and IAM policy documents (URL-encoded JSON).
 * A string is decoded only when it parses as a JSON object or array that
 * passes the same safety checks as a whole input; otherwise it is kept as is.
 */
import { MAX_DEPTH } from './errors.js';
import { findUnsafe, isRecord, setOwn, type JsonObject } from './json.js';

/**
 * Decode a string holding a JSON object/array, plain or URL-encoded
 * (`%7B%22Version%22...`). Returns undefined when it is anything else.
 * `maxDepth` bounds the nesting of the decoded value.
 */
export function decodeEmbedded(text: string, maxDepth: number = MAX_DEPTH): object | undefined {
  let candidate = text.trim();
  if (/^%(7b|5b)/i.test(candidate)) {
    try {
      candidate = decodeURIComponent(candidate.replace(/\+/g, '%20'));
    } catch {
      return undefined;
    }
  }
  const first = candidate[0];
  if (first !== '{' && first !== '[') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(candidate);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (maxDepth < 1 || findUnsafe(value, maxDepth)) return undefined;
  return value;
}

/**
 * Copy a value, decoding every string inside it that holds a JSON object or
 * array (and strings inside those, to a total depth of MAX_DEPTH). The input
 * has passed `findUnsafe`, so the recursion is bounded.
 */
export function decodeStringsDeep(value: unknown, depth = 1): unknown {
  if (typeof value === 'string') {
    const decoded = decodeEmbedded(value, MAX_DEPTH - depth);
    return decoded === undefined ? value : decodeStringsDeep(decoded, depth);
  }
  if (depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => decodeStringsDeep(item, depth + 1));
  if (isRecord(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) setOwn(out, key, decodeStringsDeep(value[key], depth + 1));
    return out;
  }
  return value;
}

/**
 * Copy a value, decoding only the string values of keys that `isDocumentKey`
 * accepts (IAM policy documents), anywhere inside it.
 */
export function decodeKeysDeep(value: unknown, isDocumentKey: (key: string) => boolean, depth = 1): unknown {
  if (depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => decodeKeysDeep(item, isDocumentKey, depth + 1));
  if (!isRecord(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (typeof item === 'string' && isDocumentKey(key)) {
      const decoded = decodeEmbedded(item, MAX_DEPTH - depth);
      setOwn(out, key, decoded ?? item);
    } else {
      setOwn(out, key, decodeKeysDeep(item, isDocumentKey, depth + 1));
    }
  }
  return out;
}
