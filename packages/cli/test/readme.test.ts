/**
 * The README's CLI section (between <!-- cli:start --> and <!-- cli:end -->):
 * every fenced block is exercised. Shell lines run against a copy of
 * examples/infra-repo with the real CLI (the committed bundle, as `npm install -g`
 * installs it); `terraform` and `npm install -g github:...` are stand-ins on the
 * PATH. The workflow's run steps run the same way and its SARIF upload must find
 * its file; the .onus.yaml block must pass the config schema and the pack's
 * parameter schema; the pre-commit block must name hooks of .pre-commit-hooks.yaml.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planScan } from '@onus/engine';
import { parseConfig } from '../src/config.js';
import { defaultPack } from '../src/packs.js';
import { HELP } from '../src/args.js';
import { INFRA, REPO, tempDir } from './helpers.js';
import { checkSarif } from '../../engine/test/formats/validators.js';

interface Block {
  lang: string;
  title: string;
  body: string;
}

function cliSection(): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- cli:start -->');
  const end = readme.indexOf('<!-- cli:end -->');
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return readme.slice(start, end);
}

function blocks(): Block[] {
  const out: Block[] = [];
  for (const m of cliSection().matchAll(/^```(\S*)[ \t]*([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm)) out.push({ lang: m[1]!, title: m[2]!.trim(), body: m[3]! });
  return out;
}

/** A copy of the example infra repo and a PATH with the CLI and the stand-ins. */
function workspace() {
  const dir = tempDir({}, false);
  const work = join(dir, 'infra-repo');
  cpSync(INFRA, work, { recursive: true });
  // Terraform source for the snippets that scan it: the root of the example plan's module.edge.
  const source = {
    'terraform/main.tf': 'module "edge" {\n  source   = "./modules/edge"\n  internal = var.internal\n}\n\nvariable "internal" {\n  type = bool\n}\n',
    'terraform/modules/edge/main.tf': 'variable "internal" {\n  type = bool\n}\n\nresource "aws_lb" "public" {\n  name     = "platform-webhooks"\n  internal = var.internal\n}\n',
    'terraform/env/prod.tfvars': 'internal = false\n',
  };
  for (const [name, text] of Object.entries(source)) {
    mkdirSync(join(work, name, '..'), { recursive: true });
    writeFileSync(join(work, name), text);
  }
  const bin = join(dir, 'bin');
  const shims: Record<string, string> = {
    onus: `#!/bin/sh\nexec "${process.execPath}" "${join(REPO, 'dist', 'bin.cjs')}" "$@"\n`,
    terraform: `#!/bin/sh\ncase "$1" in\n  show) [ "$2" = "-json" ] && exec cat "${join(INFRA, 'plan.json')}" ;;\n  init|plan) exit 0 ;;\nesac\necho "terraform stand-in: unexpected: $*" >&2\nexit 99\n`,
    npm: `#!/bin/sh\ncase "$*" in\n  "install -g github:onus-dev/onus"*) exit 0 ;;\nesac\necho "npm stand-in: unexpected: $*" >&2\nexit 99\n`,
  };
  mkdirSync(bin);
  for (const [name, text] of Object.entries(shims)) {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  }
  const env = { PATH: `${bin}:${process.env['PATH'] ?? ''}`, ONUS_TODAY: '2026-06-01', HOME: dir };
  return { work, env };
}

/** Run one shell command line; `onus scan` may exit 1 (findings), everything else must exit 0. */
function runLine(line: string, cwd: string, env: Record<string, string>) {
  const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', line], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  const allowed = /(^|&&\s*|\|\s*)onus scan\b/.test(line) ? [0, 1] : [0];
  expect(allowed, `${line}\n${r.stderr}`).toContain(r.status);
  expect(r.stderr, line).not.toMatch(/^onus: /m);
  expect(r.stderr, line).not.toMatch(/stand-in: unexpected/);
  for (const m of line.matchAll(/--output\s+(\w+)=(\S+)/g)) {
    const file = join(cwd, m[2]!);
    expect(existsSync(file), `${line}: ${m[2]} not written`).toBe(true);
    expect(statSync(file).size).toBeGreaterThan(0);
    if (m[1] === 'sarif' || m[1] === 'json') JSON.parse(readFileSync(file, 'utf8'));
  }
  return r;
}

const commandLines = (body: string) => body.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

describe('README: the CLI section', () => {
  const all = blocks();

  it('has the snippets it promises', () => {
    expect(all.filter((b) => b.lang === 'sh').length).toBeGreaterThanOrEqual(2);
    expect(all.map((b) => b.title)).toEqual(expect.arrayContaining(['.github/workflows/onus.yml', '.pre-commit-config.yaml', '.onus.yaml']));
    for (const b of all) expect(['', 'sh', 'yaml'], b.title).toContain(b.lang);
  });

  it('the command summary names the commands the CLI has', () => {
    const summary = all.find((b) => b.lang === '')!;
    for (const line of commandLines(summary.body)) {
      const [, cmd] = /^onus (\w+)/.exec(line) ?? [];
      expect(HELP['']!, line).toContain(`onus ${cmd}`);
    }
  });

  it.each(all.filter((b) => b.lang === 'sh').map((b, i) => [i, b] as const))('shell snippet %i runs against examples/infra-repo', (_i, block) => {
    const { work, env } = workspace();
    const lines = commandLines(block.body);
    expect(lines.some((l) => /^onus\b|\|\s*onus\b/.test(l))).toBe(true);
    for (const line of lines) runLine(line, work, env);
  }, 120_000);

  it('the GitHub workflow: its run steps work and the SARIF upload finds its file', () => {
    const block = all.find((b) => b.title === '.github/workflows/onus.yml')!;
    const workflow = parse(block.body) as { permissions: Record<string, string>; jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, string>; if?: string }[] }> };
    expect(workflow.permissions['security-events']).toBe('write');
    const steps = Object.values(workflow.jobs)[0]!.steps;
    const { work, env } = workspace();
    for (const step of steps) if (step.run) runLine(step.run, work, env);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.if).toBe('always()');
    const sarif = checkSarif(readFileSync(join(work, upload!.with!['sarif_file']!), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
  }, 120_000);

  it('the .onus.yaml snippet is a valid config for the pack', async () => {
    const block = all.find((b) => b.title === '.onus.yaml')!;
    const { config, problems } = parseConfig(block.body, 'README .onus.yaml', REPO);
    expect(problems).toEqual([]);
    const { problems: planProblems } = await planScan({ pack: defaultPack(), sources: [{ file: 'README .onus.yaml', lineOf: config!.lineOf, ...config!.config }] });
    expect(planProblems).toEqual([]);
    expect(config!.config.waivers?.[0]).toMatchObject({ reason: expect.any(String), expires: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('the pre-commit snippet uses hooks that .pre-commit-hooks.yaml declares, as examples/pre-commit does', () => {
    const block = all.find((b) => b.title === '.pre-commit-config.yaml')!;
    const config = parse(block.body) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
    const declared = (parse(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string }[]).map((h) => h.id);
    const repo = config.repos.find((r) => r.repo === 'https://github.com/onus-dev/onus');
    expect(repo?.rev).toBeTruthy();
    for (const h of repo!.hooks) expect(declared).toContain(h.id);
    const example = parse(readFileSync(join(REPO, 'examples/pre-commit/.pre-commit-config.yaml'), 'utf8')) as typeof config;
    expect(example.repos.map((r) => ({ repo: r.repo, rev: r.rev, hooks: r.hooks.map((h) => h.id) }))).toEqual(config.repos.map((r) => ({ repo: r.repo, rev: r.rev, hooks: r.hooks.map((h) => h.id) })));
  });
});
