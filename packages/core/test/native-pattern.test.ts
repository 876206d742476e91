import fc from 'fast-check';
import { RE2JS } from 're2js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { nativePattern } from '../src/operators/native-pattern.js';

const re2 = (pattern: string, ignoreCase: boolean) => RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
const bothFind = (pattern: string, ignoreCase: boolean, input: string) => {
  const native = nativePattern(pattern, ignoreCase);
  return { native: native?.regexp.test(input), re2: re2(pattern, ignoreCase).matcher(input).find() };
};

/** Every `matches` pattern in the pack's policies (packages/rules/policies). */
function packPatterns(): { pattern: string; ignoreCase: boolean }[] {
  const root = fileURLToPath(new URL('../../rules/policies', import.meta.url));
  const found: { pattern: string; ignoreCase: boolean }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o['operator'] === 'matches') {
        const v = o['value'] as string | { pattern: string; flags?: string };
        found.push(typeof v === 'string' ? { pattern: v, ignoreCase: false } : { pattern: v.pattern, ignoreCase: (v.flags ?? '').includes('i') });
      }
      Object.values(o).forEach(visit);
    }
  };
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.yaml')) for (const doc of parseAllDocuments(readFileSync(join(dir, e.name), 'utf8'))) visit(doc.toJS({ maxAliasCount: -1 }));
    }
  };
  walk(root);
  return found;
}

// Characters on which JavaScript and RE2 read the same pattern differently: line
// ends ('.'), spaces (\s), case-fold partners (K and the Kelvin sign, s and long s),
// a non-BMP character (code points, not halves), and the metacharacters.
const inputChars = ['a', 'A', 'b', 'k', 'K', '\u212a', 's', 'S', '\u017f', '_', '-', '.', '$', '[', ']', '(', ')', '/', '0', '9', ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2028', '\u00e9', '\ud83d\ude00'];
const atoms = ['a', 'b', 'k', 'K', 's', '_', '-', '/', '0', ' ', '.', '\\.', '\\$', '\\[', '\\-', '\\_', '\\s', '\\S', '\\d', '\\w', '\\b', '[a-c]', '[^a]', '[^.]', '[A-Za-z0-9_]', '[_-]', '[-a]', '[\\]a]', '[^\\n]', '[a-]', '[a-c-]', 'a{2}', 'b{1,3}', '[0-9]{2,}', 'a{0}'];
const piece = fc.tuple(fc.constantFrom(...atoms), fc.constantFrom('', '', '', '?', '*', '+', '*?', '??'), fc.constantFrom('', '', '', '', '^', '$', '|', '(', ')', '(?:'));
const patternArb = fc.array(piece, { minLength: 1, maxLength: 6 }).map((ps) => ps.map((p) => p.join('')).join(''));
const inputArb = fc.array(fc.constantFrom(...inputChars), { maxLength: 12 }).map((cs) => cs.join(''));

describe('nativePattern', () => {
  it('finds a match exactly when RE2 does, for every pattern it translates', () => {
    let translated = 0;
    fc.assert(
      fc.property(patternArb, fc.boolean(), fc.array(inputArb, { minLength: 1, maxLength: 8 }), (pattern, ignoreCase, inputs) => {
        const native = nativePattern(pattern, ignoreCase);
        if (!native) return;
        translated++;
        // The subset is valid RE2: a translated pattern never hides an error RE2 would report.
        const re = re2(pattern, ignoreCase);
        for (const input of inputs) expect(native.regexp.test(input), `${JSON.stringify(pattern)}${ignoreCase ? ' (i)' : ''} on ${JSON.stringify(input)}`).toBe(re.matcher(input).find());
      }),
      { numRuns: 3000, seed: 20261206 },
    );
    // The generator reaches the subset often enough for the comparison to mean something.
    expect(translated).toBeGreaterThan(500);
  });

  it('translates every pattern of the shipped pack but the port-range one (six unbounded repetitions, beyond the subset)', () => {
    const found = packPatterns();
    expect(found.length).toBeGreaterThan(30);
    const left = found.filter(({ pattern, ignoreCase }) => !nativePattern(pattern, ignoreCase)).map((p) => p.pattern);
    expect([...new Set(left)]).toEqual([expect.stringMatching(/^\^\\s\*\(\\\*\|\[Aa\]ny\|22\|3389\|/)]);
  });

  it('spells out what JavaScript reads differently: ., \\s and \\S as RE2 defines them', () => {
    expect(bothFind('^.$', false, '\r')).toEqual({ native: true, re2: true });
    expect(bothFind('^.$', false, '\u2028')).toEqual({ native: true, re2: true });
    expect(bothFind('\\S', false, '\u00a0')).toEqual({ native: true, re2: true });
    expect(bothFind('\\s', false, '\v')).toEqual({ native: false, re2: false });
    expect(bothFind('^k$', true, '\u212a')).toEqual({ native: true, re2: true });
  });

  it('runs a pattern natively only on inputs short enough for its repetitions', () => {
    expect(nativePattern('^abc$', false)?.inputLimit).toBe(4096);
    expect(nativePattern('a*b', false)?.inputLimit).toBe(1024);
    expect(nativePattern('(^|,)\\s*svc\\s*(,|$)', false)?.inputLimit).toBe(200);
    expect(nativePattern('a*b+c{2,}', false)?.inputLimit).toBe(60);
  });

  it('leaves to RE2 what it cannot promise the same for, or in bounded time', () => {
    for (const pattern of ['(a+)+$', '(a|b)*c', 'a*b*c*d*', '(ab){2}', 'a{1,20}', 'a{,3}', 'a{101}', '(?i)a', '(?P<n>a)', '[[:alpha:]]', '\\bword', '\\pL', 'caf\u00e9', '[]a]', '[a-Z]', 'a?'.repeat(9), '(a', 'a)', '*a', 'a**', '\\'])
      expect(nativePattern(pattern, false), pattern).toBeUndefined();
  });
});
