import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BYTES, toMarkdown } from '../../src/formats/index.js';
import { cell, code, linkTarget } from '../../src/formats/markdown.js';
import { bigReport, cleanReport, sampleReport } from './fixtures.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('toMarkdown', () => {
  const md = toMarkdown(sampleReport());

  it('has a title with the pack and a bold summary when something failed', () => {
    expect(md.split('\n')[0]).toBe('## onus: `@onus/rules` 1.0.0');
    expect(md).toContain('**onus: 5 failed, 1 unknown, 2 passed, 2 waived, 1 error in 3 inputs, 2 input errors (pack @&#8203;onus/rules 1.0.0)**');
  });

  it('has a scorecard table per area and a total', () => {
    expect(md).toContain('| Area | Pass | Fail | Unknown | Waived | Error |');
    expect(md).toContain('| Infrastructure costs | 1 | 1 | 1 | 0 | 0 |');
    expect(md).toContain('| Roles and policies | 0 | 0 | 0 | 0 | 1 |');
    expect(md).toContain('| **Total** | 2 | 5 | 1 | 2 | 1 |');
  });

  it('lists failures and errors by severity, most severe first', () => {
    const rows = md.split('\n').filter((l) => /^\| (critical|high|medium|low|info)/.test(l));
    const docs = (id: string) => `[\`${id}\`](https://github.com/onus-dev/onus/blob/rules-v1.0.0/packages/rules/docs/controls/${id}.md)`;
    expect(rows.map((r) => r.split(' | ')[1])).toEqual(['DSR-SEC-01', 'DSR-NET-04', 'DSR-ROLE-03', 'DSR-CRED-02', 'DSR-COST-02', 'DSR-EGR-02'].map(docs));
    expect(rows[2]).toMatch(/^\| high \(error\) \|/);
  });

  it('links each policy to its documentation page from the configured template, or not at all', () => {
    const own = toMarkdown(sampleReport(), { docsUrl: 'https://docs.example/{version}/{id} (mirror)|x' });
    expect(own).toContain('| [`DSR-SEC-01`](https://docs.example/1.0.0/DSR-SEC-01%20%28mirror%29%7Cx) |');
    const none = toMarkdown(sampleReport(), { docsUrl: '' });
    expect(none).toContain('| critical | `DSR-SEC-01` |');
    expect(none).not.toContain('](https://');
    expect(linkTarget('a b)c<d>`e')).toBe('a%20b%29c%3Cd%3E%60e');
  });

  it('escapes pipes, backticks, markup and newlines in cells', () => {
    const row = md.split('\n').find((l) => l.includes('DSR-NET-04'))!;
    expect(row).toContain('&lt;script&gt;alert("x")&lt;/script&gt; &amp; \'single\' \\| pipe \\`tick\\` \\*star\\* \\[link\\](http://example.com/x)');
    expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
    expect(md).not.toContain('<script>');
    expect(md).toContain('CostCenter<br>second line');
    expect(md).toContain('| `aws_s3_bucket.data["a.b"]`<br><sub>plans/main plan.json:12</sub> | aws\\_s3\\_bucket.data\\["a.b"\\] has');
  });

  it('shows identifiers as code spans that survive backticks and pipes, and defuses @mentions in text', () => {
    expect(code('a`b|c')).toBe('`` a`b\\|c ``');
    expect(code('x')).toBe('`x`');
    expect(cell('ping @org/team')).toBe('ping @&#8203;org/team');
    expect(md.split('\n').slice(1).join('\n')).not.toMatch(/@(?!&#8203;)\w/);
  });

  it('lists unreadable inputs and waiver notes', () => {
    expect(md).toContain('- plans/broken.json:3: Unexpected token } in JSON at position 41 — Run \\`terraform show -json tfplan &gt; plan.json\\` and scan that.');
    expect(md).toContain('### Expired waivers (no longer applied)');
    expect(md).toContain('### Stale waivers (match no finding)');
  });

  it('names the files not checked and those rendered, with the fix, escaped', () => {
    const report = {
      ...cleanReport(),
      files: [
        { file: 'plan.json', status: 'read' as const, format: 'terraform-plan', resources: 2 },
        { file: 'charts/web/templates/svc.yaml', status: 'skipped' as const, reason: 'helm-chart' as const, from: 'charts/web', fix: 'helm template charts/web | onus scan -' },
        { file: 'out.yaml', status: 'rendered' as const, from: 'kustomize build overlays/prod', resources: 3 },
      ],
    };
    const out = toMarkdown(report);
    expect(out).toContain('### Files not checked\n- 1 file of a Helm chart in charts/web: helm template charts/web \\| onus scan -');
    expect(out).toContain('### Files rendered\n- 1 file from kustomize build overlays/prod: 3 resources');
    expect(toMarkdown(cleanReport())).not.toContain('### Files');
  });

  it('stays under the byte budget with an "… and N more" line', () => {
    const big = toMarkdown(bigReport(3000));
    expect(bytes(big)).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    const more = /… and (\d+) more/.exec(big);
    expect(more).not.toBeNull();
    const shown = big.split('\n').filter((l) => /^\| (critical|high|medium|low|info) \|/.test(l)).length;
    expect(shown + Number(more![1])).toBe(3000);
    expect(big).toMatch(/\|\n\n… and \d+ more/);
    for (const max of [2_000, 10_000, 65_536]) expect(bytes(toMarkdown(bigReport(500), { maxBytes: max }))).toBeLessThanOrEqual(max);
  });

  it('sorts before cutting, so what is shown is the most severe', () => {
    const small = toMarkdown(bigReport(200), { maxBytes: 4_000 });
    const severities = small.split('\n').filter((l) => /^\| (critical|high|medium|low|info) \|/.test(l)).map((l) => l.split(' | ')[0]);
    expect(severities.length).toBeGreaterThan(0);
    expect(new Set(severities)).toEqual(new Set(['| critical']));
  });

  it('has no failures section for a clean report', () => {
    const clean = toMarkdown(cleanReport());
    expect(clean).not.toContain('### Failures');
    expect(clean).not.toContain('**onus:');
  });
});
