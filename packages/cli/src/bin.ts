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
    exitOnceWritten();
  },
  (err: unknown) => {
    process.stderr.write(`onus: internal error: ${err instanceof Error ? err.message : String(err)} -- please report it\n`);
    process.exitCode = 2;
  },
);

/**
 * Exit as soon as the output is out. Left to itself, Node would wait for
 * background work the scan no longer needs (V8 optimising the Terraform
 * parser's WebAssembly), about 15 ms of a 20-file module's scan.
 */
function exitOnceWritten(): void {
  const streams = [process.stdout, process.stderr].filter((s) => s.writableLength > 0);
  let left = streams.length;
  if (left === 0) process.exit();
  for (const s of streams) s.once('drain', () => --left === 0 && process.exit());
}
