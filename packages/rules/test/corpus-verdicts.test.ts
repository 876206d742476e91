/**
 * The default pack on the real third-party inputs of `../shared/corpus` (or $ONUS_CORPUS): each
 * file gives exactly the results recorded in ./corpus-verdicts.ts, which were checked by reading
 * the inputs. Results the pack gets wrong are listed apart (KNOWN_WRONG) and reported as expected
 * failures until a policy fix makes them right. Skipped, with a message, when the corpus is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPolicyExamples, evaluate, RESPONSIBILITIES, type Finding, type InputError, type Responsibility, type Status } from '@onus/core';
// @onus/rules does not depend on @onus/adapters (rules -> core only): the test reads inputs through its sources.
import { readInput } from '@onus/adapters';
import { loadDefaultPack } from '../src/index.js';
import { CORPUS_VERDICTS, KNOWN_WRONG, type KnownWrong } from './corpus-verdicts.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpusDir = process.env.ONUS_CORPUS ?? path.resolve(repoRoot, '../shared/corpus');
const hasCorpus = fs.existsSync(corpusDir);
if (!hasCorpus) console.warn(`corpus-verdicts: skipped, no corpus folder at ${corpusDir} (set ONUS_CORPUS to its path)`);

const pack = loadDefaultPack();
const line = (policyId: string, address: string, status: string) => `${policyId} ${address} => ${status}`;

/** Each corpus file read and evaluated once, every area enabled. */
const runs = new Map<string, { findings: Finding[]; errors: InputError[] }>();
function run(file: string): { findings: Finding[]; errors: InputError[] } {
  let hit = runs.get(file);
  if (!hit) {
    const result = readInput(file, fs.readFileSync(path.join(corpusDir, file)));
    hit = { findings: evaluate(result.resources, pack, { enable: RESPONSIBILITIES }), errors: result.errors };
    runs.set(file, hit);
  }
  return hit;
}

/** Input files of the corpus (in its sub-folders; MANIFEST.tsv and NOTICE.md are not inputs). */
function corpusFiles(): string[] {
  const files: string[] = [];
  for (const dir of fs.readdirSync(corpusDir, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(corpusDir, dir.name), { recursive: true, encoding: 'utf8' })) {
      const rel = `${dir.name}/${f.split(path.sep).join('/')}`;
      if (fs.statSync(path.join(corpusDir, rel)).isFile()) files.push(rel);
    }
  }
  return files.sort();
}

const statusesOf = (file: string, kw: Pick<KnownWrong, 'policyId' | 'address'>): Status[] =>
  run(file)
    .findings.filter((f) => f.policyId === kw.policyId && f.resource.address === kw.address)
    .map((f) => f.status)
    .sort();

describe.skipIf(!hasCorpus)(`corpus verdicts${hasCorpus ? '' : ` (SKIPPED: no corpus at ${corpusDir}; set ONUS_CORPUS)`}`, () => {
  it('the table has one entry per corpus input, and only those', () => {
    expect(Object.keys(CORPUS_VERDICTS).sort()).toEqual(corpusFiles());
  });

  describe('each input gives the recorded results', () => {
    it.each(Object.keys(CORPUS_VERDICTS))('%s', (file) => {
      const { findings, errors } = run(file);
      expect(errors).toEqual([]);
      const actual = findings.map((f) => line(f.policyId, f.resource.address, f.status)).sort();
      // the results the pack gets wrong today are part of what it gives: a change in them is noticed too
      const wrongToday = KNOWN_WRONG.filter((k) => k.file === file).flatMap((k) => k.actual.map((s) => line(k.policyId, k.address, s)));
      const expected = [...CORPUS_VERDICTS[file]!.verdicts.map(([id, address, status]) => line(id, address, status)), ...wrongToday].sort();
      expect(actual).toEqual(expected);
    });
  });

  it('no result on the corpus is an error', () => {
    const errors = Object.keys(CORPUS_VERDICTS).flatMap((file) =>
      run(file).findings.filter((f) => f.status === 'error').map((f) => `${file}: ${f.policyId} ${f.resource.address}: ${f.message}`),
    );
    expect(errors).toEqual([]);
  });

  it('the corpus alone, read as whole accounts (coverage: account), gives every area at least one fail and one pass', () => {
    const seen = new Map<Responsibility, Set<Status>>(RESPONSIBILITIES.map((r) => [r, new Set<Status>()]));
    for (const file of Object.keys(CORPUS_VERDICTS)) {
      const input = readInput(file, fs.readFileSync(path.join(corpusDir, file)));
      for (const f of evaluate(input.resources, pack, { enable: RESPONSIBILITIES, params: { coverage: 'account' } })) seen.get(f.responsibility)!.add(f.status);
    }
    const missing = RESPONSIBILITIES.flatMap((r) => (['fail', 'pass'] as const).filter((s) => !seen.get(r)!.has(s)).map((s) => `${r}: no ${s}`));
    expect(missing).toEqual([]);
  });

  describe.skipIf(KNOWN_WRONG.length === 0)('known wrong results (reported, not recorded as right)', () => {
    // When a fix makes one of these right, this expected failure starts passing (and the file's
    // table test fails): move the result into CORPUS_VERDICTS and delete the KNOWN_WRONG entry.
    it.fails.each(KNOWN_WRONG.map((k) => [`${k.file}: ${k.policyId} ${k.address} should be ${k.expected === 'none' ? 'no result' : k.expected.join(', ')}, is ${k.actual.join(', ')}`, k] as const))(
      '%s',
      (_name, k) => {
        expect(statusesOf(k.file, k)).toEqual(k.expected === 'none' ? [] : [...k.expected].sort());
      },
    );
  });
});

describe('every area has a fail and a pass across the corpus and the policies examples', () => {
  let seen: Map<Responsibility, Set<Status>> | undefined;
  const statusesByArea = (): Map<Responsibility, Set<Status>> => {
    if (seen) return seen;
    seen = new Map(RESPONSIBILITIES.map((r) => [r, new Set<Status>()]));
    const areaOf = new Map(pack.policies.map((p) => [p.id, p.responsibility]));
    for (const o of checkPolicyExamples(pack.policies, pack.params)) o.statuses.forEach((s) => seen!.get(areaOf.get(o.policyId)!)!.add(s));
    if (hasCorpus) for (const file of Object.keys(CORPUS_VERDICTS)) for (const f of run(file).findings) seen.get(f.responsibility)!.add(f.status);
    return seen;
  };
  it.each(RESPONSIBILITIES.map((r) => [r] as const))('%s', (area) => {
    expect([...statusesByArea().get(area)!]).toEqual(expect.arrayContaining(['fail', 'pass']));
  });
});
