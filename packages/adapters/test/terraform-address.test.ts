/**
 * Instance addresses: the quick path of parseInstanceAddress (one regular
 * expression for the plain shape) must read every address as the reader of
 * any address does, parts by parts, including the ones it hands over.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAnyInstanceAddress, parseInstanceAddress } from '../src/terraform-address.js';

/** Pieces real and odd addresses are made of, joined as they come (so most texts are malformed). */
const piece = fc.constantFrom(
  'module',
  'data',
  'aws_s3_bucket',
  'this',
  'a-b',
  'x y',
  'a]',
  'q"',
  'b\\',
  '.',
  '..',
  '[0]',
  '[007]',
  '[12345678901234567890]',
  '["k"]',
  '["a.b"]',
  '["module.x."]',
  '["x\\"y"]',
  '[""]',
  '[]',
  '[x]',
  '["',
  ']',
);

/** Well-formed addresses of the plain shape, and near misses of it. */
const name = fc.constantFrom('module', 'data', 'aws_instance', 'web', 'a-b', 'x y', 'n0');
const key = fc.option(fc.constantFrom('[0]', '[10]', '["k"]', '["a.b"]', '["x\\"y"]', '[""]'), { nil: '' });
const step = fc.tuple(name, key).map(([n, k]) => `module.${n}${k}.`);
const plainish = fc
  .tuple(fc.array(step, { maxLength: 3 }), fc.boolean(), name, name, key, fc.constantFrom('', '', '', '.extra', '[1]'))
  .map(([steps, data, type, n, k, tail]) => `${steps.join('')}${data ? 'data.' : ''}${type}.${n}${k}${tail}`);

describe('parseInstanceAddress', () => {
  it('reads the plain shapes', () => {
    expect(parseInstanceAddress('aws_vpc.main')).toEqual({ modules: [], mode: 'managed', type: 'aws_vpc', name: 'main' });
    expect(parseInstanceAddress('module.db.module.x.aws_db_instance.this[0]')).toEqual({
      modules: [{ name: 'db' }, { name: 'x' }],
      mode: 'managed',
      type: 'aws_db_instance',
      name: 'this',
      key: 0,
    });
    expect(parseInstanceAddress('module.team["a.b"].data.aws_iam_policy_document.p["k"]')).toEqual({
      modules: [{ name: 'team', key: 'a.b' }],
      mode: 'data',
      type: 'aws_iam_policy_document',
      name: 'p',
      key: 'k',
    });
    // Two names after data: data is the type.
    expect(parseInstanceAddress('data.x')).toEqual({ modules: [], mode: 'managed', type: 'data', name: 'x' });
    expect(parseInstanceAddress('module.a.module')).toBeUndefined();
    expect(parseInstanceAddress('module.a.module.b')).toBeUndefined();
    expect(parseInstanceAddress('aws_s3_bucket.b["x\\"y"]')?.key).toBe('x"y');
  });

  it('agrees with the reader of any address on plain and near-plain addresses', () => {
    fc.assert(
      fc.property(plainish, (address) => {
        expect(parseInstanceAddress(address)).toStrictEqual(parseAnyInstanceAddress(address));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the reader of any address on texts made of any pieces', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 9 }), (pieces) => {
        const address = pieces.join('');
        expect(parseInstanceAddress(address)).toStrictEqual(parseAnyInstanceAddress(address));
        const dotted = pieces.join('.');
        expect(parseInstanceAddress(dotted)).toStrictEqual(parseAnyInstanceAddress(dotted));
      }),
      { numRuns: 3000 },
    );
  });
});
