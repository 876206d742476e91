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
const HOOK_REPO_FILES = ['package.json', '.pre-commit-hooks.yaml', 'README.md', 'dist/onus.mjs', 'dist/THIRD_PARTY_LICENSES.md'];

describe('pre-commit hook', () => {
  it.skipIf(missing.length > 0)(`blocks a commit with a failing plan and lets a clean one pass${reason}`, () => {
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
    const sh = (cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> =>
      spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 150_000 });
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
    const infra = tempDir({ '.pre-commit-config.yaml': stringify(config), '.onus.yaml': 'failOn: high\nonly: [DSR-NET-04]\n' }, false);
    ok('git', ['init', '-q'], infra);
    ok('git', ['add', '-A'], infra);
    ok('git', ['commit', '-q', '-m', 'init'], infra);
    ok('pre-commit', ['install'], infra);

    // A plan with an internet-facing load balancer: blocked, the finding printed.
    writeFileSync(join(infra, 'plan.json'), lbPlan({ public: false }));
    ok('git', ['add', 'plan.json'], infra);
    const blocked = sh('git', ['commit', '-m', 'public load balancer'], infra);
    const blockedOut = `${blocked.stdout}\n${blocked.stderr}`;
    expect(blocked.status, blockedOut).not.toBe(0);
    expect(blockedOut).toMatch(/onus\.+Failed/);
    expect(blockedOut).toContain('- exit code: 1');
    expect(blockedOut).toMatch(/FAIL\s+high\s+DSR-NET-04 plan\.json: aws_lb\.public/);
    expect(ok('git', ['log', '--format=%s'], infra)).toBe('init');

    // Fixed, with another tool's JSON staged too (skipped by the hook): the commit passes.
    writeFileSync(join(infra, 'plan.json'), lbPlan({ public: true }));
    writeFileSync(join(infra, 'package.json'), '{ "name": "infra", "private": true }\n');
    ok('git', ['add', 'plan.json', 'package.json'], infra);
    const passed = sh('git', ['commit', '-m', 'internal load balancer'], infra);
    const passedOut = `${passed.stdout}\n${passed.stderr}`;
    expect(passed.status, passedOut).toBe(0);
    expect(passedOut).toMatch(/onus\.+Passed/);
    expect(ok('git', ['log', '--format=%s'], infra).split('\n')).toEqual(['internal load balancer', 'init']);
  }, 180_000);
});
