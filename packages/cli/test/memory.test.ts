import { describe, expect, it } from 'vitest';
import { COLLECT_FROM_RESOURCES, collectBeforeEvaluation } from '../src/memory.js';

describe('the collection before evaluating a large scan', () => {
  it('does nothing for a small scan', () => {
    expect(collectBeforeEvaluation(COLLECT_FROM_RESOURCES - 1)).toBe(false);
  });

  it('collects for a large one: garbage left by reading is gone before evaluation starts', () => {
    let garbage: object[] | undefined = Array.from({ length: 400_000 }, (_, i) => ({ i, text: `item ${i}` }));
    const withGarbage = process.memoryUsage().heapUsed;
    garbage = undefined;
    expect(garbage).toBeUndefined();
    expect(collectBeforeEvaluation(COLLECT_FROM_RESOURCES)).toBe(true);
    // 400k small objects are tens of MB; a collection that ran frees most of them.
    expect(withGarbage - process.memoryUsage().heapUsed).toBeGreaterThan(10_000_000);
  });
});
