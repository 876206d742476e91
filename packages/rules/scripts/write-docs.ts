/** Regenerate docs/ and policies.lock.json from the policy files. `pnpm --filter @onus/rules docs` */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateDocs } from '../src/docs.js';
import { loadDefaultPack, paramSpecs } from '../src/index.js';
import { makeLock } from '../src/lock.js';
import { packRoot } from '../src/pack-source.js';

const pack = loadDefaultPack();
rmSync(join(packRoot, 'docs', 'controls'), { recursive: true, force: true });
for (const [file, text] of generateDocs(pack, paramSpecs())) {
  mkdirSync(dirname(join(packRoot, file)), { recursive: true });
  writeFileSync(join(packRoot, file), text);
}
if (process.argv.includes('--lock')) writeFileSync(join(packRoot, 'policies.lock.json'), `${JSON.stringify(makeLock(pack), null, 2)}\n`);
console.log(`wrote ${readdirSync(join(packRoot, 'docs', 'controls')).length} control pages`);
