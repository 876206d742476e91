/**
 * JUnit XML for CI test tabs: one <testsuite> per responsibility, one
 * <testcase> per finding (classname = policy id, name = resource address):
 * <failure> for fail, <error> for evaluation errors, <skipped> for unknown and
 * waived; passes are plain test cases. Unreadable inputs get a suite of their
 * own so a CI tab shows them too. Everything is XML-escaped, and characters
 * XML 1.0 cannot carry at all (most control characters) are written as `\uXXXX`.
 * A policy with a documentation page has its address in the failure text
 * (`docs: …`) and, for every status, as a `docs` property of the test case.
 */
import type { Finding, Report } from '@onus/core';
import { AREA_NAMES, byStatusThenSeverity, findingsByArea, formatEvidence, locationOf } from './common.js';
import { policyDocUrl, type LinkOptions } from './links.js';

export function toJunit(report: Report, options: LinkOptions = {}): string {
  const suites: string[] = [];
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };

  for (const [area, findings] of findingsByArea(report)) {
    // Counted from the test cases themselves, so the attributes always agree with the body.
    const t = { fail: 0, error: 0, unknown: 0, waived: 0, pass: 0 };
    for (const f of findings) t[f.status]++;
    const counts = { tests: findings.length, failures: t.fail, errors: t.error, skipped: t.unknown + t.waived };
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.errors += counts.errors;
    total.skipped += counts.skipped;
    const seen = new Map<string, number>();
    for (const f of findings) seen.set(`${f.policyId}\u0000${f.resource.address}`, (seen.get(`${f.policyId}\u0000${f.resource.address}`) ?? 0) + 1);
    const cases = [...findings].sort(byStatusThenSeverity).map((f) => testcase(f, (seen.get(`${f.policyId}\u0000${f.resource.address}`) ?? 0) > 1, policyDocUrl(report, f.policyId, options)));
    suites.push(suite(AREA_NAMES[area], area, counts, cases));
  }

  if (report.errors.length > 0) {
    const cases = report.errors.map((e) => {
      const where = e.line !== undefined ? `${e.file}:${e.line}` : e.file;
      const body = [`${where}: ${e.message}`, ...(e.hint ? [e.hint] : []), ...(e.pointer ? [`at ${e.pointer}`] : [])].join('\n');
      return `    <testcase classname="onus.input" name="${attr(e.file)}" file="${attr(e.file)}">\n      <error message="${attr(e.message)}" type="InputError">${text(body)}</error>\n    </testcase>`;
    });
    const counts = { tests: cases.length, failures: 0, errors: cases.length, skipped: 0 };
    total.tests += counts.tests;
    total.errors += counts.errors;
    suites.push(suite('Inputs that could not be read', 'inputs', counts, cases));
  }

  const root =
    `<testsuites name="onus" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}"` +
    ` time="${(report.timing.totalMs / 1000).toFixed(3)}">`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', root, ...suites, '</testsuites>', ''].join('\n');
}

function suite(name: string, id: string, c: { tests: number; failures: number; errors: number; skipped: number }, cases: string[]): string {
  const open = `  <testsuite name="${attr(name)}" id="${attr(id)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}">`;
  return cases.length === 0 ? `${open}</testsuite>` : [open, ...cases, '  </testsuite>'].join('\n');
}

function testcase(f: Finding, ambiguous: boolean, docs: string | undefined): string {
  // Two checks of one policy on one resource would share a name; CI tools merge those.
  const base = f.item === undefined ? f.resource.address : `${f.resource.address} (${f.item})`;
  const name = ambiguous ? `${base} (check ${f.check + 1})` : base;
  const file = f.resource.file ? ` file="${attr(f.resource.file)}"${f.resource.line !== undefined ? ` line="${f.resource.line}"` : ''}` : '';
  const props = docs ? `\n      <properties><property name="docs" value="${attr(docs)}"/></properties>` : '';
  const open = `    <testcase classname="${attr(f.policyId)}" name="${attr(name)}"${file}>${props}`;
  const details = () => {
    const where = locationOf(f);
    const evidence = formatEvidence(f);
    return [
      f.message,
      `${f.severity} · ${f.title}`,
      ...(where ? [`at ${where}`] : []),
      ...(evidence !== undefined ? [`evidence: ${evidence}`] : []),
      ...(f.remediation ? [`fix: ${f.remediation}`] : []),
      ...(docs ? [`docs: ${docs}`] : []),
    ].join('\n');
  };
  switch (f.status) {
    case 'pass':
      return docs ? `${open}\n    </testcase>` : `${open}</testcase>`;
    case 'fail':
      return `${open}\n      <failure message="${attr(f.message)}" type="${attr(f.severity)}">${text(details())}</failure>\n    </testcase>`;
    case 'error':
      return `${open}\n      <error message="${attr(f.message)}" type="CheckError">${text(details())}</error>\n    </testcase>`;
    case 'unknown':
      return `${open}\n      <skipped message="${attr(`unknown: ${f.message}`)}"/>\n    </testcase>`;
    case 'waived': {
      const why = f.waiver ? `waived: ${f.waiver.reason}${f.waiver.owner ? ` (owner ${f.waiver.owner})` : ''}` : 'waived';
      return `${open}\n      <skipped message="${attr(why)}"/>\n    </testcase>`;
    }
  }
}

/** Characters XML 1.0 does not allow anywhere (even as references), and lone surrogates. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function visible(s: string): string {
  return s.replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function text(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Attribute values also keep their newlines and tabs (a parser would otherwise normalise them to spaces). */
function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
