/**
 * Full garbage collections at two points of a large scan: once a large
 * input is parsed (its text, as large as its parsed tree, is garbage from
 * then on: collected there, the 50k-resource plan's peak RSS is about 45 MB
 * lower), and between reading and evaluating.
 * Reading a large plan leaves its text, the parsed tree of what the adapter
 * did not keep (`planned_values`, the markers) and the adapter's scratch in
 * the old generation; V8 would collect them only when the heap has grown to a
 * multiple of its size at the last collection, so evaluation would stack its
 * findings on top. Collected first, the 50k-resource plan peaks about a third
 * lower and runs no slower (bench: peak RSS). The CLI owns its process, so it
 * may ask; the library never does.
 */
import { setV8Flags } from './v8-flags.js';

/** Resources from which a scan is large enough for the collection to pay (a 10k plan gains 20 MB; a small scan would only pay its cost). */
export const COLLECT_FROM_RESOURCES = 5000;

let collect: (() => void) | null | undefined;

/**
 * V8's `gc`, exposed the documented way (`--expose-gc`) for a context made
 * while the flag is set; null where the runtime refuses. The flag is unset
 * again at once: V8 stamps the code cache the launcher writes at exit with
 * the flags of that moment, and a cache stamped with `--expose-gc` would be
 * refused by every later run (which starts without it) and written again.
 */
function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      setV8Flags('--expose-gc');
      const gc: unknown = process.getBuiltinModule('node:vm').runInNewContext('gc');
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    } finally {
      setV8Flags('--no-expose-gc');
    }
  }
  return collect;
}

/** Characters of an input's text from which collecting it as soon as it is parsed pays (a 50k plan has 48 M; a 10k plan, 10 M, stays far below its memory target without). */
export const COLLECT_FROM_CHARACTERS = 20 * 1024 * 1024;

/** Collect garbage once an input of `length` characters is parsed, when it is that large; true when it ran. */
export function collectAfterParsing(length: number): boolean {
  return length >= COLLECT_FROM_CHARACTERS && collectNow();
}

/** Collect garbage before evaluating `resources` resources, when that many pay for it; true when it ran. */
export function collectBeforeEvaluation(resources: number): boolean {
  return resources >= COLLECT_FROM_RESOURCES && collectNow();
}

/** One full collection; false where the runtime gives no `gc`. */
function collectNow(): boolean {
  const gc = collector();
  gc?.();
  return gc !== null;
}
