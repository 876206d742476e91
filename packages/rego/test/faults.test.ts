/**
 * Faults while evaluating: an abort, a builtin nobody provides, a value
 * outside the conventions, a time budget exceeded. Each is an `error` finding
 * for that entrypoint and subject only; the others still give their findings.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRego, type RegoBuiltins, type RegoInput, type RegoSource, type RegoSpec } from '../src/index.js';
import { HAVE_FIXTURES, fixture, fixtureBytes, tempDir, wasmBundle } from './support.js';

async function load(spec: RegoSpec, builtins?: RegoBuiltins): Promise<RegoSource> {
  const { source, problems } = await loadRego(spec, builtins ? { builtins } : {});
  expect(problems).toEqual([]);
  return source!;
}
const doc = (file: string, document: unknown): RegoInput => ({ file, format: 'json', document });
const summary = (findings: { status: string; policyId: string; resource: { address: string }; message: string }[]) =>
  findings.map((f) => [f.status, f.policyId, f.resource.address, f.message]);

/** A plan with so many changes that counting them takes the tfplan policy seconds. */
const hugePlan = () => doc('huge.json', { resource_changes: Array.from({ length: 100_000 }, (_, i) => ({ address: `null_resource.n${i}`, change: { actions: ['create'] } })), output_changes: {} });
const emptyPlan = doc('empty.json', { resource_changes: [], output_changes: {} });

describe.skipIf(!HAVE_FIXTURES)('faults', () => {
  it('an abort in one entrypoint is an error for it; another entrypoint of the same module still runs', async () => {
    const source = await load({ path: fixture('dotnet-samples', 'abort.wasm'), entrypoints: ['aborttestpkg/q', 'aborttestpkg'] });
    const findings = await source.evaluate([doc('a.json', {}), doc('b.json', {})], []);
    expect(summary(findings)).toEqual([
      ['error', 'rego:aborttestpkg/q', 'a.json', 'a.json: could not evaluate aborttestpkg/q: abort.rego:6:1: var assignment conflict'],
      ['error', 'rego:aborttestpkg/q', 'b.json', 'b.json: could not evaluate aborttestpkg/q: abort.rego:6:1: var assignment conflict'],
      ['error', 'rego:aborttestpkg', 'a.json', 'a.json: could not evaluate aborttestpkg: abort.rego:6:1: var assignment conflict'],
      ['error', 'rego:aborttestpkg', 'b.json', 'b.json: could not evaluate aborttestpkg: abort.rego:6:1: var assignment conflict'],
    ]);
  });

  it('a value outside the conventions is an error for that entrypoint only', async () => {
    const source = await load({ path: fixture('entrypoints-sprintf', 'policy_simple.wasm'), entrypoints: ['example', 'example/allow'] });
    const findings = await source.evaluate([doc('alice.json', { user: 'alice' })], []);
    expect(summary(findings)).toEqual([
      ['error', 'rego:example', 'alice.json', 'alice.json: example: the entrypoint gave an object (keys: allow); onus reads a set of messages (deny/violation/warn) or a boolean (allow)'],
      ['pass', 'rego:example/allow', 'alice.json', 'alice.json: Rego rule example/allow'],
    ]);
  });

  it('runs only the entrypoints asked for (the faulty one is then never evaluated)', async () => {
    const source = await load({ path: fixture('entrypoints-sprintf', 'policy_simple.wasm'), entrypoints: ['example', 'example/allow'] });
    const findings = await source.evaluate([doc('alice.json', { user: 'alice' })], [], { entrypoints: new Set(['example/allow']) });
    expect(summary(findings)).toEqual([['pass', 'rego:example/allow', 'alice.json', 'alice.json: Rego rule example/allow']]);
  });

  it('a custom builtin nobody provides is an error naming it, found when it is called', async () => {
    const source = await load({ path: fixture('dotnet-samples', 'builtincall.wasm'), entrypoints: ['builtincallsallpkg'] });
    const [f] = await source.evaluate([doc('x.json', {})], []);
    expect(f).toMatchObject({ status: 'error', message: 'x.json: could not evaluate builtincallsallpkg: not implemented: built-in function 0: custom.func0' });
  });

  it('a custom builtin that throws is an error with its message, in this thread and in a worker', async () => {
    const source = await load({ path: fixture('dotnet-samples', 'builtincall.wasm'), entrypoints: ['builtincallsallpkg'] }, {
      'custom.func0': () => {
        throw new Error('the lookup service is down');
      },
    });
    for (const options of [{}, { timeoutMs: 60_000 }]) {
      const [f] = await source.evaluate([doc('x.json', {})], [], options);
      expect(f).toMatchObject({ status: 'error', message: 'x.json: could not evaluate builtincallsallpkg: the lookup service is down' });
    }
  });

  it('a builtin the SDK supplies (sprintf) just works', async () => {
    const source = await load({ path: fixture('snyk-iac-owner-tag', 'policy.wasm') });
    const [f] = await source.evaluate([doc('d.json', { resource: { aws_instance: { web: {} } } })], []);
    expect(f).toMatchObject({ status: 'fail', message: 'input.resource.aws_instance[web].tags' });
  });
});

describe.skipIf(!HAVE_FIXTURES)('a time budget', () => {
  it('stops an evaluation that exceeds it (an error for that input), then goes on with the next input', async () => {
    const source = await load({ path: fixture('tfplan-changes', 'policy.wasm'), entrypoints: ['terraform/no_change_resource'] });
    const findings = await source.evaluate([hugePlan(), emptyPlan], [], { timeoutMs: 250 });
    expect(summary(findings)).toEqual([
      ['error', 'rego:terraform/no_change_resource', 'huge.json', 'huge.json: could not evaluate terraform/no_change_resource: took longer than the time budget of 250 ms and was stopped'],
      ['pass', 'rego:terraform/no_change_resource', 'empty.json', 'empty.json: Rego rule terraform/no_change_resource'],
    ]);
  });

  it('gives the same findings as running in this thread, data and custom builtins included', async () => {
    const math = await load({ path: fixture('dotnet-samples', 'math-builtin.wasm'), entrypoints: ['math/builtins/result'] }, { 'custom.func2': (a, b) => (a as number) + (b as number) });
    const inputs = [doc('m.json', { firstNumber: 3, secondNumber: 4 })];
    const inThread = await math.evaluate(inputs, []);
    expect(inThread[0]!.message).toContain('gave a number (7)');
    expect(await math.evaluate(inputs, [], { timeoutMs: 60_000 })).toEqual(inThread);

    const snyk = await load({ path: fixture('snyk-iac-owner-tag', 'bundle.tar.gz') });
    const docs = [doc('d.json', { resource: { aws_instance: { web: {} } } }), doc('ok.json', { resource: {} })];
    expect(await snyk.evaluate(docs, [], { timeoutMs: 60_000 })).toEqual(await snyk.evaluate(docs, []));

    const tmp = tempDir({ 'bundle.tar.gz': await wasmBundle(fixtureBytes('mas-policies', 'policy.wasm'), ['register/allow'], { banned_domains: ['*.element.io'] }) });
    try {
      const mas = await load({ path: join(tmp.dir, 'bundle.tar.gz') });
      const users = [doc('banned.json', { user: { username: 'hello', email: 'a@staging.element.io' } }), doc('fine.json', { user: { username: 'hello', email: 'a@example.com' } })];
      const findings = await mas.evaluate(users, [], { timeoutMs: 60_000 });
      expect(findings.map((f) => f.status)).toEqual(['fail', 'pass']);
      expect(findings).toEqual(await mas.evaluate(users, []));
    } finally {
      tmp.remove();
    }
  });

  it('that is not a positive number is an error finding per entrypoint, not a throw', async () => {
    const source = await load({ path: fixture('snyk-iac-owner-tag', 'policy.wasm') });
    expect(summary(await source.evaluate([emptyPlan], [], { timeoutMs: -1 }))).toEqual([
      ['error', 'rego:rules/deny', '(scan)', '(scan): could not evaluate rules/deny: the time budget must be a positive number of milliseconds, not -1'],
    ]);
  });
});
