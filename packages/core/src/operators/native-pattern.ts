/**
 * A JavaScript RegExp with exactly the meaning of an RE2 pattern, for the
 * simple patterns policies use (anchors, literals, classes, alternation):
 * V8's engine answers those at once, where RE2 in JavaScript first has to
 * compile its automaton, which is most of a small scan's evaluation.
 *
 * Only a safe subset is translated; anything else returns undefined and stays
 * with RE2. The subset keeps RE2's two promises:
 * - the same matches: ASCII patterns only; `.`, `\s`, `\S` and `\d` are spelt
 *   out as RE2 defines them (JavaScript's `.` and `\s` differ); the `u` flag
 *   gives RE2's code-point matching and simple case folding; no
 *   flags groups, named groups, POSIX classes or look-arounds; counted
 *   repetition (`{n}`, `{n,m}`) up to 100;
 * - bounded time: repetition only of single atoms, never of a group (but
 *   `?`), at most three unbounded ones (`*`, `+`, `{n,}`), so a backtracking
 *   match takes at worst input length to the power of one more than their
 *   number; each pattern carries the input length up to which that stays
 *   small (`inputLimit`), and longer inputs go to RE2. At most MAX_OPTIONAL
 *   optional parts (`?`, `{n,m}`), which multiply the paths to try.
 */

/** A translated pattern and the longest input it may be run on. */
export interface NativePattern {
  regexp: RegExp;
  inputLimit: number;
}

/** The longest input for a pattern with 0, 1, 2 or 3 unbounded repetitions (about ten million steps at worst). */
const INPUT_LIMITS = [4096, 1024, 200, 60];
const MAX_OPTIONAL = 8;
const MAX_REPEAT = 100;

const ESCAPES_OUTSIDE: Record<string, string> = { s: '[\\t\\n\\f\\r ]', S: '[^\\t\\n\\f\\r ]', d: '[0-9]' };

const hex = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);
/** A printable ASCII character or a space. */
const isPrintable = (c: string) => c >= ' ' && c <= '~';

/** The RegExp equivalent to RE2 `pattern`, or undefined when it is outside the safe subset. */
export function nativePattern(pattern: string, ignoreCase: boolean): NativePattern | undefined {
  const translated = translate(pattern);
  if (translated === undefined) return undefined;
  try {
    return { regexp: new RegExp(translated.source, ignoreCase ? 'iu' : 'u'), inputLimit: INPUT_LIMITS[translated.unbounded]! };
  } catch {
    return undefined;
  }
}

function translate(pattern: string): { source: string; unbounded: number } | undefined {
  let out = '';
  let depth = 0;
  let unbounded = 0;
  let optional = 0;
  // What the last token was: a quantifier applies only to an atom (not to a group, anchor or another quantifier).
  let last: 'atom' | 'group' | 'other' = 'other';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (!isPrintable(c)) return undefined;
    if (c === '*' || c === '+' || c === '?') {
      if (last === 'other' || (last === 'group' && c !== '?')) return undefined;
      if (c === '?') optional++;
      else unbounded++;
      out += c;
      if (pattern[i + 1] === '?') {
        out += '?';
        i++;
      }
      last = 'other';
      continue;
    }
    if (c === '{') {
      const repeat = /^\{(\d{1,3})(,(\d{0,3}))?\}/.exec(pattern.slice(i));
      if (!repeat || last !== 'atom') return undefined;
      const min = Number(repeat[1]);
      const max = repeat[2] === undefined ? min : repeat[3] === '' ? Infinity : Number(repeat[3]);
      if (min > MAX_REPEAT || max < min || (max !== Infinity && max > MAX_REPEAT)) return undefined;
      if (max === Infinity) unbounded++;
      else optional += max - min;
      out += repeat[0];
      i += repeat[0].length - 1;
      if (pattern[i + 1] === '?') {
        out += '?';
        i++;
      }
      last = 'other';
      continue;
    }
    if (c === '}') return undefined;
    if (c === '(') {
      if (pattern[i + 1] === '?') {
        if (pattern[i + 2] !== ':') return undefined;
        out += '(?:';
        i += 2;
      } else out += '(';
      depth++;
      last = 'other';
    } else if (c === ')') {
      if (depth === 0) return undefined;
      depth--;
      out += ')';
      last = 'group';
    } else if (c === '|' || c === '^' || c === '$') {
      out += c;
      last = 'other';
    } else if (c === '.') {
      out += '[^\\n]';
      last = 'atom';
    } else if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined || !isPrintable(e)) return undefined;
      i++;
      if (isAlnum(e)) {
        const spelt = ESCAPES_OUTSIDE[e];
        if (spelt === undefined) return undefined;
        out += spelt;
      } else out += hex(e);
      last = 'atom';
    } else if (c === '[') {
      const end = classEnd(pattern, i);
      if (end === undefined) return undefined;
      const body = translateClass(pattern.slice(i + 1, end));
      if (body === undefined) return undefined;
      out += `[${body}]`;
      i = end;
      last = 'atom';
    } else {
      out += isAlnum(c) || c === ' ' ? c : hex(c);
      last = 'atom';
    }
  }
  return depth === 0 && unbounded < INPUT_LIMITS.length && optional <= MAX_OPTIONAL ? { source: out, unbounded } : undefined;
}

/** The index of the `]` that closes the class opening at `open`, or undefined (also for `[]…]` and `[^]…]`, read differently by the two engines). */
function classEnd(pattern: string, open: number): number | undefined {
  let i = open + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') return undefined;
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '[') return undefined;
    else if (c === ']') return i;
  }
  return undefined;
}

/** A class body (between the brackets): literals, escaped punctuation and ranges of alphanumerics. */
function translateClass(body: string): string | undefined {
  let out = '';
  let i = 0;
  if (body[0] === '^') {
    out += '^';
    i = 1;
  }
  const items: string[] = [];
  for (; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      const e = body[i + 1];
      if (e === undefined || isAlnum(e)) return undefined;
      items.push(e);
      i++;
    } else items.push(c === '-' ? '\u0000-' : c);
  }
  // '-' between two items is a range (alphanumeric ends of the same kind only); at either end, a literal.
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    if (item === '\u0000-') {
      const from = items[k - 1];
      const to = items[k + 1];
      if (k === 0 || k === items.length - 1) out += hex('-');
      else if (from !== undefined && to !== undefined && sameKind(from, to) && from <= to && (items[k + 2] !== '\u0000-' || k + 2 === items.length - 1)) {
        out += '-';
      } else return undefined;
    } else out += isAlnum(item) || item === ' ' ? item : hex(item);
  }
  return out;
}

function sameKind(a: string, b: string): boolean {
  const kind = (c: string) => (/[a-z]/.test(c) ? 1 : /[A-Z]/.test(c) ? 2 : /[0-9]/.test(c) ? 3 : 0);
  return kind(a) !== 0 && kind(a) === kind(b);
}
