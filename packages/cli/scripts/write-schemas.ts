/** Write schemas/config.schema.json and src/config-validator.ts from src/config-schema.ts. `pnpm --filter @onus/cli schemas` */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSchema } from '../src/config-schema.js';
import { configValidatorModuleText } from './config-validator-module.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = join(root, 'schemas', 'config.schema.json');
writeFileSync(file, `${JSON.stringify(configSchema, null, 2)}\n`);
writeFileSync(join(root, 'src', 'config-validator.ts'), configValidatorModuleText());
console.log(`wrote ${file} and src/config-validator.ts`);
