/**
 * Whether V8's flags are those of a moment before, told by V8's code cache:
 * V8 refuses a cache made under other flags. Each probe script is new to the
 * isolate (V8 would answer a source it compiled before from memory, without
 * looking at the cache); all have the same length, which is what V8 checks of
 * the source.
 */
import { Script } from 'node:vm';

let n = 0;
const fresh = () => `function probe() { return ${String(n++).padStart(4, '0')} } probe()`;

/** A code cache made under the flags of now. */
export function cacheNow(): Buffer {
  const script = new Script(fresh(), { filename: 'probe.js' });
  script.runInThisContext();
  return script.createCachedData();
}

/** True when V8 refuses `cachedData` now: the flags changed since it was made. */
export function refused(cachedData: Buffer): boolean {
  return new Script(fresh(), { filename: 'probe.js', cachedData }).cachedDataRejected === true;
}
