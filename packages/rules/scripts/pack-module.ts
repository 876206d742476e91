/**
 * The precompiled pack: the policy files and params.yaml, parsed and
 * validated by the pack's own loader once, written as a module
 * (src/compiled-pack.ts) so that loading the pack at start-up parses no YAML
 * and compiles no schema. `pnpm --filter @onus/rules compile` rewrites it; a
 * test fails when the committed module is stale.
 */
import { definePack, loadPolicyTexts, resolveParams } from '@onus/core';
import { parse } from 'yaml';
import type { CompiledExamples, CompiledPackData, ParamSpec } from '../src/compiled-pack-data.js';
import { readPackSource } from '../src/pack-source.js';

/** The pack's files, parsed and validated. Throws when a policy of the pack is invalid. */
export function compilePackData(): CompiledPackData {
  const source = readPackSource();
  const loaded = loadPolicyTexts(source.policies.map((p) => ({ file: `@onus/rules/${p.file}`, text: p.text })));
  if (loaded.errors.length) throw new Error(loaded.errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`).join('\n'));
  const specs = parse(source.params) as Record<string, ParamSpec>;
  const params = Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default]));
  // JSON round trip: the module holds exactly what JSON.parse gives back, and the digest is computed on that.
  const policies = JSON.parse(JSON.stringify(loaded.policies)) as CompiledPackData['policies'];
  const paramsSchema = { type: 'object', additionalProperties: false, properties: Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.schema])) };
  const pack = definePack({ name: '@onus/rules', version: source.version, policies, params, paramsSchema });
  // The defaults against their own schemas (at run time only a user's values are checked).
  const bad = resolveParams(pack, params).errors;
  if (bad.length) throw new Error(`params.yaml: ${bad.map((e) => e.message).join('; ')}`);
  const { digest } = pack;
  return { version: source.version, digest, policies, specs };
}

/**
 * The text of src/compiled-pack.ts: the pack without the policies' examples,
 * parsed at start-up, and the examples apart, parsed when first asked for
 * (`onus policies show`, the tests). They are 45% of the text: parsing the
 * whole pack took 6.7 ms of every start, the pack without them 1.6 ms.
 */
export function packModuleText(data: CompiledPackData = compilePackData()): string {
  const examples: CompiledExamples = {};
  const policies = data.policies.map(({ examples: own, ...policy }) => {
    if (own !== undefined) examples[policy.id] = own;
    return policy;
  });
  return [
    '// Generated from policies/ and params.yaml by scripts/compile-pack.ts; do not edit (`pnpm --filter @onus/rules compile`).',
    "import type { CompiledExamples, CompiledPackData } from './compiled-pack-data.js';",
    '',
    '// A JSON string parses faster than the same object literal. The policies come without their examples (see compiledExamples).',
    `export const COMPILED_PACK: CompiledPackData = JSON.parse(${JSON.stringify(JSON.stringify({ ...data, policies }))});`,
    '',
    '/** The policies\' examples by policy id: a function, so that neither parsing nor compiling its text is done before someone asks. */',
    'export function compiledExamples(): CompiledExamples {',
    `  return JSON.parse(${JSON.stringify(JSON.stringify(examples))});`,
    '}',
    '',
  ].join('\n');
}
