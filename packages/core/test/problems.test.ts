import { describe, expect, it } from 'vitest';
import { definePack, readYamlDocument, registerParamValidator, resolveParams } from '../src/index.js';

describe('reading a YAML document with its lines', () => {
  it('gives the data and the line of any JSON pointer (or of its nearest ancestor)', () => {
    const doc = readYamlDocument('a: 1\nlist:\n  - x\n  - { y: 2 }\n');
    expect(doc.data).toEqual({ a: 1, list: ['x', { y: 2 }] });
    expect(doc.lineOf('/list/1/y')).toBe(4);
    expect(doc.lineOf('/list/1/missing')).toBe(4);
    expect(doc.lineOf('/a')).toBe(1);
  });

  it('reports the first syntax mistake with its line, and duplicate keys', () => {
    expect(readYamlDocument('a: 1\nb: [x\n').problem).toMatchObject({ message: expect.stringMatching(/^not valid YAML/) });
    expect(readYamlDocument('a: 1\na: 2\n').problem).toMatchObject({ line: 2 });
  });
});

describe('pack parameters are checked with the same schema wording', () => {
  const pack = definePack({
    name: 'p', version: '1.0.0', policies: [], params: { maxNodes: 50 },
    paramsSchema: { type: 'object', additionalProperties: false, required: ['maxNodes'], properties: { maxNodes: { type: 'integer' }, mode: { enum: ['a', 'b'] } } },
  });

  it('names an unknown parameter', () => {
    expect(resolveParams(pack, { maxNode: 3 }).errors).toEqual([{ pointer: '/maxNode', message: 'params.maxNode is not a parameter of this pack' }]);
  });

  it('uses a validator compiled ahead of time for exactly that schema object', () => {
    const schema = { type: 'integer' };
    const own = definePack({ name: 'q', version: '1.0.0', policies: [], params: { n: 1 }, paramsSchema: { type: 'object', additionalProperties: false, properties: { n: schema } } });
    const precompiled = Object.assign((data: unknown) => {
      precompiled.errors = data === 7 ? null : [{ instancePath: '', schemaPath: '#/const', keyword: 'const', params: { allowedValue: 7 }, message: 'must be equal to constant' }];
      return data === 7;
    }, { errors: null as unknown });
    registerParamValidator(schema, precompiled as never);
    expect(resolveParams(own, { n: 7 }).errors).toEqual([]);
    expect(resolveParams(own, { n: 3 }).errors).toEqual([{ pointer: '/n', message: expect.stringMatching(/^params\.n must be equal to/) }]);
    // Another object with the same content is compiled as usual.
    const copy = definePack({ ...own, paramsSchema: { type: 'object', additionalProperties: false, properties: { n: { type: 'integer' } } } });
    expect(resolveParams(copy, { n: 3 }).errors).toEqual([]);
  });

  it('lists the allowed values of an enum', () => {
    expect(resolveParams(pack, { mode: 'c' }).errors).toEqual([{ pointer: '/mode', message: 'params.mode must be one of "a", "b"' }]);
  });
});
