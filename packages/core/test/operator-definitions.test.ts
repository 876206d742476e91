import { describe, expect, it } from 'vitest';
import { OPERATOR_DEFINITIONS, parsePolicy, type OperatorDefinition } from '../src/index.js';

/** A policy whose one check asserts `operator` with `value` (given as YAML flow text) on `values.x`. */
const policyWith = (operator: string, value: string, extra = '') => `id: ACME-OPS-01
title: An operator under test
responsibility: network
severity: low
remediation: Fix it.
checks:
  - kind: tf:aws_lb
    assert:
      fact: values
      path: $.x
      operator: ${operator}
      value: ${value}
${extra}`;

const load = (text: string) => parsePolicy(text, 'policies/ops.yaml');

/** For every operator: a value its schema accepts and one it refuses (at load, with file, pointer and line). */
const VALUES: Record<string, { good: string; bad: string }> = {
  equal: { good: 'true', bad: '[1, 2]' },
  notEqual: { good: 'gateway', bad: '{ a: 1 }' },
  in: { good: '[HTTPS, TLS]', bad: 'HTTPS' },
  notIn: { good: '[HTTPS, TLS]', bad: '3' },
  contains: { good: 'secrets', bad: '[secrets]' },
  doesNotContain: { good: 'audit', bad: '{ x: 1 }' },
  lessThan: { good: '1', bad: '"one"' },
  lessThanInclusive: { good: '443', bad: '[443]' },
  greaterThan: { good: '0', bad: 'zero' },
  greaterThanInclusive: { good: '2048', bad: 'true' },
  exists: { good: 'false', bad: 'yes please' },
  notEmpty: { good: 'true', bad: '1' },
  matches: { good: '{ pattern: "^arn:aws", flags: i }', bad: '"([a-z"' },
  matchesGlob: { good: '[ "arn:aws*:iam::aws:policy/*" ]', bad: '{ glob: x }' },
  intersects: { good: '["0.0.0.0/0", "::/0"]', bad: '{ cidr: x }' },
  containsAll: { good: '[api, audit]', bad: '[{ a: 1 }]' },
  containsAny: { good: '[svc, .svc]', bad: '{ a: 1 }' },
  hasKeys: { good: '[CostCenter, Owner]', bad: '[{ key: Owner }]' },
  csvContains: { good: '[".svc", localhost]', bad: '{ entries: x }' },
  lengthGte: { good: '14', bad: 'abc' },
  numberGte: { good: '"100"', bad: 'lots' },
  numberLte: { good: '50', bad: '[50]' },
  numberGt: { good: '0', bad: 'null' },
  durationLte: { good: '2160h', bad: '90 days' },
  durationGte: { good: '7776000s', bad: '"-5d"' },
  cidrIncludes: { good: '169.254.169.254/32', bad: '169.254.999.1/32' },
  cidrWithin: { good: '[10.0.0.0/8, "fd00::/8"]', bad: '[10.0.0.0/33]' },
  isPublicCidr: { good: 'true', bad: '0.0.0.0/0' },
  portInRange: { good: '[22, 3389]', bad: '70000' },
  allowsHost: { good: 'api.example.com:443', bad: '[api.example.com]' },
  anyItem: { good: '{ path: $.cidr, operator: equal, value: "0.0.0.0/0" }', bad: '[not, a, condition]' },
  allItems: { good: '{ path: $.enabled, operator: equal, value: true }', bad: 'true' },
  noItem: { good: '{ path: $.effect, operator: equal, value: Allow }', bad: '{ path: $.effect, operator: equal, value: [Allow] }' },
  jsonDocument: { good: '{ path: $.Statement, operator: exists, value: true }', bad: '{ path: $.Statement, operator: matches, value: "(" }' },
};

describe('operator values are validated and compiled at load', () => {
  it('every operator has a row in this table', () => {
    expect(Object.keys(VALUES).sort()).toEqual(OPERATOR_DEFINITIONS.map((d) => d.name).sort());
  });

  for (const definition of OPERATOR_DEFINITIONS) {
    const { good, bad } = VALUES[definition.name] ?? { good: '', bad: '' };
    it(`${definition.name} accepts ${good}`, () => {
      expect(load(policyWith(definition.name, good)).errors).toEqual([]);
    });
    it(`${definition.name} refuses ${bad}, naming file, pointer and line`, () => {
      const { policy, errors } = load(policyWith(definition.name, bad));
      expect(policy).toBeUndefined();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ file: 'policies/ops.yaml', line: 12 });
      expect(errors[0]!.pointer).toMatch(/^\/checks\/0\/assert\/value/);
    });
  }

  it('says what the operator takes', () => {
    expect(load(policyWith('lengthGte', 'abc')).errors[0]!.message).toBe('/checks/0/assert/value: lengthGte takes a whole number; got "abc"');
  });

  it('reports a pattern RE2 cannot compile, with the reason', () => {
    expect(load(policyWith('matches', '"([a-z"')).errors[0]!.message).toMatch(/^\/checks\/0\/assert\/value: "\(\[a-z" is not an RE2 regular expression \(.+\)/);
  });

  it('reports a bad CIDR and how to write one', () => {
    expect(load(policyWith('cidrWithin', '[10.0.0.0/8, 10.0.0.0/33]')).errors[0]!.message).toMatch(/"10.0.0.0\/33" is not an IP address or CIDR; write it as/);
  });

  it('accepts a value read from a fact, and checks its fact and path', () => {
    expect(load(policyWith('lengthGte', '{ fact: params, path: $.minLength }')).errors).toEqual([]);
    expect(load(policyWith('lengthGte', '{ fact: parms, path: $.minLength }')).errors[0]).toMatchObject({ pointer: '/checks/0/assert/value/fact', line: 12 });
    expect(load(policyWith('lengthGte', '{ fact: params, path: "$..x" }')).errors[0]!.pointer).toBe('/checks/0/assert/value/path');
    expect(load(policyWith('lengthGte', '{ fact: params, path: $.x, default: 3 }')).errors[0]!.pointer).toBe('/checks/0/assert/value/default');
  });

  it('names an unknown operator with file, pointer and line', () => {
    expect(load(policyWith('equalz', 'true')).errors[0]).toMatchObject({ file: 'policies/ops.yaml', pointer: '/checks/0/assert/operator', line: 11 });
  });
});

describe('message placeholders are checked at load', () => {
  const message = (text: string, extra = '') => load(policyWith('equal', 'true', `    message: "${text}"\n${extra}`));

  it('accepts the fields a finding has', () => {
    expect(message('{address} ({kind}) has {path} = {value}; podSelector: {} is plain text').errors).toEqual([]);
  });

  it('refuses a misspelt field, naming pointer and line', () => {
    const e = message('{adress} is internet-facing').errors[0]!;
    expect(e).toMatchObject({ file: 'policies/ops.yaml', pointer: '/checks/0/message', line: 13 });
    expect(e.message).toBe('/checks/0/message: unknown placeholder {adress}; this message can use {address}, {kind}, {path}, {value}');
  });

  it('allows {item} only in a check with forEach', () => {
    expect(message('{address} misses {item}').errors[0]!.message).toMatch(/\{item\} is not known here/);
    expect(message('{address} misses {item}', '    forEach: { fact: params, path: $.hosts }\n').errors).toEqual([]);
  });

  it('allows only {address} and {kind} in a scope check', () => {
    const scope = (msg: string) =>
      load(policyWith('equal', 'true').replace(/  - kind: tf:aws_lb\n[\s\S]*$/, `  - kind: scope\n    require: { kind: tf:aws_budgets_budget, whenAny: ["tf:aws_*"] }\n    message: "${msg}"\n`));
    expect(scope('{address}: no budget').errors).toEqual([]);
    expect(scope('{address}: no budget at {path}').errors[0]).toMatchObject({ pointer: '/checks/0/message' });
  });

  it('refuses unpaired braces in forEach as', () => {
    const e = message('{item}', '    forEach: { fact: params, path: $.subjects, as: "{kind:{name}" }\n').errors[0]!;
    expect(e.pointer).toBe('/checks/0/forEach/as');
  });
});

describe('operator definitions', () => {
  const operators = OPERATOR_DEFINITIONS.filter((d): d is OperatorDefinition => d.kind === 'operator');

  it('each has a doc sentence and phrases that name the subject', () => {
    for (const d of OPERATOR_DEFINITIONS) {
      expect(d.doc, d.name).toMatch(/^[A-Z`].*\.$/);
      expect(d.phrases.holds, d.name).toContain('{subject}');
      expect(d.phrases.doesNotHold, d.name).toContain('{subject}');
      expect(d.value.description, d.name).not.toBe('');
    }
  });

  for (const d of operators) {
    it(`${d.name}: its examples hold as they say`, () => {
      expect(d.examples.length).toBeGreaterThanOrEqual(2);
      for (const e of d.examples) expect(d.test(e.fact, d.compile(e.value)), JSON.stringify(e)).toBe(e.holds);
    });
  }
});
