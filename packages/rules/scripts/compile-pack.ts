/** Rewrite src/compiled-pack.ts from the policy files and params.yaml. `pnpm --filter @onus/rules compile` */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packRoot } from '../src/pack-source.js';
import { packModuleText } from './pack-module.js';

writeFileSync(join(packRoot, 'src', 'compiled-pack.ts'), packModuleText());
console.log('wrote src/compiled-pack.ts');
