/**
 * Generated documentation of the pack: one page per control and a table of
 * all controls by responsibility, made from the policy files and params.yaml
 * alone (the single source). A test fails when the committed docs are stale.
 */
import { AREA_TITLES as CATALOG_TITLES, OPTIONAL_RESPONSIBILITIES, RESPONSIBILITIES, isScopeCheck, type Condition, type Pack, type Policy, type Responsibility } from '@onus/core';
import type { ParamSpec } from './index.js';
import { coverageMatrix, coveragePage } from './coverage.js';

/** Area headings of the generated docs: the catalog's titles, optional areas marked. */
export const AREA_TITLES = Object.fromEntries(
  RESPONSIBILITIES.map((a) => [a, `${CATALOG_TITLES[a]}${OPTIONAL_RESPONSIBILITIES.includes(a) ? ' (optional)' : ''}`]),
) as Record<Responsibility, string>;

/** A condition in plain words: `values.internal equal true`. */
export function describeCondition(c: Condition, indent = ''): string {
  if ('all' in c) return c.all.length === 1 ? describeCondition(c.all[0]!, indent) : `all of:\n${c.all.map((x) => `${indent}  - ${describeCondition(x, `${indent}    `)}`).join('\n')}`;
  if ('any' in c) return `any of:\n${c.any.map((x) => `${indent}  - ${describeCondition(x, `${indent}    `)}`).join('\n')}`;
  if ('not' in c) return `not: ${describeCondition(c.not, indent)}`;
  const fact = 'fact' in c ? c.fact : 'item';
  const params = 'params' in c && c.params ? `(${Object.entries(c.params).map(([k, v]) => `${k}=${String(v)}`).join(', ')})` : '';
  const path = (c.path ?? '$').replace(/^\$\.?/, '');
  const subject = `\`${fact}${params}${path ? `.${path}` : ''}\``;
  const value = c.value;
  if (value && typeof value === 'object' && ('all' in value || 'any' in value || 'not' in value || 'operator' in value)) {
    return `${subject} ${c.operator}:\n${indent}  - ${describeCondition(value as Condition, `${indent}    `)}`;
  }
  if (value && typeof value === 'object' && 'fact' in value) {
    const ref = value as { fact: string; path?: string };
    return `${subject} ${c.operator} parameter \`${(ref.path ?? '').replace(/^\$\./, '')}\``;
  }
  return `${subject} ${c.operator} \`${JSON.stringify(value)}\``;
}

const kinds = (k: string | string[]) => ([] as string[]).concat(k).map((x) => `\`${x}\``).join(', ');

function controlPage(p: Policy, pack: Pack, specs: Record<string, ParamSpec>): string {
  const lines = [`# ${p.id}: ${p.title}`, '', `| | |`, `|---|---|`, `| Responsibility | ${AREA_TITLES[p.responsibility]} |`, `| Severity | ${p.severity} |`];
  lines.push(`| Optional | ${p.optional ? 'yes (off unless enabled in `.onus.yaml`)' : 'no'} |`);
  const fw = Object.entries(p.frameworks ?? {}).map(([k, v]) => `${k}${v.length ? ` ${v.join(', ')}` : ''}`);
  lines.push(`| Frameworks | ${fw.length ? fw.join('; ') : '–'} |`, `| Pack | ${pack.name} ${pack.version} |`, '');
  if (p.description) lines.push(p.description, '');
  lines.push('## Remediation', '', p.remediation.trim(), '', '## Checks', '');
  p.checks.forEach((c, i) => {
    if (isScopeCheck(c)) {
      lines.push(`${i + 1}. **Scope** — when the scan holds ${kinds(c.require.whenAny)}, at least ${c.require.min ?? 1} of ${kinds(c.require.kind)} must exist${c.require.where ? ' where:' : '.'}`);
      if (c.require.where) lines.push(`   ${describeCondition(c.require.where, '   ')}`);
      if (c.inconclusive) lines.push(`   When ${describeCondition(c.inconclusive.when, '   ')}, a missing one proves nothing: **unknown** ("${c.inconclusive.message}").`);
    } else {
      const each = c.forEach ? `, for each item of \`${c.forEach.fact}.${(c.forEach.path ?? '$').replace(/^\$\.?/, '')}\` (one result per item)` : '';
      lines.push(`${i + 1}. On ${kinds(c.kind)}${c.when ? ', when ' + describeCondition(c.when, '   ') : ''}${each}, requires ${describeCondition(c.assert, '   ')}`);
      if (c.onUnknown && c.onUnknown !== 'unknown') lines.push(`   Unknown before apply counts as **${c.onUnknown}**.`);
      if (c.inconclusive) lines.push(`   A failure is **unknown** (it depends) when ${describeCondition(c.inconclusive.when, '   ')} ("${c.inconclusive.message}").`);
    }
  });
  const used = Object.keys(specs).filter((name) => JSON.stringify(p.checks).includes(`$.${name}`));
  if (used.length) {
    lines.push('', '## Parameters', '');
    for (const name of used) lines.push(`- \`${name}\` (default \`${JSON.stringify(specs[name]!.default)}\`): ${specs[name]!.description}`);
  }
  const count = (k: 'pass' | 'fail' | 'unknown') => p.examples?.[k]?.length ?? 0;
  lines.push('', '## Examples', '', `${count('pass')} passing, ${count('fail')} failing, ${count('unknown')} unknown examples (known only after apply, or from a value not given) in [the policy file](../../policies/${p.responsibility}/${p.id}.yaml).`, '');
  return lines.join('\n');
}

function indexPage(pack: Pack, specs: Record<string, ParamSpec>): string {
  const lines = [`# ${pack.name} ${pack.version}: controls`, '', 'Generated from the policy files; do not edit by hand (`pnpm --filter @onus/rules docs`).', ''];
  for (const area of RESPONSIBILITIES) {
    const ps = pack.policies.filter((p) => p.responsibility === area).sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    if (!ps.length) continue;
    lines.push(`## ${AREA_TITLES[area]}`, '', '| ID | Severity | Title | Input kinds |', '|---|---|---|---|');
    for (const p of ps) {
      const ks = [...new Set(p.checks.flatMap((c) => (isScopeCheck(c) ? ['scope'] : ([] as string[]).concat(c.kind)).map((k) => k.split(':')[0]!)))];
      lines.push(`| [${p.id}](controls/${p.id}.md) | ${p.severity} | ${p.title.replace(/\|/g, '\\|')} | ${ks.join(', ')} |`);
    }
    lines.push('');
  }
  lines.push('Which kinds of input each control judges: [coverage.md](coverage.md).', '');
  lines.push('## Parameters', '', '| Name | Default | Meaning |', '|---|---|---|');
  for (const [name, s] of Object.entries(specs)) {
    const def = JSON.stringify(s.default);
    lines.push(`| \`${name}\` | ${def.length > 60 ? `${(s.default as unknown[]).length} entries (see params.yaml)` : `\`${def}\``} | ${s.description} |`);
  }
  lines.push('');
  return lines.join('\n');
}

/** Every generated doc file: path relative to the package -> content. */
export function generateDocs(pack: Pack, specs: Record<string, ParamSpec>): Map<string, string> {
  const files = new Map<string, string>();
  files.set('docs/README.md', indexPage(pack, specs));
  files.set('docs/coverage.md', coveragePage(coverageMatrix(pack.policies), `${pack.name} ${pack.version}`));
  for (const p of pack.policies) files.set(`docs/controls/${p.id}.md`, controlPage(p, pack, specs));
  return files;
}
