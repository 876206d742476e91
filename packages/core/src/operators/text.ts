/**
 * Text operators: RE2 regular expressions (linear time: nothing in a policy
 * can make a scan hang) and globs. Patterns are compiled once, at load: the
 * simple ones to an equivalent JavaScript RegExp (./native-pattern.ts), used
 * for inputs up to the length it allows; RE2 is compiled for the
 * others, and for a simple pattern only once a longer input comes.
 * Imports ./definition.ts, ./native-pattern.ts and re2js.
 */
import { RE2JS } from 're2js';
import { globToRegExp } from '../glob.js';
import { asList, defineOperator } from './definition.js';
import { type NativePattern, nativePattern } from './native-pattern.js';

/** A compiled pattern with a memo of recent answers: attribute names and values repeat across resources. */
export interface Pattern {
  /** The RE2 pattern text and whether case is ignored. */
  source: string;
  ignoreCase: boolean;
  /** The same pattern as a JavaScript RegExp, when it is in the safe subset. */
  native: NativePattern | undefined;
  /** RE2's compiled pattern; for a pattern with a native form, compiled at its first long input. */
  re: RE2JS | undefined;
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
  const native = nativePattern(pattern, ignoreCase);
  const compiled: Pattern = { source: pattern, ignoreCase, native, re: native ? undefined : re2(pattern, ignoreCase), memo: new Map<string, boolean>() };
  if (patterns.size >= MEMO_LIMIT) patterns.clear();
  patterns.set(key, compiled);
  return compiled;
}

function re2(pattern: string, ignoreCase: boolean): RE2JS {
  try {
    return RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${JSON.stringify(pattern)} is not an RE2 regular expression (${why}); RE2 has no backreferences or lookaround`);
  }
}

function testPattern(p: Pattern, input: string): boolean {
  let hit = p.memo.get(input);
  if (hit === undefined) {
    if (p.native && input.length <= p.native.inputLimit) hit = p.native.regexp.test(input);
    else hit = (p.re ??= re2(p.source, p.ignoreCase)).matcher(input).find();
    // Kept until the memo is full (DSR-CRED-06 meets 65k attribute names, most of them again and again).
    if (input.length <= 256 && p.memo.size < MEMO_LIMIT) p.memo.set(input, hit);
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
