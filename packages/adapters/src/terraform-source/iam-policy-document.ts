/**
 * `data "aws_iam_policy_document"` rendered as the AWS provider renders its
 * `json` attribute: `Version`, optional `Id`, and `Statement` with `Sid`,
 * `Effect`, `Action`/`NotAction`, `Resource`/`NotResource`,
 * `Principal`/`NotPrincipal`, `Condition`; one-element lists as strings;
 * `&{...}` as `${...}`; `source_policy_documents` and
 * `override_policy_documents` merged by `Sid`. Input is the data source's
 * evaluated values (blocks as lists of objects); undefined when a part is
 * not known. Imports ./values.ts.
 */
import { firstUnknown, isObject } from './values.js';

type Json = Record<string, unknown>;

function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = value.filter((v): v is string => typeof v === 'string').map((s) => s.replace(/&\{/g, '${'));
  return [...new Set(out)].sort();
}

/** One string for a one-element list, else the list (the provider's rendering). */
function oneOrMany(list: string[]): string | string[] {
  return list.length === 1 ? (list[0] as string) : list;
}

function principals(blocks: unknown): unknown {
  if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
  const byType = new Map<string, string[]>();
  for (const b of blocks) {
    if (!isObject(b) || typeof b.type !== 'string') continue;
    byType.set(b.type, [...(byType.get(b.type) ?? []), ...(strings(b.identifiers) ?? [])]);
  }
  if (byType.size === 1 && byType.has('*')) return '*';
  const out: Json = {};
  for (const type of [...byType.keys()].sort()) out[type] = oneOrMany([...new Set(byType.get(type))].sort());
  return out;
}

function conditions(blocks: unknown): Json | undefined {
  if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
  const out: Record<string, Json> = {};
  for (const b of blocks) {
    if (!isObject(b) || typeof b.test !== 'string' || typeof b.variable !== 'string') continue;
    const test = (out[b.test] ??= {});
    const existing = test[b.variable];
    const values = [...(Array.isArray(existing) ? existing : existing === undefined ? [] : [existing]), ...(strings(b.values) ?? [])] as string[];
    test[b.variable] = oneOrMany([...new Set(values)].sort());
  }
  return out;
}

function statement(block: Json): Json {
  const out: Json = {};
  if (typeof block.sid === 'string' && block.sid !== '') out.Sid = block.sid;
  out.Effect = typeof block.effect === 'string' && block.effect !== '' ? block.effect : 'Allow';
  const lists: [string, string][] = [
    ['actions', 'Action'],
    ['not_actions', 'NotAction'],
    ['resources', 'Resource'],
    ['not_resources', 'NotResource'],
  ];
  for (const [from, to] of lists) {
    const list = strings(block[from]);
    if (list && list.length > 0) out[to] = oneOrMany(list);
  }
  const principal = principals(block.principals);
  if (principal !== undefined) out.Principal = principal;
  const notPrincipal = principals(block.not_principals);
  if (notPrincipal !== undefined) out.NotPrincipal = notPrincipal;
  const condition = conditions(block.condition);
  if (condition !== undefined) out.Condition = condition;
  return out;
}

function statementsOf(documents: unknown): Json[] {
  const out: Json[] = [];
  if (!Array.isArray(documents)) return out;
  for (const text of documents) {
    if (typeof text !== 'string' || text === '') continue;
    try {
      const doc = JSON.parse(text) as unknown;
      const list = isObject(doc) ? doc.Statement : undefined;
      for (const s of Array.isArray(list) ? list : isObject(list) ? [list] : []) if (isObject(s)) out.push(s);
    } catch {
      // A document that is not JSON is left out, as the provider would reject it at plan time.
    }
  }
  return out;
}

/** Merge statements by Sid: a later statement with the same Sid replaces the earlier one. */
function mergeBySid(base: Json[], overrides: Json[]): Json[] {
  const out = [...base];
  for (const s of overrides) {
    const i = typeof s.Sid === 'string' ? out.findIndex((o) => o.Sid === s.Sid) : -1;
    if (i >= 0) out[i] = s;
    else out.push(s);
  }
  return out;
}

/** The policy JSON text, or undefined when a value it needs is not known. */
export function renderPolicyDocument(values: Record<string, unknown>): string | undefined {
  if (firstUnknown(values)) return undefined;
  const own = (Array.isArray(values.statement) ? values.statement : []).filter(isObject).map(statement);
  let statements = mergeBySid(statementsOf(values.source_policy_documents), own);
  statements = mergeBySid(statements, statementsOf(values.override_policy_documents));
  const doc: Json = { Version: typeof values.version === 'string' && values.version !== '' ? values.version : '2012-10-17' };
  if (typeof values.policy_id === 'string' && values.policy_id !== '') doc.Id = values.policy_id;
  doc.Statement = statements;
  return JSON.stringify(doc, null, 2);
}
