/**
 * End to end: the onus pre-commit hook as an infra repo would use it.
 * The hook repo is a copy of this working tree (the files npm and pre-commit
 * read: package.json, .pre-commit-hooks.yaml, README.md, dist/) committed to a
 * temp git repo, so the test does not depend on this checkout's commits.
 * pre-commit (Debian's 3.0.4 here) installs it with `language: node`: nodeenv,
 * `npm install` in the clone, `npm pack`, `npm install -g` of the tarball.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { REPO, lbPlan, tempDir } from './helpers.js';

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const missing = ['git', 'pre-commit', 'node', 'npm'].filter((c) => !which(c));
const reason = missing.length ? ` (skipped: ${missing.join(', ')} not on PATH; apt-get install pre-commit)` : '';
if (missing.length) console.warn(`pre-commit end-to-end test skipped: ${missing.join(', ')} not on PATH`);

/** The files of the working tree that the hook install reads. */
/** What the hook repository needs: the root package and the files it publishes (the bundle and its launcher). */
const HOOK_REPO_FILES = ['package.json', '.pre-commit-hooks.yaml', 'README.md', ...(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { files: string[] }).files];

/** An infra repository with the onus hook installed from a committed copy of this working tree; `sh`/`ok` run commands there. */
function hookedRepo(onusYaml: string) {
  const home = tempDir({ '.gitconfig': '' }, false);
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_') && !k.startsWith('PRE_COMMIT')));
  Object.assign(env, {
    PRE_COMMIT_HOME: join(home, 'pre-commit-cache'),
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'onus test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'onus test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
  });
  const sh = (cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> => spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 150_000 });
  const ok = (cmd: string, args: string[], cwd: string) => {
    const r = sh(cmd, args, cwd);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
    return r.stdout.trim();
  };

  // The hook repository: a copy of this working tree, committed.
  const hookRepo = tempDir({}, false);
  for (const f of HOOK_REPO_FILES) {
    mkdirSync(join(hookRepo, f, '..'), { recursive: true });
    copyFileSync(join(REPO, f), join(hookRepo, f));
  }
  ok('git', ['init', '-q'], hookRepo);
  ok('git', ['add', '-A'], hookRepo);
  ok('git', ['commit', '-q', '-m', 'onus'], hookRepo);
  const rev = ok('git', ['rev-parse', 'HEAD'], hookRepo);

  // The infra repository, configured as examples/pre-commit shows, pointing at the copy.
  const config = parse(readFileSync(join(REPO, 'examples/pre-commit/.pre-commit-config.yaml'), 'utf8')) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
  config.repos[0]!.repo = hookRepo;
  config.repos[0]!.rev = rev;
  const infra = tempDir({ '.pre-commit-config.yaml': stringify(config), '.onus.yaml': onusYaml }, false);
  ok('git', ['init', '-q'], infra);
  ok('git', ['add', '-A'], infra);
  ok('git', ['commit', '-q', '-m', 'init'], infra);
  ok('pre-commit', ['install'], infra);
  /** Stage files and commit: the exit status and everything printed. */
  const commit = (message: string, files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(infra, name, '..'), { recursive: true });
      writeFileSync(join(infra, name), text);
    }
    ok('git', ['add', ...Object.keys(files)], infra);
    const r = sh('git', ['commit', '-m', message], infra);
    return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
  };
  const log = () => ok('git', ['log', '--format=%s'], infra).split('\n');
  return { commit, log };
}

/** A root module calling a local load balancer module; `internal` comes from terraform.tfvars. */
const lbModule = (internal: boolean): Record<string, string> => ({
  'infra/main.tf': 'module "edge" {\n  source   = "./modules/edge"\n  internal = var.internal\n}\n',
  'infra/variables.tf': 'variable "internal" {\n  type = bool\n}\n',
  'infra/terraform.tfvars': 'internal = true\n',
  'infra/modules/edge/main.tf': `variable "internal" {\n  type = bool\n}\n\nresource "aws_lb" "public" {\n  name     = "edge"\n  internal = ${internal ? 'var.internal' : 'false'}\n}\n`,
});

describe('pre-commit hook', () => {
  it.skipIf(missing.length > 0)(`blocks a commit with a failing plan and lets a clean one pass${reason}`, () => {
    const repo = hookedRepo('failOn: high\nonly: [DSR-NET-04]\n');

    // A plan with an internet-facing load balancer: blocked, the finding printed.
    const blocked = repo.commit('public load balancer', { 'plan.json': lbPlan({ public: false }) });
    expect(blocked.status, blocked.out).not.toBe(0);
    expect(blocked.out).toMatch(/onus\.+Failed/);
    expect(blocked.out).toContain('- exit code: 1');
    expect(blocked.out).toMatch(/FAIL\s+high\s+DSR-NET-04 plan\.json: aws_lb\.public/);
    expect(repo.log()).toEqual(['init']);

    // Fixed, with another tool's JSON staged too (skipped by the hook): the commit passes.
    const passed = repo.commit('internal load balancer', { 'plan.json': lbPlan({ public: true }), 'package.json': '{ "name": "infra", "private": true }\n' });
    expect(passed.status, passed.out).toBe(0);
    expect(passed.out).toMatch(/onus\.+Passed/);
    expect(repo.log()).toEqual(['internal load balancer', 'init']);
  }, 180_000);

  it.skipIf(missing.length > 0)(`scans the module folder of a staged .tf change whole: opening a load balancer is blocked, the clean commit passes${reason}`, () => {
    const repo = hookedRepo('failOn: high\nonly: [DSR-NET-04]\n');

    // The clean module (internal from terraform.tfvars, through the module call): passes.
    const clean = repo.commit('edge load balancer', lbModule(true));
    expect(clean.status, clean.out).toBe(0);
    expect(clean.out).toMatch(/onus\.+Passed/);

    // Only the module's .tf is staged: the root folder is not, so the module is read alone and its
    // variable is unset; the change itself sets internal = false, which fails whatever the caller passes.
    const opened = repo.commit('open the load balancer', { 'infra/modules/edge/main.tf': lbModule(false)['infra/modules/edge/main.tf']! });
    expect(opened.status, opened.out).not.toBe(0);
    expect(opened.out).toMatch(/onus\.+Failed/);
    // The compact report points at the attribute that decided: internal = false, line 7.
    expect(opened.out).toMatch(/FAIL\s+high\s+DSR-NET-04 infra\/modules\/edge\/main\.tf:7: aws_lb\.public is internet-facing/);
    expect(repo.log()).toEqual(['edge load balancer', 'init']);

    // Staged with its caller: the module is read through it, with the caller's address.
    const both = repo.commit('open it from the root', { ...lbModule(false), 'infra/main.tf': `${lbModule(false)['infra/main.tf']!}# opened\n` });
    expect(both.status, both.out).not.toBe(0);
    expect(both.out).toMatch(/FAIL\s+high\s+DSR-NET-04 infra\/modules\/edge\/main\.tf:7: module\.edge\.aws_lb\.public/);
    expect(both.out).not.toMatch(/DSR-NET-04 aws_lb\.public/);
  }, 240_000);
});
