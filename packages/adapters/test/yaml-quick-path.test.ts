/**
 * The quick YAML path (js-yaml's events) against the thorough one (`yaml`'s
 * composer): on every YAML file of the corpus, the fixtures and the examples,
 * and on generated documents, the quick path either gives up or reads the
 * same documents, values (key order included), lines and attribute lines.
 * It never reads a text the thorough path refuses or warns about.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constructFromEvents, parseEvents } from 'js-yaml';
import { parseYamlStream, parseYamlStreamQuickly, parseYamlStreamThoroughly, stringScalarRanges, type YamlStream } from '../src/yaml.js';
import { construct, quickSchema } from '../src/yaml-events.js';
import { corpusDir, hasCorpus, repoRoot } from './support.js';

/** A value with its key order spelt out, NaN and dates made comparable. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Date) return { date: value.toISOString() };
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => [k, canonical(v)]);
  return value;
}

/** What a stream says about each document, as far as the adapters read it. */
function describeStream(stream: YamlStream): unknown[] {
  return stream.documents
    .filter((d) => d.value !== null)
    .map((d) => {
      const items = d.outline?.child('items');
      const itemLines: unknown[] = [];
      for (let i = 0; items?.child(i); i++) itemLines.push([items.child(i)!.line, items.child(i)!.attributeLines()]);
      return { line: d.line, value: canonical(d.value), lines: d.outline?.attributeLines(), itemLines };
    });
}

/**
 * The quick path builds its values in one pass over js-yaml's events, not with
 * js-yaml's constructor: whatever it builds, that constructor builds the same
 * (key order included), and whatever that constructor refuses, it refuses.
 */
function sameAsConstructor(text: string, file: string): void {
  let events;
  try {
    events = parseEvents(text, { maxDepth: 50 });
  } catch {
    return;
  }
  const built = construct(events, text);
  let constructed: unknown[] | undefined;
  try {
    constructed = constructFromEvents(events, { source: text, schema: quickSchema(), maxAliases: 0 });
  } catch {
    constructed = undefined;
  }
  if (constructed === undefined) expect(built, file).toBeUndefined();
  if (built) expect(built.values.map(canonical), file).toEqual(constructed!.map(canonical));
}

/** Compare the two paths on one text: 'quick' when the quick path read it, 'thorough' when it gave up. */
function compare(text: string, file: string): 'quick' | 'thorough' {
  sameAsConstructor(text, file);
  const thorough = parseYamlStreamThoroughly(text, file);
  const quick = parseYamlStreamQuickly(text);
  // Given up: parseYamlStream is then the thorough path itself, nothing to compare.
  if (!quick) return 'thorough';
  expect(thorough.errors.map((e) => e.message), file).toEqual([]);
  expect(thorough.warnings.map((e) => e.message), file).toEqual([]);
  expect(describeStream(quick), file).toEqual(describeStream(thorough));
  return 'quick';
}

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.ya?ml$/.test(entry.name) && !entry.parentPath.includes('node_modules')) out.push(path.join(entry.parentPath, entry.name));
  }
  return out.sort();
}

describe('the quick YAML path reads what the thorough path reads', () => {
  it('on every YAML file of the fixtures and the examples', () => {
    const files = [...yamlFiles(path.join(repoRoot, 'packages')), ...yamlFiles(path.join(repoRoot, 'examples'))];
    const counts = { quick: 0, thorough: 0 };
    for (const file of files) counts[compare(fs.readFileSync(file, 'utf8'), file)]++;
    expect(files.length).toBeGreaterThan(50);
    // Most real manifests take the quick path; the rest are the bad-input fixtures.
    expect(counts.quick).toBeGreaterThan(counts.thorough);
  });

  it.skipIf(!hasCorpus)('on every YAML file of the third-party corpus', () => {
    const files = yamlFiles(corpusDir);
    const counts = { quick: 0, thorough: 0 };
    for (const file of files) counts[compare(fs.readFileSync(file, 'utf8'), file)]++;
    expect(files.length).toBeGreaterThan(10);
    expect(counts.quick).toBeGreaterThan(counts.thorough);
  });
});

describe('the quick YAML path on generated input', () => {
  /** Plain scalars near every resolution rule: numbers, octal and hex, sexagesimal, exponents, booleans, nulls, dates. */
  const plainScalar = fc.oneof(
    fc.stringMatching(/^[-+]?[0-9._eExobBOX:a-fA-F]{1,8}$/),
    fc.constantFrom('y', 'Y', 'n', 'N', 'yes', 'No', 'ON', 'off', 'True', 'tRue', '~', 'null', 'Null', 'NULL', '.inf', '-.Inf', '.NaN', '.', '-.', '._', 'e3', '1e3', '08', '0644', '0o17', '0x1F', '1:30', '1:30.5', '2001-12-14', '2001-12-14 21:59:43.10 -5', '=', '1_000', '0_', '-0_', '0b_', '0x_', '0o_'),
  );

  it('resolves plain scalars as the thorough path does (YAML 1.1, as kubectl)', () => {
    let read = 0;
    fc.assert(
      fc.property(plainScalar, (scalar) => {
        const text = `k: ${scalar}\n`;
        sameAsConstructor(text, 'f.yaml');
        // As a key: the value the constructor makes of it, and the attribute line (or none) the thorough path gives it.
        compare(`${scalar}: v\n`, 'as a key');
        const thorough = parseYamlStreamThoroughly(text, 'f.yaml');
        const quick = parseYamlStreamQuickly(text);
        if (!quick) return; // the quick path gave up: the thorough path reads it
        read++;
        expect(thorough.errors).toEqual([]);
        expect(canonical(quick.documents[0]?.value), scalar).toEqual(canonical(thorough.documents[0]?.value));
      }),
      { numRuns: 3000 },
    );
    // Plain scalars are what the quick path is for: nearly all of them are read by it, not handed on.
    expect(read).toBeGreaterThan(2700);
  });

  /** A small YAML value and a text for it in block or flow style, quoted or plain. */
  const key = fc.oneof(fc.constantFrom('name', 'image', 'k8s.io/x', '80', 'on', 'a b'), fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/));
  const scalar = fc.oneof(plainScalar, fc.string({ maxLength: 12 }), fc.constantFrom('', 'a: b', '- x', '#', "it's", 'multi\nline', 'echo a\necho b.', '{{ .Values.x }}'));
  type Tree = { s: string } | { m: [string, Tree][] } | { q: Tree[] };
  const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar.map((s): Tree => ({ s })),
      fc.uniqueArray(fc.tuple(key, tie('t')), { maxLength: 4, selector: ([k]) => k }).map((m): Tree => ({ m })),
      fc.array(tie('t'), { maxLength: 4 }).map((q): Tree => ({ q })),
    ),
  })).t;

  const quote = (s: string, style: number): string =>
    style === 0 && /^[A-Za-z0-9][\w./ -]*$/.test(s) && !/ $/.test(s) ? s : style === 1 && !s.includes('\n') ? `'${s.replace(/'/g, "''")}'` : JSON.stringify(s);

  /** Render a tree as block YAML (flow for some collections), with the style chosen by `seed`. */
  function render(t: Tree, indent: number, seed: number): string {
    const pad = ' '.repeat(indent);
    if ('s' in t) {
      // Block scalars (`|-`) for text that reads the same in one.
      if (seed % 4 === 3 && /^\w[\w. \n]*\w$/.test(t.s) && !/ \n|\n /.test(t.s)) return ` |-\n${t.s.split('\n').map((line) => pad + line).join('\n')}\n`;
      return ` ${quote(t.s, seed % 3)}\n`;
    }
    const flow = seed % 5 === 4;
    if ('m' in t) {
      if (t.m.length === 0) return ' {}\n';
      if (flow && t.m.every(([, v]) => 's' in v)) return ` {${t.m.map(([k, v]) => `${quote(k, 2)}: ${quote((v as { s: string }).s, 2)}`).join(', ')}}\n`;
      return '\n' + t.m.map(([k, v], i) => `${pad}${quote(k, (seed + i) % 2)}:${render(v, indent + 2, seed * 7 + i)}`).join('');
    }
    if (t.q.length === 0) return ' []\n';
    return '\n' + t.q.map((v, i) => `${pad}-${render(v, indent + 2, seed * 3 + i).replace(/^\n {2}/, ' ').replace(/^\n/, '\n')}`).join('');
  }

  it('reads generated documents to the same values and lines, or gives up', () => {
    let quick = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uniqueArray(fc.tuple(key, tree), { minLength: 1, maxLength: 4, selector: ([k]) => k }), fc.nat(1000)), { minLength: 1, maxLength: 3 }), (docs) => {
        const text = docs.map(([entries, seed]) => entries.map(([k, v], i) => `${quote(k, 0)}:${render(v, 2, seed + i)}`).join('')).join('---\n');
        if (compare(text, 'generated.yaml') === 'quick') quick++;
      }),
      { numRuns: 400 },
    );
    // The quick path reads a good share of them (105 to 129 of 400 over 12 runs; a threshold of 100 failed once at 95).
    expect(quick).toBeGreaterThan(60);
  });
});

describe('the quick YAML path on chosen texts', () => {
  it.each([
    ['a quoted merge key (an ordinary key, without a line)', '"<<": {a: 1}\nb: 2\n'],
    ['CRLF line ends', 'a: 1\r\nb:\r\n  - x\r\n  - "y"\r\n'],
    ['empty documents and an end marker', '---\n...\n---\na: 1\n'],
    ['an explicit key', '- ? a\n  : b\n'],
    ['a block scalar list item', 'args:\n  - |\n    echo a\n  - >-\n    b\n'],
  ])('%s: reads as the thorough path', (_what, text) => {
    expect(compare(text, 'f.yaml')).toBe('quick');
  });
});

describe('the quick YAML path gives up', () => {
  it.each([
    ['an anchor and an alias', 'a: &x {b: 1}\nc: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['an unknown tag', 'a: !Ref b\n'],
    ['a merge key', 'a:\n  <<: {b: 1}\n  c: 2\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a complex key', '? [a]\n: 1\n'],
    ['a __proto__ key', '__proto__: {a: 1}\n'],
    ['a null key (js-yaml names it "null", the thorough path "")', 'a:\n  ~: 1\n  null: 2\n'],
    ['an empty sequence item', 'a:\n  -\n  - b\n'],
    ['a syntax error', 'a: [1, 2\n'],
    ['a %YAML directive (the thorough path reads YAML 1.2 after it)', '%YAML 1.2\n---\na: yes\n'],
    ['nesting deeper than half the bound', `${'['.repeat(200)}${']'.repeat(200)}\n`],
  ])('on %s: the thorough path reads it', (_what, text) => {
    expect(parseYamlStreamQuickly(text)).toBeUndefined();
  });
});

describe('a text read for its string scalars (template markers in it) and then as a stream', () => {
  const alerts = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rules\ndata:\n  summary: "{{ $labels.instance }} is down"\n  other: |\n    {{ $value }} left\n';

  it('gives the stream a fresh read gives', () => {
    const fresh = parseYamlStream(alerts, 'rules.yaml');
    expect(stringScalarRanges(alerts, 'rules.yaml')).toBeDefined();
    const after = parseYamlStream(alerts, 'rules.yaml');
    expect(after.errors).toEqual([]);
    expect(describeStream(after)).toEqual(describeStream(fresh));
  });

  it('is read again for another file name (its errors name the file) or another text', () => {
    const broken = 'a: [1, {{ x }}\n';
    expect(stringScalarRanges(broken, 'one.yaml')).toBeUndefined();
    expect(parseYamlStream(broken, 'two.yaml').errors.map((e) => e.file)).toEqual(['two.yaml']);
    stringScalarRanges(alerts, 'rules.yaml');
    expect(parseYamlStream(`${alerts}\n`, 'rules.yaml').documents).toHaveLength(1);
  });
});
