/**
 * `onus policies list | show <ID> | test [DIR]`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkPolicyExamples, OPTIONAL_RESPONSIBILITIES, type Example, type Pack, type Policy } from '@onus/core';
import { coverageMatrix, INPUT_KINDS, paramSpecs } from '@onus/rules';
import { configRego, packWithUserPolicies, policyDirs, resolveConfig } from './context.js';
import { checkKinds, checkSummaries, describeCheck, paramsUsed } from './describe.js';
import { defaultPack } from './packs.js';
import type { Io } from './io.js';
import { loadRegoSources, loadUserPolicies, policyDocUrl, type RegoPolicyInfo } from '@onus/engine';
import { formatProblem, ProblemsError, UsageError } from './problems.js';

interface Common {
  policies: string[];
  config?: string;
  noConfig: boolean;
}

function isOptional(p: Policy): boolean {
  return p.optional === true || OPTIONAL_RESPONSIBILITIES.includes(p.responsibility);
}

function summary(p: Policy) {
  return {
    id: p.id,
    area: p.responsibility,
    severity: p.severity,
    title: p.title,
    optional: isOptional(p),
    kinds: [...new Set(p.checks.flatMap(checkKinds))],
    ...(p.file ? { file: p.file } : {}),
  };
}

function loadPack(opts: Common, io: Io): Pack {
  return loadPackAndConfig(opts, io).pack;
}

function loadPackAndConfig(opts: Common, io: Io) {
  const config = resolveConfig(opts, '.', io.cwd);
  const { pack, problems } = packWithUserPolicies(policyDirs(config, opts.policies, io.cwd), io.cwd);
  if (problems.length) throw new ProblemsError(problems);
  return { pack, config };
}

/** A Rego entrypoint as `policies list` shows it: marked `kind: rego`, with its source file. */
function regoSummary(p: RegoPolicyInfo) {
  return { id: p.id, area: p.responsibility, severity: p.severity, title: p.title, optional: false, kinds: [] as string[], kind: 'rego' as const, file: p.file, entrypoint: p.entrypoint, per: p.per };
}

const byId = (a: Policy, b: Policy) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export async function policiesList(opts: Common & { format: 'text' | 'json'; rego: string[] }, io: Io): Promise<number> {
  const { pack, config } = loadPackAndConfig(opts, io);
  const specs = [...configRego(config, io.cwd), ...opts.rego.map((path) => ({ path }))];
  const rego = specs.length ? await loadRegoSources(specs, pack, { cwd: io.cwd }) : { sources: [], problems: [] };
  if (rego.problems.length) throw new ProblemsError(rego.problems);
  const regoRows = rego.sources.flatMap((s) => s.policies).map(regoSummary);
  const rows = [...[...pack.policies].sort(byId).map(summary), ...regoRows];
  if (opts.format === 'json') {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const w = (key: 'id' | 'area' | 'severity') => Math.max(key.length, ...rows.map((r) => r[key].length));
  const [wi, wa, ws] = [w('id'), w('area'), w('severity')];
  const lines = [`${'ID'.padEnd(wi)}  ${'AREA'.padEnd(wa)}  ${'SEVERITY'.padEnd(ws)}  TITLE`];
  for (const r of rows) {
    lines.push(`${r.id.padEnd(wi)}  ${r.area.padEnd(wa)}  ${r.severity.padEnd(ws)}  ${r.title}${r.optional ? ' (optional)' : ''}`);
    const rego = r as Partial<ReturnType<typeof regoSummary>>;
    lines.push(`${' '.repeat(wi + 2)}${rego.kind === 'rego' ? `rego: ${rego.file}, entrypoint ${rego.entrypoint} (per ${rego.per})` : `kinds: ${r.kinds.join(', ')}`}`);
  }
  const fromRego = regoRows.length ? ` and ${regoRows.length} Rego entrypoint${regoRows.length === 1 ? '' : 's'}` : '';
  lines.push('', `${rows.length - regoRows.length} policies from ${pack.name} ${pack.version}${fromRego}; optional ones run when their area is enabled (enable: in .onus.yaml, or --enable).`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function exampleLine(e: Example): string {
  const compact = (v: unknown) => {
    const text = JSON.stringify(v);
    return text.length > 140 ? `${text.slice(0, 137)}...` : text;
  };
  if ('scan' in e) {
    const params = e.params ? ` with params ${compact(e.params)}` : '';
    return `a scan of ${e.scan.map((r) => `${r.kind} ${compact(r.values ?? {})}`).join(' + ')}${params}`;
  }
  const extra = [e.unknown?.length ? `unknown: ${e.unknown.join(', ')}` : '', e.change ? `actions: ${e.change.actions.join(', ')}` : ''].filter(Boolean).join('; ');
  return `${e.kind} ${compact(e.values ?? {})}${extra ? ` (${extra})` : ''}`;
}

export async function policiesShow(opts: Common & { id: string; format: 'text' | 'json'; verbose?: boolean; rego?: string[] }, io: Io): Promise<number> {
  const config = resolveConfig(opts, '.', io.cwd);
  const pack = loadPack(opts, io);
  const policy = pack.policies.find((p) => p.id === opts.id) ?? pack.policies.find((p) => p.id.toLowerCase() === opts.id.toLowerCase());
  if (!policy) {
    // A Rego entrypoint (config rego: or --rego) is shown with what onus knows of it.
    const specs = [...configRego(config, io.cwd), ...(opts.rego ?? []).map((path) => ({ path }))];
    const rego = specs.length ? await loadRegoSources(specs, pack, { cwd: io.cwd }) : { sources: [], problems: [] };
    if (rego.problems.length) throw new ProblemsError(rego.problems);
    const infos = rego.sources.flatMap((s) => s.policies);
    const info = infos.find((p) => p.id === opts.id) ?? infos.find((p) => p.id.toLowerCase() === opts.id.toLowerCase());
    if (info) return showRego(info, opts.format, io);
    throw new ProblemsError([{ file: 'policies show', message: `no policy ${opts.id} in ${pack.name}${opts.policies.length ? ' or your policies' : ''}${specs.length ? ' or your Rego' : ''}`, hint: 'run `onus policies list` for the ids' }]);
  }
  const used = paramsUsed(policy);
  const specs = safeSpecs();
  const docsUrl = config?.config.docsUrl;
  const docs = policyDocUrl({ pack }, policy.id, docsUrl !== undefined ? { docsUrl } : {});
  const ownFile = policy.file && !isPackFile(policy.file) ? policy.file : undefined;
  if (opts.format === 'json') {
    const { file, ...rest } = policy;
    io.stdout.write(
      `${JSON.stringify({ ...summary(policy), ...rest, params: Object.fromEntries(used.map((n) => [n, pack.params[n] ?? null])), ...(docs ? { docs } : {}), ...(file ? { file } : {}) }, null, 2)}\n`,
    );
    return 0;
  }
  const lines: string[] = [];
  lines.push(`${policy.id}: ${policy.title}`);
  lines.push(`severity: ${policy.severity}   area: ${policy.responsibility}   optional: ${isOptional(policy) ? 'yes' : 'no'}`);
  const frameworks = Object.entries(policy.frameworks ?? {});
  lines.push(`frameworks: ${frameworks.length ? frameworks.map(([k, v]) => (v.length ? `${k} (${v.join(', ')})` : k)).join('; ') : 'none mapped'}`);
  if (docs) lines.push(`docs: ${docs}`);
  if (ownFile) lines.push(`file: ${ownFile}`);
  if (policy.description) lines.push('', policy.description.trim());
  lines.push('', 'What it checks:');
  for (const { on, sentences } of checkSummaries(policy)) {
    lines.push(`  ${on}:`, ...sentences.map((t) => `    ${t}.`));
  }
  if (used.length) {
    lines.push('', 'Parameters it uses (set them under params: in .onus.yaml):');
    for (const name of used) {
      const value = (JSON.stringify(pack.params[name] ?? null) ?? 'null').replace(/,(?=\S)/g, ', ');
      lines.push(`  ${name} = ${value.length > 100 ? `${value.slice(0, 97)}...` : value}`);
      const d = specs[name]?.description;
      if (d && opts.verbose) lines.push(`    ${d}`);
    }
  }
  lines.push('', 'How to fix:', `  ${policy.remediation.trim().replace(/\n/g, '\n  ')}`);
  if (opts.verbose) {
    lines.push('', 'Checks in detail:');
    policy.checks.forEach((check, i) => lines.push(...describeCheck(check, i, pack.params).map((l) => `  ${l}`)));
    const ex = policy.examples ?? {};
    const exampleLines = (['pass', 'fail', 'unknown'] as const).flatMap((kind) => (ex[kind] ?? []).map((e) => `  ${kind.padEnd(7)} ${exampleLine(e)}`));
    if (exampleLines.length) lines.push('', 'Examples:', ...exampleLines);
  } else {
    lines.push('', `The checks in detail and the examples: onus policies show ${policy.id} --verbose`);
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** What onus knows of a Rego entrypoint: its id and metadata, where it comes from, and how it runs (its logic is the Rego's). */
function showRego(p: RegoPolicyInfo, format: 'text' | 'json', io: Io): number {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ ...regoSummary(p), remediation: p.remediation }, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `${p.id}: ${p.title}`,
    `severity: ${p.severity}   area: ${p.responsibility}   kind: rego`,
    `file: ${p.file}   entrypoint: ${p.entrypoint}`,
    '',
    'What it checks:',
    `  the compiled Rego rule ${p.entrypoint}, run ${p.per === 'resource' ? 'once per resource fact ({kind, address, values, unknown, sensitive, refs})' : 'once per input document, as parsed'}; its logic is in the Rego source it was built from.`,
  ];
  if (p.remediation.trim()) lines.push('', 'How to fix:', `  ${p.remediation.trim().replace(/\n/g, '\n  ')}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** A policy file of the shipped pack (`@onus/rules/policies/...`): not a path the user has. */
function isPackFile(file: string): boolean {
  return file.startsWith(`${defaultPack().name}/`);
}

function safeSpecs(): Record<string, { description?: string }> {
  try {
    return paramSpecs();
  } catch {
    return {};
  }
}

export function policiesTest(opts: { dirs: string[]; config?: string; noConfig: boolean }, io: Io): number {
  let dirs = opts.dirs;
  if (dirs.length === 0) {
    const config = resolveConfig(opts, '.', io.cwd);
    dirs = policyDirs(config, [], io.cwd);
    if (dirs.length === 0 && existsSync(join(io.cwd, 'policies'))) dirs = ['policies'];
    if (dirs.length === 0) throw new UsageError('no policy folder: give one (onus policies test DIR), or list it under policies: in .onus.yaml', 'policies');
  }
  const { policies, problems } = loadUserPolicies(dirs, io.cwd);
  for (const p of problems) io.stderr.write(`onus: ${formatProblem(p)}\n`);
  const base = packWithUserPolicies([], io.cwd).pack;
  const outcomes = checkPolicyExamples(policies, base.params);
  const lines: string[] = [];
  let failed = 0;
  for (const policy of [...policies].sort(byId)) {
    const mine = outcomes.filter((o) => o.policyId === policy.id);
    const bad = mine.filter((o) => !o.ok);
    failed += bad.length;
    if (mine.length === 0) lines.push(`warn  ${policy.id}: no examples (add examples.pass and examples.fail so this command can test it)`);
    else if (bad.length === 0) lines.push(`ok    ${policy.id}: ${mine.length} example${mine.length === 1 ? '' : 's'}`);
    for (const o of bad) lines.push(`FAIL  ${policy.id}: examples.${o.expected}[${o.index}]: ${o.problem ?? 'did not hold'}${policy.file ? ` (${policy.file})` : ''}`);
  }
  const total = outcomes.length;
  lines.push(`${policies.length} polic${policies.length === 1 ? 'y' : 'ies'}, ${total} example${total === 1 ? '' : 's'}: ${total - failed} passed, ${failed} failed${problems.length ? `; ${problems.length} invalid policy file${problems.length === 1 ? '' : 's'}` : ''}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  if (problems.length) return 2;
  return failed ? 1 : 0;
}

/** `onus policies coverage`: which input kinds each policy judges (the pack's and yours). */
export function policiesCoverage(opts: Common & { format: 'text' | 'json' }, io: Io): number {
  const pack = loadPack(opts, io);
  const rows = coverageMatrix(pack.policies);
  if (opts.format === 'json') {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const wi = Math.max(2, ...rows.map((r) => r.id.length));
  const lines = [`${'ID'.padEnd(wi)}  ${INPUT_KINDS.join('  ')}`];
  for (const r of rows) lines.push(`${r.id.padEnd(wi)}  ${INPUT_KINDS.map((k) => (r.inputs[k].length ? 'x' : '-').padEnd(k.length)).join('  ')}`.trimEnd());
  const counts = INPUT_KINDS.map((k) => `${k} ${rows.filter((r) => r.inputs[k].length).length}`).join(', ');
  lines.push('', `${rows.length} policies from ${pack.name} ${pack.version}; policies judging each input kind: ${counts}.`);
  lines.push('The kinds each one reads: onus policies coverage --format json, or onus policies show <ID>.');
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
