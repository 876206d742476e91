/**
 * The conventions a result set is read under, and the findings each gives:
 * Conftest/Snyk message sets, booleans, undefined, and shapes outside them.
 */
import type { Finding } from '@onus/core';
import { describe, expect, it } from 'vitest';
import { readVerdict } from '../src/conventions.js';
import { findingsFor, type Subject } from '../src/findings.js';
import { redact, sensitiveValues } from '../src/redact.js';
import type { RegoPolicyInfo } from '../src/types.js';

const policy: RegoPolicyInfo = {
  id: 'rego:main/deny', title: 'Rego rule main/deny', responsibility: 'security', severity: 'medium', remediation: 'fix it', file: 'policy.wasm', entrypoint: 'main/deny', per: 'input',
};
const web = { address: 'aws_instance.web', kind: 'tf:aws_instance', file: 'plan.json', line: 12 };
const subject: Subject = {
  resource: { address: 'plan.json', kind: 'input:terraform-plan', file: 'plan.json' },
  secrets: ['hunter2-password'],
  resolve: (address) => (address === web.address ? web : undefined),
};
const run = (result: unknown): Finding[] => findingsFor(policy, readVerdict([{ result }]), subject);

describe('message sets (Conftest deny/violation/warn, Snyk custom rules)', () => {
  it('an empty set is one pass for the input', () => {
    expect(run([])).toEqual([expect.objectContaining({ status: 'pass', policyId: 'rego:main/deny', resource: subject.resource, message: 'plan.json: Rego rule main/deny' })]);
  });

  it('each string message is one fail, in the core Finding shape, marked as Rego', () => {
    expect(run(['first problem', 'second problem'])).toEqual([
      {
        policyId: 'rego:main/deny', title: 'Rego rule main/deny', responsibility: 'security', severity: 'medium', status: 'fail',
        resource: subject.resource, message: 'first problem', remediation: 'fix it', frameworks: {}, check: 0, rego: { file: 'policy.wasm', entrypoint: 'main/deny' },
      },
      expect.objectContaining({ status: 'fail', message: 'second problem' }),
    ]);
  });

  it("an object message's id/publicId, title, severity and remediation win over the entrypoint's", () => {
    const [f] = run([{ msg: 'no owner', publicId: 'MY-RULE', title: 'Missing an Owner from tag', severity: 'LOW', remediation: 'add tags.Owner', issue: '', references: [] }]);
    expect(f).toMatchObject({ policyId: 'MY-RULE', title: 'Missing an Owner from tag', severity: 'low', remediation: 'add tags.Owner', message: 'no owner' });
  });

  it('empty strings in a message (Snyk fills unused fields with "") keep the defaults', () => {
    const [f] = run([{ msg: 'x', remediation: '', title: '' }]);
    expect(f).toMatchObject({ title: 'Rego rule main/deny', remediation: 'fix it' });
  });

  it('a message naming a known resource (resource/address) is attached to it, with its file and line', () => {
    expect(run([{ msg: 'bad', resource: 'aws_instance.web' }])[0]!.resource).toEqual(web);
    expect(run([{ msg: 'bad', address: 'aws_instance.web' }])[0]!.resource).toEqual(web);
  });

  it('a Snyk path in msg names the Terraform resource it is about', () => {
    expect(run([{ msg: 'input.resource.aws_instance[web].tags' }])[0]!.resource).toEqual(web);
  });

  it('a message naming an address onus does not know stays on the input', () => {
    expect(run([{ msg: 'bad', resource: 'aws_instance.other' }])[0]!.resource).toEqual(subject.resource);
  });

  it('a member that is not a message is an error finding; the valid ones still fail', () => {
    const findings = run(['real problem', 42, { text: 'no msg' }, { msg: 'x', severity: 'urgent' }]);
    expect(findings.map((f) => [f.status, f.message])).toEqual([
      ['fail', 'real problem'],
      ['error', 'plan.json: main/deny: a message is a number (42), not a string or an object with `msg`'],
      ['error', 'plan.json: main/deny: a message object has no `msg` string (keys: text)'],
      ['error', 'plan.json: main/deny: message "x" has severity "urgent", not one of critical, high, medium, low, info'],
    ]);
  });
});

describe('booleans (allow)', () => {
  it('true is a pass and false a fail', () => {
    expect(run(true).map((f) => [f.status, f.message])).toEqual([['pass', 'plan.json: Rego rule main/deny']]);
    expect(run(false).map((f) => [f.status, f.message])).toEqual([['fail', 'plan.json does not meet: Rego rule main/deny']]);
  });
});

describe('undefined and shapes outside the conventions', () => {
  it('an undefined entrypoint (empty result set) does not apply: no finding', () => {
    expect(findingsFor(policy, readVerdict([]), subject)).toEqual([]);
  });

  it('an object, a string or a number is an error finding that says what onus reads', () => {
    for (const value of [{ create: 1 }, 'yes', 3]) {
      const [f] = run(value);
      expect(f).toMatchObject({ status: 'error', message: expect.stringContaining('onus reads a set of messages (deny/violation/warn) or a boolean (allow)') });
    }
  });

  it('a fault is an error finding with its message', () => {
    expect(findingsFor(policy, { kind: 'fault', message: 'abort.rego:6:1: var assignment conflict' }, subject)).toEqual([
      expect.objectContaining({ status: 'error', message: 'plan.json: could not evaluate main/deny: abort.rego:6:1: var assignment conflict' }),
    ]);
  });
});

describe('sensitive values in what Rego returns', () => {
  it('are replaced in messages, titles and remediations', () => {
    const [f] = run([{ msg: 'password hunter2-password is weak', title: 'about hunter2-password', remediation: 'rotate hunter2-password' }]);
    expect(f).toMatchObject({ message: 'password [sensitive] is weak', title: 'about [sensitive]', remediation: 'rotate [sensitive]' });
  });

  it('are collected from the sensitive paths of resources, wildcards and nested values included', () => {
    const r = {
      kind: 'tf:aws_db_instance', address: 'aws_db_instance.db', unknown: [], refs: {}, source: { file: 'plan.json', format: 'terraform-plan' },
      values: { password: 'hunter2-password', users: [{ token: 'tok-1234' }, { token: 'tok-5678' }], nested: { a: { b: 'deep-secret' } }, port: 5432, on: 'yes' },
      sensitive: ['password', 'users[*].token', 'nested', 'on'],
    };
    expect(sensitiveValues([r]).sort()).toEqual(['deep-secret', 'hunter2-password', 'tok-1234', 'tok-5678']);
    expect(redact('tok-1234 and tok-5678', sensitiveValues([r]))).toBe('[sensitive] and [sensitive]');
  });
});
