/**
 * The policy lock: each policy's digest at the pack version that recorded
 * it. A policy whose digest changed while the pack version did not is a
 * change without a version bump; the test in test/versioning.test.ts says so.
 */
import { policyDigest, type Pack } from '@onus/core';

export interface PolicyLock {
  version: string;
  policies: Record<string, string>;
}

export function makeLock(pack: Pack): PolicyLock {
  const policies: Record<string, string> = {};
  for (const p of [...pack.policies].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))) policies[p.id] = policyDigest(p);
  return { version: pack.version, policies };
}

/** Ids added, removed or changed since the lock. */
export function lockChanges(lock: PolicyLock, pack: Pack): { added: string[]; removed: string[]; changed: string[] } {
  const now = makeLock(pack).policies;
  return {
    added: Object.keys(now).filter((id) => !(id in lock.policies)),
    removed: Object.keys(lock.policies).filter((id) => !(id in now)),
    changed: Object.keys(now).filter((id) => id in lock.policies && lock.policies[id] !== now[id]),
  };
}
