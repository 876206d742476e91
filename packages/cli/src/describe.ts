/**
 * Policies in plain words for `onus policies show`: the describing itself
 * lives in @onus/core (from the operators' phrases); here are the kinds and
 * parameters a policy uses.
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
