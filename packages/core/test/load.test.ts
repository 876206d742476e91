import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicies, parsePolicy } from '../src/index.js';

const good = `id: DSR-NET-04
title: Load balancers are internal
responsibility: network
severity: high
remediation: Set internal = true.
checks:
  - kind: tf:aws_lb
    assert:
      all:
        - { fact: values, path: $.internal, operator: equal, value: true }
examples:
  pass: [ { kind: tf:aws_lb, values: { internal: true } } ]
  fail: [ { kind: tf:aws_lb, values: { internal: false } } ]
`;

function errorOf(text: string) {
  const { policy, errors } = parsePolicy(text, 'policies/x.yaml');
  expect(policy).toBeUndefined();
  expect(errors.length).toBeGreaterThan(0);
  return errors[0]!;
}

describe('loading a policy file', () => {
  it('gives a typed policy for a valid file', () => {
    const { policy, errors } = parsePolicy(good, 'policies/net.yaml');
    expect(errors).toEqual([]);
    expect(policy?.id).toBe('DSR-NET-04');
    expect(policy?.file).toBe('policies/net.yaml');
    expect(policy?.checks).toHaveLength(1);
  });

  it('names the file, pointer and line of a bad enum value', () => {
    const e = errorOf(good.replace('severity: high', 'severity: urgent'));
    expect(e).toMatchObject({ file: 'policies/x.yaml', pointer: '/severity', line: 4 });
    expect(e.message).toMatch(/must be one of "critical", "high"/);
  });

  it('names a missing required field', () => {
    const e = errorOf(good.replace('remediation: Set internal = true.\n', ''));
    expect(e.pointer).toBe('');
    expect(e.message).toMatch(/missing required field "remediation"/);
  });

  it('names an unknown field with its pointer', () => {
    const e = errorOf(good.replace('severity: high', 'severity: high\nseverty: low'));
    expect(e.pointer).toBe('/severty');
    expect(e.line).toBe(5);
  });

  it('names a bad responsibility', () => {
    expect(errorOf(good.replace('responsibility: network', 'responsibility: vibes')).pointer).toBe('/responsibility');
  });

  it('names an unknown operator deep in a condition', () => {
    const e = errorOf(good.replace('operator: equal', 'operator: equalz'));
    expect(e.pointer).toBe('/checks/0/assert/all/0/operator');
    expect(e.line).toBe(10);
  });

  it('names a malformed path', () => {
    const e = errorOf(good.replace('path: $.internal', 'path: $.internal..x'));
    expect(e.pointer).toBe('/checks/0/assert/all/0/path');
  });

  it('names an unknown fact', () => {
    expect(errorOf(good.replace('fact: values', 'fact: vals')).pointer).toBe('/checks/0/assert/all/0/fact');
  });

  it('rejects a check without assert', () => {
    const e = errorOf(good.replace(/    assert:\n      all:\n.*\n/, ''));
    expect(e.pointer).toBe('/checks/0');
    expect(e.message).toMatch(/assert/);
  });

  it('rejects a bad id', () => {
    expect(errorOf(good.replace('id: DSR-NET-04', 'id: net4')).pointer).toBe('/id');
  });

  it('rejects YAML that does not parse, with the line', () => {
    const e = errorOf('id: [unclosed\ntitle: x\n');
    expect(e.message).toMatch(/not valid YAML/);
    expect(e.line).toBeGreaterThan(0);
  });

  it('rejects a file that is not a mapping', () => {
    expect(errorOf('- a\n- b\n').message).toMatch(/one mapping/);
  });

  it('keeps a YAML alias bomb from expanding', () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n';
    expect(errorOf(bomb).message).toMatch(/alias|YAML|field/i);
  });
});

describe('loading a folder of policies', () => {
  it('loads every YAML file and reports duplicate ids', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onus-policies-'));
    mkdirSync(join(dir, 'network'));
    writeFileSync(join(dir, 'network', 'a.yaml'), good);
    writeFileSync(join(dir, 'network', 'b.yml'), good);
    writeFileSync(join(dir, 'notes.txt'), 'not a policy');
    const { policies, errors } = loadPolicies(dir);
    expect(policies.map((p) => p.id)).toEqual(['DSR-NET-04']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/duplicate policy id DSR-NET-04/);
    expect(errors[0]?.file).toMatch(/b\.yml$/);
  });
});
