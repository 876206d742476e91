#!/usr/bin/env node
/** The `onus` executable. */
import { processIo } from './io.js';
import { main } from './main.js';

// `onus scan | head`: a closed pipe ends the output quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`onus: internal error: ${err instanceof Error ? err.message : String(err)} -- please report it\n`);
    process.exitCode = 2;
  },
);
