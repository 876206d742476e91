import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paramSpecs } from '@onus/rules';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../src/config.js';
import { initConfigText } from '../src/init.js';
import { HELP } from '../src/args.js';
import { VERSION } from '../src/version.js';
import { REPO, lbPlan, run, tempDir } from './helpers.js';

describe('onus init', () => {
  it('writes a commented .onus.yaml with every parameter, its description and default', async () => {
    const dir = tempDir();
    const r = await run(['init'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('wrote .onus.yaml\n');
    const text = readFileSync(join(dir, '.onus.yaml'), 'utf8');
    expect(text).toBe(initConfigText());
    expect(text).toMatch(/^coverage: partial$/m);
    for (const [name, spec] of Object.entries(paramSpecs())) {
      if (name === 'coverage') continue; // a top-level field
      expect(text, name).toContain(`  # ${name}:`);
      expect(text.replace(/\n\s*#\s*/g, ' '), name).toContain(spec.description.replace(/\s+/g, ' ').trim());
    }
  });

  it('is a valid config as written, and with every parameter uncommented it gives the pack defaults', () => {
    const text = initConfigText();
    expect(parseConfig(text, '.onus.yaml', '/').problems).toEqual([]);
    const lines = text.split('\n');
    const start = lines.indexOf('params:');
    const end = lines.findIndex((l, i) => i > start && /^\S/.test(l));
    const uncommented = [...lines.slice(0, start + 1), ...lines.slice(start + 1, end).map((l) => l.replace(/^ {2}# (?=\S+:|\s*-|\s+\S)/, '  ')), ...lines.slice(end)].join('\n');
    const parsed = parseConfig(uncommented, '.onus.yaml', '/');
    expect(parsed.problems).toEqual([]);
    const { coverage, ...defaults } = Object.fromEntries(Object.entries(paramSpecs()).map(([k, s]) => [k, s.default]));
    expect(parse(uncommented).params).toEqual(defaults);
    expect(parse(uncommented).coverage).toBe(coverage);
  });

  it('asks what scans cover on a terminal, and writes the answer', async () => {
    const questions: string[] = [];
    const answers = ['maybe', 'a'];
    const dir = tempDir();
    const r = await run(['init'], { cwd: dir, ask: async (q) => (questions.push(q), answers.shift() ?? '') });
    expect(r.code).toBe(0);
    expect(questions).toHaveLength(2);
    expect(questions[0]).toContain('What do your scans cover?');
    const text = readFileSync(join(dir, '.onus.yaml'), 'utf8');
    expect(text).toBe(initConfigText('account'));
    expect(parse(text).coverage).toBe('account');
  });

  it('--coverage answers without asking; an empty answer is partial; a bad value is a usage error', async () => {
    const dir = tempDir();
    const asked: string[] = [];
    expect((await run(['init', '--coverage', 'account'], { cwd: dir, ask: async (q) => (asked.push(q), 'partial') })).code).toBe(0);
    expect(asked).toEqual([]);
    expect(parse(readFileSync(join(dir, '.onus.yaml'), 'utf8')).coverage).toBe('account');
    expect((await run(['init', '--force'], { cwd: dir, ask: async () => '' })).code).toBe(0);
    expect(parse(readFileSync(join(dir, '.onus.yaml'), 'utf8')).coverage).toBe('partial');
    const bad = await run(['init', '--coverage', 'all'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--coverage all: use partial or account');
  });

  it('does not ask when it will not write', async () => {
    const dir = tempDir({ '.onus.yaml': 'failOn: low\n' });
    const asked: string[] = [];
    expect((await run(['init'], { cwd: dir, ask: async (q) => (asked.push(q), 'account') })).code).toBe(2);
    expect(asked).toEqual([]);
  });

  it('has a commented rego: example that is a valid config once uncommented', () => {
    const lines = initConfigText().split('\n');
    const start = lines.indexOf('# rego:');
    expect(start).toBeGreaterThan(0);
    const end = lines.findIndex((l, i) => i > start && !l.startsWith('# '));
    const block = lines.slice(start, end).map((l) => l.slice(2)).join('\n');
    const parsed = parseConfig(block, '.onus.yaml', '/');
    expect(parsed.problems).toEqual([]);
    expect(parsed.config?.config.rego?.[0]).toMatchObject({ path: 'policy/bundle.tar.gz', entrypoints: [{ name: 'rules/deny', id: 'ACME-EC2-01', per: 'input' }] });
  });

  it('refuses to overwrite without --force', async () => {
    const dir = tempDir({ '.onus.yaml': 'failOn: low\n' });
    const r = await run(['init'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('onus: .onus.yaml: already exists; not overwritten; fix: run `onus init --force` to replace it\n');
    expect(readFileSync(join(dir, '.onus.yaml'), 'utf8')).toBe('failOn: low\n');
    expect((await run(['init', '--force'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, '.onus.yaml'), 'utf8')).toBe(initConfigText());
  });

  it('writes into a given folder, and the scan then uses it', async () => {
    const dir = tempDir({ 'infra/plan.json': lbPlan({ a: true }) });
    expect((await run(['init', 'infra'], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, 'infra', '.onus.yaml'))).toBe(true);
    writeFileSync(join(dir, 'infra', '.onus.yaml'), `${readFileSync(join(dir, 'infra', '.onus.yaml'), 'utf8')}\nonly: [DSR-NET-04]\n`);
    const r = await run(['scan', '--format', 'json', 'infra'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout).policies)).toEqual(['DSR-NET-04']);
  });
});

describe('--help and --version', () => {
  it('--version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^onus ${VERSION.replace(/\./g, '\\.')} \\(@onus/rules \\d+\\.\\d+\\.\\d+\\)\\n$`));
    expect(VERSION).toBe(JSON.parse(readFileSync(join(REPO, 'packages/cli/package.json'), 'utf8')).version);
  });

  it('per command', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, stdout: HELP[''], stderr: '' });
    for (const [argv, topic] of [
      [['scan', '--help'], 'scan'],
      [['help', 'scan'], 'scan'],
      [['policies', '--help'], 'policies'],
      [['policies', 'list', '-h'], 'policies'],
      [['init', '--help'], 'init'],
    ] as const) {
      const r = await run([...argv]);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.stdout).toBe(HELP[topic]);
    }
    expect((await run(['help', 'nope'])).code).toBe(2);
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(HELP['']);
  });
});
