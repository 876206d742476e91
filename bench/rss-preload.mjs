// Loaded with `node --import` by the bench: at exit, write this process's peak RSS (KiB) to the file ONUS_BENCH_RSS names.
import { writeFileSync } from 'node:fs';

const file = process.env.ONUS_BENCH_RSS;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
