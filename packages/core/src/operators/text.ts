/**
 * Text operators: RE2 regular expressions (linear time: nothing in a policy
 * can make a scan hang) and globs. Patterns are compiled once, at load.
 * Imports ./definition.ts and re2js.
 */
import { RE2JS } from 're2js';
import { globToRegExp } from '../glob.js';
import { asList, defineOperator } from './definition.js';

/** A compiled pattern with a memo of recent answers: attribute names and values repeat across resources. */
export interface Pattern {
  re: RE2JS;
  memo: Map<string, boolean>;
}
const MEMO_LIMIT = 4096;

/** One compiled pattern (and memo) per pattern text: policies repeat patterns (secret-like names). */
const patterns = new Map<string, Pattern>();

function compilePattern(value: unknown): Pattern {
  const { pattern, flags } = typeof value === 'string' ? { pattern: value, flags: '' } : (value as { pattern: string; flags?: string });
  const ignoreCase = (flags ?? '').includes('i');
  const key = `${ignoreCase ? 'i' : ''}/${pattern}`;
  const known = patterns.get(key);
  if (known) return known;
  try {
    const compiled = { re: RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0), memo: new Map<string, boolean>() };
    if (patterns.size >= MEMO_LIMIT) patterns.clear();
    patterns.set(key, compiled);
    return compiled;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${JSON.stringify(pattern)} is not an RE2 regular expression (${why}); RE2 has no backreferences or lookaround`);
  }
}

function testPattern(p: Pattern, input: string): boolean {
  let hit = p.memo.get(input);
  if (hit === undefined) {
    hit = p.re.matcher(input).find();
    if (p.memo.size >= MEMO_LIMIT) p.memo.clear();
    if (input.length <= 256) p.memo.set(input, hit);
  }
  return hit;
}


export const textOperators = [
  defineOperator<Pattern>({
    name: 'matches',
    value: {
      description: 'an RE2 pattern, or `{ pattern, flags: i }`',
      anyOf: [
        { type: 'string' },
        { type: 'object', required: ['pattern'], additionalProperties: false, properties: { pattern: { type: 'string' }, flags: { type: 'string', pattern: '^i?$' } } },
      ],
    },
    compile: compilePattern,
    test: (a, p) => typeof a === 'string' && testPattern(p, a),
    phrases: { holds: '{subject} must match the regular expression {value}', doesNotHold: '{subject} must not match the regular expression {value}' },
    doc: 'The fact is a string in which the RE2 pattern finds a match (`flags: i` ignores case); other values never match.',
    examples: [
      { fact: 'MyPassword', value: { pattern: 'password', flags: 'i' }, holds: true },
      { fact: 'token', value: '^tok', holds: true },
      { fact: 42, value: '4', holds: false },
    ],
  }),
  defineOperator<RegExp[]>({
    name: 'matchesGlob',
    value: { description: 'a glob (`*` is any run of characters) or a list of globs', anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    compile: (v) => asList(v).map((g) => globToRegExp(String(g), { questionMark: false })),
    test: (a, globs) => asList(a).some((s) => typeof s === 'string' && globs.some((g) => g.test(s))),
    phrases: { holds: '{subject} must match the pattern {value}', doesNotHold: '{subject} must not match the pattern {value}' },
    doc: 'The fact (a string, or any string of a list) matches one of the globs (`ELBSecurityPolicy-TLS13-*`).',
    examples: [
      { fact: 'ELBSecurityPolicy-TLS13-1-2-2021-06', value: 'ELBSecurityPolicy-TLS13-*', holds: true },
      { fact: ['a', 'b'], value: ['c*'], holds: false },
    ],
  }),
];
