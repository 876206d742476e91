/**
 * Policies in plain words for `onus policies show`: the logic tree itself is
 * described in @onus/core (from the operators' phrases); here are the kinds
 * and parameters a policy uses, and a sentence per check from its message.
 */
import { isScopeCheck, type Check, type Policy } from '@onus/core';

export { describeCheck, describeCondition as conditionLines, describeValue } from '@onus/core';

/** Kinds of a check, as a list. */
export function checkKinds(check: Check): string[] {
  if (isScopeCheck(check)) return ([] as string[]).concat(check.require.kind);
  return ([] as string[]).concat(check.kind);
}

/** Names of the pack parameters a policy reads. */
export function paramsUsed(policy: Policy): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o['fact'] === 'params' && typeof o['path'] === 'string') {
      const name = /^\$\.?([A-Za-z_][\w]*)/.exec(o['path'])?.[1] ?? /^\$\[["']([^"']+)["']\]/.exec(o['path'])?.[1];
      if (name) found.add(name);
    }
    for (const key of Object.keys(o)) visit(o[key]);
  };
  visit(policy.checks);
  return [...found].sort();
}

/** One sentence per check, grouped by the kinds it applies to: `k8s:Service` -> `fails when it is a LoadBalancer ...`. */
export function checkSummaries(policy: Policy): { on: string; sentences: string[] }[] {
  const out: { on: string; sentences: string[] }[] = [];
  for (const check of policy.checks) {
    const on = isScopeCheck(check) ? `the whole scan (when it holds ${check.require.whenAny.join(', ')})` : checkKinds(check).join(', ');
    const sentence = failureSentence(check);
    const entry = out.find((e) => e.on === on);
    if (!entry) out.push({ on, sentences: [sentence] });
    else if (!entry.sentences.includes(sentence)) entry.sentences.push(sentence);
  }
  return out;
}

/** A check's failure message as a condition: `{address} has no X ({path})` -> `fails when it has no X`. */
function failureSentence(check: Check): string {
  const message = check.message;
  if (!message) return isScopeCheck(check) ? `fails when the scan holds no ${([] as string[]).concat(check.require.kind).join(' or ')} that qualifies` : 'fails when its assertion does not hold';
  const text = message
    .replace(/^\(scan\):\s*/, '')
    .replace(/\s*\([^()]*\{(?:path|value|item)\}[^()]*\)/g, '')
    .replace(/^\{address\}:\s*/, '')
    .replace(/\{address\}/g, 'it')
    .replace(/\{kind\}/g, 'the resource')
    .replace(/:\s*\{path\}\s*=\s*\{value\}\s*$/, '')
    .replace(/\{(?:path|value|item)\}/g, '…')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.:;,]$/, '');
  return `fails when ${text}`;
}
