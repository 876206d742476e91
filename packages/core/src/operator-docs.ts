/**
 * The operator table of docs/writing-policies.md, generated from the operator
 * definitions (the single source), between marker comments. A test fails when
 * the committed page is stale. Imports ./operators only.
 */
import { OPERATOR_DEFINITIONS } from './operators/index.js';

export const TABLE_START = '<!-- operators:start (generated from packages/core/src/operators; run pnpm --filter @onus/core docs) -->';
export const TABLE_END = '<!-- operators:end -->';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The table: one row per operator, in registry order. */
export function operatorTable(): string {
  const rows = OPERATOR_DEFINITIONS.map((d) => {
    const origin = d.kind === 'operator' && d.builtin ? ' (json-rules-engine)' : '';
    return `| \`${d.name}\`${origin} | ${cell(d.value.description)} | ${cell(d.doc)} |`;
  });
  return ['| operator | value | true when |', '|---|---|---|', ...rows].join('\n');
}

/** The page with the text between the markers replaced by the current table; throws when a marker is missing. */
export function withOperatorTable(page: string): string {
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`the page has no operator table markers (${TABLE_START} … ${TABLE_END})`);
  return `${page.slice(0, start + TABLE_START.length)}\n${operatorTable()}\n${page.slice(end)}`;
}
