/**
 * Waivers: accepted exceptions. A waiver names a policy and a resource glob,
 * carries a reason, and may expire. It turns a `fail` or `unknown` finding
 * into `waived`; past its date it stops waiving and is reported as expired; a
 * waiver that matches no failing or unknown finding is reported as stale.
 * Kubernetes resources can carry `onus.dev/waive: "<ID>: <reason>"`;
 * comment directives are read by inline-waivers.ts.
 */
import type { Resource } from './facts.js';
import { globToRegExp } from './glob.js';
import type { WaiverNote } from './report.js';
import type { Finding } from './results.js';

export interface Waiver {
  /** Policy id (`DSR-NET-04`); `*` for any. */
  policy: string;
  /** Resource address glob: `*` matches any run of characters, `?` one; all else is literal. */
  resource: string;
  reason: string;
  /** Last day it waives, `YYYY-MM-DD`. */
  expires?: string;
  owner?: string;
  /** Where it was declared (config file path, or `file:line` of an inline directive). */
  source?: string;
  /**
   * Waivers with the same group are one declaration (an inline directive on a
   * block with several instances): reported stale only when none of them
   * waived anything, and expired once.
   */
  group?: string;
}

export const WAIVE_ANNOTATION = 'onus.dev/waive';

export interface WaiverOutcome {
  findings: Finding[];
  stale: WaiverNote[];
  expired: WaiverNote[];
}

/** Waivers declared on Kubernetes resources with the `onus.dev/waive` annotation (one per line). */
export function annotationWaivers(resources: readonly Resource[]): Waiver[] {
  const out: Waiver[] = [];
  for (const r of resources) {
    if (!r.kind.startsWith('k8s:')) continue;
    const annotations = (r.values['metadata'] as { annotations?: Record<string, unknown> } | undefined)?.annotations;
    const text = annotations?.[WAIVE_ANNOTATION];
    if (typeof text !== 'string') continue;
    for (const line of text.split(/\n|;/)) {
      const m = /^\s*([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+|rego:[^\s:]+)\s*:\s*(\S.*?)\s*$/.exec(line);
      if (m) out.push({ policy: m[1]!, resource: exactGlob(r.address), reason: m[2]!, source: `${r.source.file}: annotation ${WAIVE_ANNOTATION}` });
    }
  }
  return out;
}

/** A resource glob matching one address (its own `*` and `?` match themselves, as `?`). */
export function exactGlob(address: string): string {
  return address.replace(/[*?]/g, '?');
}

/** Apply waivers to findings. `today` is `YYYY-MM-DD` (a waiver expiring today still waives). */
export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[], today: string): WaiverOutcome {
  const active: { w: Waiver; re: RegExp; used: boolean }[] = [];
  const expired: WaiverNote[] = [];
  const expiredGroups = new Set<string>();
  for (const w of waivers) {
    if (w.expires && w.expires < today) {
      if (w.group === undefined || !expiredGroups.has(w.group)) expired.push(note(w));
      if (w.group !== undefined) expiredGroups.add(w.group);
    } else active.push({ w, re: globToRegExp(w.resource), used: false });
  }
  const out = findings.map((f) => {
    if (f.status !== 'fail' && f.status !== 'unknown') return f;
    const hit = active.find((a) => (a.w.policy === '*' || a.w.policy === f.policyId) && a.re.test(f.resource.address));
    if (!hit) return f;
    hit.used = true;
    const w = hit.w;
    return {
      ...f,
      status: 'waived' as const,
      waiver: { reason: w.reason, source: w.source ?? 'config', ...(w.owner ? { owner: w.owner } : {}), ...(w.expires ? { expires: w.expires } : {}) },
    };
  });
  const usedGroups = new Set(active.filter((a) => a.used && a.w.group !== undefined).map((a) => a.w.group));
  const staleGroups = new Set<string>();
  const stale = active.filter((a) => {
    if (a.used) return false;
    if (a.w.group === undefined) return true;
    if (usedGroups.has(a.w.group) || staleGroups.has(a.w.group)) return false;
    staleGroups.add(a.w.group);
    return true;
  });
  return { findings: out, stale: stale.map((a) => note(a.w)), expired };
}

function note(w: Waiver): WaiverNote {
  return {
    policy: w.policy,
    resource: w.resource,
    reason: w.reason,
    source: w.source ?? 'config',
    ...(w.expires ? { expires: w.expires } : {}),
    ...(w.owner ? { owner: w.owner } : {}),
  };
}
