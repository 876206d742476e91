/**
 * Inline waivers in a scan: the texts of the inputs read (and of Terraform
 * source files, read from disk when the scan did not hold them) are given to
 * core's `inlineWaivers`, with the plan's policy ids to check the directives
 * against. Imports @onus/core.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inlineWaivers, type InlineWaivers, type Resource } from '@onus/core';
import type { ScanPlan } from './plan.js';

/** The inline waivers of the resources, from the contents the scan read (by file as shown) or the files on disk. */
export function scanInlineWaivers(resources: readonly Resource[], contents: ReadonlyMap<string, string | Uint8Array>, plan: ScanPlan, cwd: string): InlineWaivers {
  const ids = new Set([...plan.pack.policies.map((p) => p.id), ...plan.rego.flatMap((s) => s.policies.map((p) => p.id))]);
  // With Rego loaded, a message may carry its own id (publicId): any id outside the pack's prefix may be one.
  const known = (id: string) => ids.has(id) || (plan.rego.length > 0 && !id.startsWith('DSR-'));
  const textOf = (file: string): string | undefined => {
    const content = contents.get(file);
    if (typeof content === 'string') return content;
    try {
      const bytes = content ?? (/\.tf$/i.test(file) ? readFileSync(resolve(cwd, file)) : undefined);
      return bytes === undefined ? undefined : new TextDecoder('utf-8').decode(bytes);
    } catch {
      return undefined;
    }
  };
  return inlineWaivers(resources, textOf, { known });
}
