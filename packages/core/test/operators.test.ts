import { describe, expect, it } from 'vitest';
import { OPERATORS, durationSeconds, isPublicCidr, parseJsonDocument } from '../src/index.js';

const op = (name: string) => OPERATORS[name]!;

describe('built-in operators keep json-rules-engine semantics', () => {
  it('compares numbers, accepting numeric strings as json-rules-engine does', () => {
    expect(op('greaterThan')('100.0', 0)).toBe(true);
    expect(op('greaterThan')('abc', 0)).toBe(false);
    expect(op('lessThanInclusive')(5, 5)).toBe(true);
  });
  it('tests membership', () => {
    expect(op('in')('a', ['a', 'b'])).toBe(true);
    expect(op('notIn')('c', ['a', 'b'])).toBe(true);
    expect(op('contains')(['x'], 'x')).toBe(true);
    expect(op('contains')('x', 'x')).toBe(false);
    expect(op('doesNotContain')(['x'], 'y')).toBe(true);
  });
});

describe('CIDR operators', () => {
  it('cidrIncludes: a range holds an address or a smaller range, IPv4 and IPv6', () => {
    expect(op('cidrIncludes')('10.0.0.0/8', '10.1.2.3')).toBe(true);
    expect(op('cidrIncludes')('10.0.0.0/8', '10.1.0.0/16')).toBe(true);
    expect(op('cidrIncludes')('10.1.0.0/16', '10.0.0.0/8')).toBe(false);
    expect(op('cidrIncludes')(['192.168.0.0/16', '0.0.0.0/0'], '169.254.169.254/32')).toBe(true);
    expect(op('cidrIncludes')('::/0', '2001:db8::1')).toBe(true);
    expect(op('cidrIncludes')('10.0.0.0/8', '2001:db8::1')).toBe(false);
  });
  it('cidrWithin: every range lies inside one of the allowed ranges', () => {
    expect(op('cidrWithin')(['10.0.1.0/24', '10.0.2.0/24'], ['10.0.0.0/16'])).toBe(true);
    expect(op('cidrWithin')(['10.0.1.0/24', '8.8.8.0/24'], ['10.0.0.0/16'])).toBe(false);
    expect(op('cidrWithin')([], ['10.0.0.0/16'])).toBe(false);
  });
  it('isPublicCidr: the world and routable ranges are public, private and reserved ones are not', () => {
    expect(isPublicCidr('0.0.0.0/0')).toBe(true);
    expect(isPublicCidr('::/0')).toBe(true);
    expect(isPublicCidr('8.8.8.8/32')).toBe(true);
    expect(isPublicCidr('10.20.0.0/16')).toBe(false);
    expect(isPublicCidr('172.16.5.0/24')).toBe(false);
    expect(isPublicCidr('fd00::/8')).toBe(false);
    expect(op('isPublicCidr')(['10.0.0.0/8', '0.0.0.0/0'], true)).toBe(true);
    expect(op('isPublicCidr')(['10.0.0.0/8'], false)).toBe(true);
  });
  it('throws on something that is not a CIDR, so the pair becomes an error', () => {
    expect(() => op('cidrIncludes')('not-a-cidr', '10.0.0.1')).toThrow();
  });
});

describe('ports', () => {
  it('portInRange understands numbers, "a-b", "*" and lists', () => {
    expect(op('portInRange')(22, 22)).toBe(true);
    expect(op('portInRange')('20-25', 22)).toBe(true);
    expect(op('portInRange')('*', 3389)).toBe(true);
    expect(op('portInRange')(['80', '443'], [22, 3389])).toBe(false);
    expect(op('portInRange')(['80', '3000-4000'], [22, 3389])).toBe(true);
  });
});

describe('regular expressions run in linear time (RE2)', () => {
  it('matches with flags and never on non-strings', () => {
    expect(op('matches')('MyPassword', { pattern: 'password', flags: 'i' })).toBe(true);
    expect(op('matches')('token', '^tok')).toBe(true);
    expect(op('matches')(42, '4')).toBe(false);
  });
  it('survives a pattern that backtracks catastrophically in JavaScript', () => {
    const evil = '(a+)+$';
    const input = 'a'.repeat(5000) + '!';
    // A backtracking engine would not return here for a very long time; RE2 answers in linear time.
    expect(op('matches')(input, evil)).toBe(false);
  });
  it('rejects backreferences, which RE2 does not support', () => {
    expect(() => op('matches')('aa', '(a)\\1')).toThrow();
  });
});

describe('lists, globs, lengths and numbers', () => {
  it('intersects treats scalars as one-element lists (IAM Action "*" or ["*"])', () => {
    expect(op('intersects')('*', ['*', 'iam:*'])).toBe(true);
    expect(op('intersects')(['s3:GetObject', '*'], '*')).toBe(true);
    expect(op('intersects')('s3:GetObject', '*')).toBe(false);
  });
  it('hasKeys: an object carries every named key', () => {
    expect(op('hasKeys')({ CostCenter: 'a', Owner: 'b', x: 1 }, ['CostCenter', 'Owner'])).toBe(true);
    expect(op('hasKeys')({ CostCenter: 'a' }, ['CostCenter', 'Owner'])).toBe(false);
    expect(op('hasKeys')(null, ['Owner'])).toBe(false);
    expect(op('hasKeys')(['Owner'], ['Owner'])).toBe(false);
  });
  it('allowsHost: exact names and .domain / *.domain wildcards, ports ignored', () => {
    const list = ['.digibee.io', 'gitlab.com', '*.split.io'];
    expect(op('allowsHost')(list, 'api.digibee.io:443')).toBe(true);
    expect(op('allowsHost')(list, 'digibee.io')).toBe(true);
    expect(op('allowsHost')(list, 'gitlab.com:443')).toBe(true);
    expect(op('allowsHost')(list, 'api.gitlab.com:443')).toBe(false);
    expect(op('allowsHost')(list, 'auth.split.io:80')).toBe(true);
    expect(op('allowsHost')(list, 'notdigibee.io')).toBe(false);
    expect(op('allowsHost')(undefined, 'gcr.io')).toBe(false);
  });
  it('csvContains reads comma-separated lists such as NO_PROXY', () => {
    expect(op('csvContains')('localhost, .svc,10.0.0.0/16', '10.0.0.0/16')).toBe(true);
    expect(op('csvContains')('localhost,10.0.0.0/160', '10.0.0.0/16')).toBe(false);
    expect(op('csvContains')(['.svc', '10.0.0.0/16'], ['.svc', '10.0.0.0/16'])).toBe(true);
    expect(op('csvContains')(undefined, '.svc')).toBe(false);
  });
  it('containsAll and containsAny', () => {
    expect(op('containsAll')(['api', 'audit', 'authenticator'], ['api', 'audit'])).toBe(true);
    expect(op('containsAll')(['api'], ['api', 'audit'])).toBe(false);
    expect(op('containsAny')(['api'], ['audit', 'api'])).toBe(true);
  });
  it('matchesGlob over policy names', () => {
    expect(op('matchesGlob')('ELBSecurityPolicy-TLS13-1-2-2021-06', ['ELBSecurityPolicy-TLS13-1-2-*'])).toBe(true);
    expect(op('matchesGlob')('ELBSecurityPolicy-2016-08', ['ELBSecurityPolicy-TLS13-1-2-*'])).toBe(false);
  });
  it('numberGte parses numeric strings and throws on non-numbers', () => {
    expect(op('numberGte')('100.0', 1)).toBe(true);
    expect(() => op('numberGte')('lots', 1)).toThrow(/not a number/);
  });
  it('exists and notEmpty', () => {
    expect(op('exists')(0, true)).toBe(true);
    expect(op('exists')(null, true)).toBe(false);
    expect(op('exists')(undefined, false)).toBe(true);
    expect(op('notEmpty')([], true)).toBe(false);
    expect(op('notEmpty')({ a: 1 }, true)).toBe(true);
  });
  it('lengthGte', () => {
    expect(op('lengthGte')('abcd', 4)).toBe(true);
    expect(op('lengthGte')([1], 2)).toBe(false);
  });
});

describe('durations', () => {
  it('reads seconds, hours, days and combinations', () => {
    expect(durationSeconds('7776000s')).toBe(7776000);
    expect(durationSeconds('2160h')).toBe(7776000);
    expect(durationSeconds('90d')).toBe(7776000);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(op('durationLte')('2160h', '2160h')).toBe(true);
    expect(op('durationLte')('8760h', '2160h')).toBe(false);
    expect(() => durationSeconds('soon')).toThrow();
  });
});

describe('IAM policy documents as JSON strings', () => {
  it('parses JSON text, URL-encoded JSON (AWS Config) and passes objects through', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    expect(parseJsonDocument(JSON.stringify(doc))).toEqual(doc);
    expect(parseJsonDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual(doc);
    expect(parseJsonDocument(doc)).toBe(doc);
    expect(() => parseJsonDocument('not json')).toThrow();
  });
});
