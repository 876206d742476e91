/** Rewrite src/compiled-pack.ts and src/params-validators.ts from the policy files and params.yaml. `pnpm --filter @onus/rules compile` */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packRoot } from '../src/pack-source.js';
import { compilePackData, packModuleText } from './pack-module.js';
import { paramsValidatorsModuleText } from './params-validators-module.js';

const data = compilePackData();
writeFileSync(join(packRoot, 'src', 'compiled-pack.ts'), packModuleText(data));
writeFileSync(join(packRoot, 'src', 'params-validators.ts'), paramsValidatorsModuleText(data.specs));
console.log('wrote src/compiled-pack.ts and src/params-validators.ts');
