/** Regenerate the operator table of docs/writing-policies.md. `pnpm --filter @onus/core docs` */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withOperatorTable } from '../src/operator-docs.js';

const page = fileURLToPath(new URL('../../../docs/writing-policies.md', import.meta.url));
const before = readFileSync(page, 'utf8');
const after = withOperatorTable(before);
writeFileSync(page, after);
console.log(after === before ? 'docs/writing-policies.md: operator table up to date' : 'docs/writing-policies.md: operator table rewritten');
