import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildReport } from '@onus/core';
import { toJunit } from '../../src/formats/index.js';
import { cleanReport, finding, NASTY, PACK, sampleReport } from './fixtures.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name), processEntities: true, htmlEntities: true });

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml).testsuites;
}

describe('toJunit', () => {
  const xml = toJunit(sampleReport());
  const root = parse(xml);
  const suites: any[] = root.testsuite;
  const suite = (name: string) => suites.find((s) => s.name === name);

  it('is well-formed XML with one suite per area that ran, plus one for unreadable inputs', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(suites.map((s) => s.name)).toEqual([
      'Infrastructure costs', 'Security and data management', 'Account credentials and privileges', 'Roles and policies', 'Network', 'Outbound internet access',
      'Inputs that could not be read',
    ]);
  });

  it('counts tests, failures, errors and skipped per suite and in total', () => {
    expect(suite('Infrastructure costs')).toMatchObject({ tests: '3', failures: '1', errors: '0', skipped: '1' });
    expect(suite('Network')).toMatchObject({ tests: '2', failures: '1', errors: '0', skipped: '1' });
    expect(suite('Roles and policies')).toMatchObject({ tests: '1', failures: '0', errors: '1', skipped: '0' });
    expect(suite('Inputs that could not be read')).toMatchObject({ tests: '2', errors: '2' });
    expect(root).toMatchObject({ tests: '13', failures: '5', errors: '3', skipped: '3' });
    for (const s of suites) expect(s.testcase).toHaveLength(Number(s.tests));
  });

  it('names test cases by policy and address, with failure, error and skipped bodies', () => {
    const net: any[] = suite('Network').testcase;
    const failed = net.find((c) => c.name === 'module.edge.aws_lb.public[0]');
    expect(failed.classname).toBe('DSR-NET-04');
    expect(failed.failure.type).toBe('high');
    expect(failed.failure.message).toBe(`module.edge.aws_lb.public[0] is internet-facing: ${NASTY}`);
    expect(failed.failure['#text']).toContain('fix: Set internal = true,\nand route through the VPC.');
    expect(net.find((c) => c.name === 'module.edge.aws_lb.legacy').skipped.message).toBe('waived: Legacy edge, replaced in Q3 <soon> (owner team-net)');
    expect(suite('Infrastructure costs').testcase.find((c: any) => c.name === '(scan)').skipped.message).toMatch(/^unknown: /);
    expect(suite('Roles and policies').testcase[0].error.type).toBe('CheckError');
    const pass = suite('Infrastructure costs').testcase.find((c: any) => c.name === 'aws_instance.ok');
    expect(pass).not.toHaveProperty('failure');
    expect(pass).not.toHaveProperty('skipped');
  });

  it('carries the documentation link of each catalog policy, in the failure text and as a property', () => {
    const url = 'https://github.com/onus-dev/onus/blob/rules-v1.0.0/packages/rules/docs/controls/DSR-NET-04.md';
    const failed = suite('Network').testcase.find((c: any) => c.name === 'module.edge.aws_lb.public[0]');
    expect(failed.failure['#text']).toContain(`docs: ${url}`);
    expect(failed.properties.property).toEqual({ name: 'docs', value: url });
    const pass = suite('Infrastructure costs').testcase.find((c: any) => c.name === 'aws_instance.ok');
    expect(pass.properties.property.value).toContain('/DSR-COST-02.md');
    const mirror = parse(toJunit(sampleReport(), { docsUrl: 'https://mirror.example/{id}?v={version}&x=1' }));
    const m = mirror.testsuite.find((s: any) => s.name === 'Network').testcase.find((c: any) => c.name === 'module.edge.aws_lb.public[0]');
    expect(m.properties.property.value).toBe('https://mirror.example/DSR-NET-04?v=1.0.0&x=1');
    const none = toJunit(sampleReport(), { docsUrl: '' });
    expect(none).not.toContain('docs');
  });

  it('round-trips special characters, newlines and unicode through attributes and text', () => {
    const costs: any[] = suite('Infrastructure costs').testcase;
    expect(costs.find((c) => c.name === 'aws_instance.ünïcødé').failure.message).toBe('aws_instance.ünïcødé lacks tags: 日本 CostCenter\nsecond line, 100% sure');
    expect(suite('Security and data management').testcase.find((c: any) => c.classname === 'DSR-SEC-01').name).toBe('aws_s3_bucket.data["a.b"]');
  });

  it('writes control characters XML cannot carry as visible escapes', () => {
    const r = buildReport({
      pack: PACK, toolVersion: '0', inputs: [], errors: [],
      findings: [finding({ policyId: 'P\u0001', status: 'fail', resource: { address: 'a\u0000b\ud800', kind: 'k' }, message: 'm\u001b[0m\u000c' })],
    });
    const c = parse(toJunit(r)).testsuite[0].testcase[0];
    expect(c.classname).toBe('P\\u0001');
    expect(c.name).toBe('a\\u0000b\\ud800');
    expect(c.failure.message).toBe('m\\u001b[0m\\u000c');
  });

  it('tells apart two checks of one policy on one resource', () => {
    const r = buildReport({
      pack: PACK, toolVersion: '0', inputs: [], errors: [],
      findings: [finding({ policyId: 'P', status: 'fail', check: 0 }), finding({ policyId: 'P', status: 'pass', check: 1 })],
    });
    expect(parse(toJunit(r)).testsuite[0].testcase.map((c: any) => c.name).sort()).toEqual(['aws_lb.public (check 1)', 'aws_lb.public (check 2)']);
  });

  it('writes a clean report as passing cases only', () => {
    const root = parse(toJunit(cleanReport()));
    expect(root).toMatchObject({ tests: '2', failures: '0', errors: '0', skipped: '0' });
  });
});
