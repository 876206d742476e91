/** Write schemas/config.schema.json from src/config-schema.ts. `pnpm --filter @onus/cli schemas` */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSchema } from '../src/config-schema.js';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas', 'config.schema.json');
writeFileSync(file, `${JSON.stringify(configSchema, null, 2)}\n`);
console.log(`wrote ${file}`);
