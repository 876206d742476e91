import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operatorTable, withOperatorTable } from '../src/operator-docs.js';
import { OPERATOR_DEFINITIONS } from '../src/index.js';

const page = readFileSync(new URL('../../../docs/writing-policies.md', import.meta.url), 'utf8');

describe('the operator table of docs/writing-policies.md', () => {
  it('is up to date with the operator definitions (run pnpm --filter @onus/core docs)', () => {
    expect(withOperatorTable(page)).toBe(page);
  });

  it('has one row per operator, made from its definition', () => {
    const rows = operatorTable().split('\n').slice(2);
    expect(rows).toHaveLength(OPERATOR_DEFINITIONS.length);
    const matches = OPERATOR_DEFINITIONS.find((d) => d.name === 'matches')!;
    expect(rows).toContain(`| \`matches\` | ${matches.value.description} | ${matches.doc} |`);
  });

  it('is found stale when a row is edited by hand', () => {
    const edited = page.replace(/^\| `lengthGte` .*$/m, '| `lengthGte` | a number | hand-written |');
    expect(edited).not.toBe(page);
    expect(withOperatorTable(edited)).toBe(page);
  });

  it('needs its markers', () => {
    expect(() => withOperatorTable('# no table here')).toThrow(/markers/);
  });
});
