#!/usr/bin/env node
// The onus bin: starts the CLI bundle (dist/onus.cjs), compiled from V8's code
// cache when an earlier run left one (see scripts/bundle.mjs, which copies this
// file to dist/bin.cjs with the bundle's digest in place of BUNDLE_DIGEST).
// CommonJS, as the bundle: an ES module here would start Node's module loader
// for one file, about 6 ms of every run.
'use strict';
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { basename, dirname, isAbsolute, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

// V8's young generation stays at its first size (1 MiB semi-spaces) instead
// of doubling up to 16 MiB as objects survive: on a virtual machine that hands
// freed memory back to its host, each page touched for the first time costs
// about 11 us, and a short run spent more on the 32 MiB a grown young
// generation touches than on the extra collections of a small one (the
// pre-commit case: 644 -> 529 ms). Set before the bundle is compiled: V8
// stamps the code cache with its flags. The CLI lets it grow again for a large
// scan, and holds it again before exit (packages/cli/src/tiering.ts).
require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
globalThis[Symbol.for('onus.youngGenerationHeld')] = true;

/** A digest of dist/onus.cjs: each bundle has its own cache file. */
const BUNDLE_DIGEST = '30372f48ae253bb3';

const file = join(__dirname, 'onus.cjs');
// All ASCII: latin1 reads it without decoding. It is one function expression (scripts/bundle.mjs), compiled as read.
const source = readFileSync(file, 'latin1');
const cache = cacheFile();
let cachedData;
if (cache) {
  try {
    cachedData = readFileSync(cache);
  } catch {
    // No cache yet.
  }
}
const script = new Script(source, { filename: file, cachedData });
// V8 takes the cache, or refuses it (another bundle or flags): then the run compiles everything and writes a new one.
const accepted = cachedData !== undefined && !script.cachedDataRejected;
if (cache) process.once('exit', () => saveIfNew(cache, script, accepted));
const cjs = { exports: {} };
// This file's require resolves from the bundle's folder, as the bundle's own would.
script.runInThisContext()(cjs.exports, require, cjs, file, dirname(file), pathToFileURL(file).href, require);

/** Where this bundle's code cache lives, or undefined when it is turned off or there is no place for it. */
function cacheFile() {
  const env = process.env;
  if (env.ONUS_DISABLE_COMPILE_CACHE && env.ONUS_DISABLE_COMPILE_CACHE !== '0') return undefined;
  if (env.ONUS_COMPILE_CACHE) return join(env.ONUS_COMPILE_CACHE, name());
  // XDG: an absolute XDG_CACHE_HOME, else ~/.cache; no home folder, no cache.
  let home = '';
  try {
    home = homedir();
  } catch {
    // none
  }
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : home && isAbsolute(home) ? join(home, '.cache') : undefined;
  return base && join(base, 'onus', name());
}

function name() {
  return `onus-${BUNDLE_DIGEST}-${process.version}-${process.platform}-${process.arch}.v8cache`;
}

/**
 * When the run is over (its output already written), write the cache if there
 * was none to take, or if this run used a part of onus the cache was not
 * written with (the CLI names them: its command, the formats it read and
 * wrote; see packages/cli/src/code-cache.ts). V8's cache holds the functions
 * compiled so far, those it was read with and this run's: written again, it
 * covers both runs. A file beside it lists the parts it covers. Never fails the run.
 */
function saveIfNew(path, compiled, accepted) {
  try {
    const used = [...(globalThis[Symbol.for('onus.codeCacheFeatures')] ?? [])];
    const known = accepted ? covered(path) : [];
    if (accepted && used.every((f) => known.includes(f))) return;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    write(path, compiled.createCachedData());
    write(`${path}.covers`, `${JSON.stringify([...new Set([...known, ...used])].sort())}\n`);
    if (!accepted) pruneStale(path);
  } catch {
    // A read-only or missing home: run without a cache.
  }
}

/** Caches of other bundles (or Node versions) not written for this long are removed when a new one is written. */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Remove the caches other onus bundles left, once they are a month old: each
 * update of onus writes a new one. A cache still in use (another project
 * pins another onus) is at worst written again by its next run. Only files
 * that onus names (`onus-*.v8cache`, their `.covers` and half-written
 * copies) are touched.
 */
function pruneStale(path) {
  const dir = dirname(path);
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    if (!/^onus-.+\.v8cache(\.covers)?(\.\d+)?$/.test(name) || name.startsWith(basename(path))) continue;
    try {
      const at = join(dir, name);
      if (now - statSync(at).mtimeMs > STALE_MS) rmSync(at, { force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

/** The parts of onus a cache was written with (none when the list is missing or unreadable). */
function covered(path) {
  try {
    const list = JSON.parse(readFileSync(`${path}.covers`, 'utf8'));
    return Array.isArray(list) ? list.filter((f) => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

/** Write a file whole or not at all (another run may read it at the same time). */
function write(path, data) {
  const tmp = `${path}.${process.pid}`;
  writeFileSync(tmp, data, { mode: 0o600 });
  renameSync(tmp, path);
}
