import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { toHtml } from '../../src/formats/index.js';
import { accountLines } from '../../src/formats/account.js';
import { cleanReport, NASTY, sampleReport } from './fixtures.js';

function embedded(html: string): any {
  const m = /<script type="application\/json" id="onus-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!);
}

describe('toHtml', () => {
  const html = toHtml(sampleReport());

  it('is one self-contained document: no remote src or href, no imports, a CSP that forbids fetching', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(|<link\b|<iframe\b|\bfetch\(|XMLHttpRequest/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'`);
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/);
  });

  it('shows a card per responsibility with its counts and state, a chart, the summary and pack', () => {
    expect(html).toContain(
      '<li class="card bad" data-area="costs"><h3>Infrastructure costs</h3><p class="headline">1 failed <span class="state">needs action</span></p>' +
        '<dl class="counts"><div class="c-pass" data-status="pass"><dt>passed</dt><dd>1</dd></div><div class="c-fail" data-status="fail"><dt>failed</dt><dd>1</dd></div>' +
        '<div class="c-unknown" data-status="unknown"><dt>unknown</dt><dd>1</dd></div><div class="c-waived" data-status="waived"><dt>waived</dt><dd class="zero">0</dd></div>' +
        '<div class="c-error" data-status="error"><dt>errors</dt><dd class="zero">0</dd></div></dl>',
    );
    expect(html).toContain('<li class="card bad" data-area="roles"><h3>Roles and policies</h3><p class="headline">1 error <span class="state">needs action</span></p>');
    expect(toHtml(cleanReport())).toContain('<li class="card ok" data-area="egress"><h3>Outbound internet access</h3><p class="headline">1 passed <span class="state">all passed</span></p>');
    expect(html).toContain('<span class="bar" role="img" aria-label="Infrastructure costs: 1 passed, 1 failed, 1 unknown">');
    expect(html.match(/<li class="card /g)).toHaveLength(6);
    expect(html).toContain('onus report — @onus/rules 1.0.0');
    expect(html).toContain(PACK_DIGEST_PREFIX());
  });

  it('has filters for status, area, severity and free text', () => {
    for (const id of ['f-status', 'f-area', 'f-severity', 'f-text']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('<option value="network">Network</option>');
    expect(html).toContain('<option value="critical">critical</option>');
  });

  it('embeds every finding as JSON that cannot close its script element', () => {
    const data = embedded(html);
    expect(data.findings).toHaveLength(11);
    expect(data.findings.find((f: any) => f.id === 'DSR-NET-04' && f.status === 'fail').message).toBe(`module.edge.aws_lb.public[0] is internet-facing: ${NASTY}`);
    expect(data.policies['DSR-SEC-01'].frameworks).toEqual(['cis-aws-3.0:2.1.1', 'soc2']);
    const json = /id="onus-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(json).not.toContain('<');
    expect(json).toContain('\\u003cscript\\u003e');
  });

  it('HTML-escapes a <script> in static text', () => {
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html).toContain('not JSON &lt;bin&gt;');
    expect(html).toContain('terraform show -json tfplan &gt; plan.json');
  });

  it('has an inline script that compiles', () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(() => new Script(script)).not.toThrow();
  });

  it('renders rows with textContent only', () => {
    const script = html.slice(html.lastIndexOf('<script>'));
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });

  it('links each policy with a page to it, only over http(s)', () => {
    const data = embedded(html);
    expect(data.policies['DSR-NET-04'].docs).toBe('https://github.com/onus-dev/onus/blob/rules-v1.0.0/packages/rules/docs/controls/DSR-NET-04.md');
    expect(embedded(toHtml(sampleReport(), { docsUrl: 'javascript:alert(1)//{id}' })).policies['DSR-NET-04']).not.toHaveProperty('docs');
    expect(embedded(toHtml(sampleReport(), { docsUrl: '' })).policies['DSR-NET-04']).not.toHaveProperty('docs');
  });

  it('names the files it did not check, and those it rendered, as the text report does (HTML-escaped)', () => {
    const report = {
      ...cleanReport(),
      files: [
        { file: 'plan.json', status: 'read' as const, format: 'terraform-plan', resources: 2 },
        { file: `charts/web/templates/${NASTY}.yaml`, status: 'skipped' as const, reason: 'helm-chart' as const, from: 'charts/web', fix: 'helm template charts/web | onus scan -' },
        { file: 'k8s/broken.yaml', status: 'failed' as const },
        { file: 'rendered.yaml', status: 'rendered' as const, from: 'kustomize build overlays/prod', resources: 3 },
      ],
    };
    const html = toHtml(report);
    const text = accountLines(report);
    expect(text[0]).toBe('Not checked:');
    expect(html).toContain('<h2 id="h-not-checked">Files not checked</h2>');
    expect(html).toContain('<h2 id="h-rendered">Files rendered</h2>');
    const items = [...html.matchAll(/<section class="account"[^>]*>.*?<\/section>/g)].flatMap((m) => [...m[0].matchAll(/<li>(.*?)<\/li>/g)].map((li) => li[1]));
    const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    expect(items.map((i) => unescape(i!))).toEqual(text.filter((l) => l.startsWith('  ')).map((l) => l.trim()));
    expect(html).not.toContain(NASTY);
    expect(toHtml(cleanReport())).not.toContain('class="account"');
  });

  it('renders a clean report', () => {
    expect(embedded(toHtml(cleanReport())).findings).toHaveLength(2);
  });
});

function PACK_DIGEST_PREFIX(): string {
  return `pack digest <code>${sampleReport().pack.digest}</code>`;
}

/** Just enough DOM to run the report's script and read the rows it builds. */
class FakeElement {
  children: FakeElement[] = [];
  className = '';
  title = '';
  value = '';
  colSpan = 1;
  private text = '';
  private listeners: Record<string, (() => void)[]> = {};
  constructor(readonly tag: string, readonly attrs: Record<string, string> = {}) {}
  get textContent(): string {
    return this.text + this.children.map((c) => c.textContent).join('');
  }
  set textContent(t: string) {
    this.text = t;
    this.children = [];
  }
  appendChild(c: FakeElement) {
    if (c.tag === '#fragment') this.children.push(...c.children);
    else this.children.push(c);
    return c;
  }
  addEventListener(type: string, fn: () => void) {
    (this.listeners[type] ??= []).push(fn);
  }
  fire(type: string) {
    for (const fn of this.listeners[type] ?? []) fn();
  }
  getAttribute(name: string) {
    return this.attrs[name] ?? null;
  }
}

function runScript(html: string) {
  const ids: Record<string, FakeElement> = {};
  const data = new FakeElement('script');
  data.textContent = /id="onus-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
  ids['onus-data'] = data;
  for (const id of ['f-status', 'f-area', 'f-severity', 'f-text', 'f-count', 'f-reset', 'rows', 'findings']) ids[id] = new FakeElement(id);
  ids['f-status']!.value = 'problems';
  const links = [...html.matchAll(/<button type="button" class="show" data-area="(\w+)">/g)].map((m) => new FakeElement('button', { 'data-area': m[1]! }));
  const document = {
    getElementById: (id: string) => ids[id],
    createElement: (tag: string) => new FakeElement(tag),
    createDocumentFragment: () => new FakeElement('#fragment'),
    querySelectorAll: () => links,
  };
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  new Function('document', script)(document);
  const rows = () => ids['rows']!.children.filter((r) => r.className !== 'more');
  return { ids, links, rows };
}

describe('toHtml filtering script', () => {
  const { ids, links, rows } = runScript(toHtml(sampleReport()));
  const set = (id: string, value: string, event = 'change') => {
    ids[id]!.value = value;
    ids[id]!.fire(event);
  };

  it('shows failures, errors and unknowns first, and counts them', () => {
    expect(rows()).toHaveLength(7);
    expect(ids['f-count']!.textContent).toBe('7 of 11 findings');
  });

  it('filters by status, area, severity and text together', () => {
    set('f-status', '');
    expect(rows()).toHaveLength(11);
    set('f-status', 'waived');
    expect(rows()).toHaveLength(2);
    set('f-status', '');
    set('f-area', 'costs');
    expect(rows()).toHaveLength(3);
    set('f-severity', 'low');
    expect(rows()).toHaveLength(2);
    set('f-text', 'ÜNÏ', 'input');
    expect(rows()).toHaveLength(1);
    expect(rows()[0]!.textContent).toContain('aws_instance.ünïcødé');
    set('f-text', '', 'input');
    set('f-severity', '');
    set('f-area', '');
  });

  it('puts message text in as text, never as markup', () => {
    set('f-text', 'internet-facing: <script>', 'input');
    expect(rows()).toHaveLength(1);
    expect(rows()[0]!.textContent).toContain(`<script>alert("x")</script>`);
    set('f-text', '', 'input');
  });

  it('filters to an area from the scorecard', () => {
    links.find((a) => a.getAttribute('data-area') === 'network')!.fire('click');
    expect(rows()).toHaveLength(2);
  });
});
