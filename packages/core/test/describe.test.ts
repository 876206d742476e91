import { describe, expect, it } from 'vitest';
import { describeCondition, OPERATOR_DEFINITIONS } from '../src/index.js';

const leaf = (operator: string, value: unknown) => ({ fact: 'values', path: '$.x', operator, value });

describe('conditions in plain words come from the operator phrases', () => {
  it('every operator has its own words (none falls back to its name)', () => {
    for (const d of OPERATOR_DEFINITIONS) {
      const value = d.kind === 'quantifier' ? { path: '$.y', operator: 'equal', value: 1 } : 1;
      const [line] = describeCondition(leaf(d.name, value));
      expect(line, d.name).not.toContain(`satisfy ${d.name}`);
      expect(line, d.name).toContain('values.x');
    }
  });

  it('says what allowsHost, csvContains and hasKeys ask', () => {
    expect(describeCondition(leaf('allowsHost', 'api.example.com'))).toEqual(['values.x must let "api.example.com" through']);
    expect(describeCondition({ not: leaf('csvContains', ['.svc']) })).toEqual(['values.x must miss at least one entry of [".svc"]']);
    expect(describeCondition(leaf('hasKeys', { fact: 'params', path: '$.requiredTags' }), { requiredTags: ['Owner'] })).toEqual([
      'values.x must have the keys the parameter requiredTags (["Owner"])',
    ]);
  });

  it('reads a flag value of false as the opposite, and not() as the opposite again', () => {
    expect(describeCondition(leaf('exists', false))).toEqual(['values.x must not be set']);
    expect(describeCondition({ not: leaf('exists', false) })).toEqual(['values.x must be set']);
  });

  it('puts a nested condition after its quantifier phrase', () => {
    expect(describeCondition(leaf('noItem', { path: '$.cidr', operator: 'equal', value: '0.0.0.0/0' }))).toEqual([
      'no item of values.x may satisfy: item.cidr must equal "0.0.0.0/0"',
    ]);
  });
});
