import { describe, expect, it } from 'vitest';
import { RecentMemo } from '../src/recent.js';

describe('RecentMemo', () => {
  it('finds what was set for the same object, not for an equal one', () => {
    const memo = new RecentMemo<object, string>(2);
    const a = {};
    memo.set(a, 'a');
    expect(memo.get(a)).toBe('a');
    expect(memo.get({})).toBeUndefined();
  });

  it('keeps only the last `size` keys, forgetting the oldest first', () => {
    const memo = new RecentMemo<object, number>(2);
    const keys = [{}, {}, {}];
    keys.forEach((k, i) => memo.set(k, i));
    expect(keys.map((k) => memo.get(k))).toEqual([undefined, 1, 2]);
  });
});
