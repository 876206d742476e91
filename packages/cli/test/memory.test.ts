import { describe, expect, it } from 'vitest';
import { COLLECT_FROM_CHARACTERS, COLLECT_FROM_RESOURCES, collectAfterParsing, collectBeforeEvaluation } from '../src/memory.js';

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

describe('the collection once a large input is parsed', () => {
  it('does nothing for a small input, and collects for a large one', () => {
    expect(collectAfterParsing(COLLECT_FROM_CHARACTERS - 1)).toBe(false);
    let text: string | undefined = Buffer.alloc(40_000_000, 'x').toString('utf8');
    const withText = process.memoryUsage().heapUsed;
    expect(text.length).toBe(40_000_000);
    text = undefined;
    expect(collectAfterParsing(COLLECT_FROM_CHARACTERS)).toBe(true);
    expect(withText - process.memoryUsage().heapUsed).toBeGreaterThan(30_000_000);
  });
});
