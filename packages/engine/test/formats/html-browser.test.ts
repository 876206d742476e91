/**
 * The HTML report as people use it: in a real browser (browser.ts), from a
 * real scan of examples/infra-repo and from hand-made reports with hostile
 * text. Skips, saying why, when the browser is not installed.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, STATUSES, type Finding, type Report } from '@onus/core';
import { AREA_NAMES, toHtml } from '../../src/formats/index.js';
import { accountLines } from '../../src/formats/account.js';
import { HAVE_CHROMIUM, launch, openReport, SKIP_REASON } from './browser.js';
import { finding, PACK, sampleReport } from './fixtures.js';
import { REPO, scanPaths } from './scans.js';

const PROBLEMS = new Set(['fail', 'error', 'unknown']);

/** The rows the table shows, as the text of their cells. */
async function visibleRows(page: Page): Promise<string[][]> {
  return page.$$eval('#rows tr:not(.more)', (trs) => trs.map((tr) => Array.from(tr.children, (td) => (td as HTMLElement).innerText.trim())));
}

describe.skipIf(!HAVE_CHROMIUM)('the HTML report in a browser', () => {
  let browser: Browser;
  let report: Report;
  beforeAll(async () => {
    browser = await launch();
    report = await scanPaths(['examples/infra-repo']);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a card per responsibility whose counts are the report scorecard, and a bar per responsibility', async () => {
    const { page, requests, errors } = await openReport(browser, toHtml(report));
    const cards = await page.$$eval('.card', (els) =>
      els.map((el) => ({
        area: el.getAttribute('data-area'),
        state: el.className.replace('card ', ''),
        counts: Object.fromEntries(Array.from(el.querySelectorAll('[data-status]'), (c) => [c.getAttribute('data-status'), Number(c.querySelector('dd')!.textContent)])),
      })),
    );
    const areas = Object.keys(report.scorecard);
    expect(areas.length).toBeGreaterThan(3);
    expect(cards.map((c) => c.area)).toEqual(areas);
    for (const c of cards) {
      const t = report.scorecard[c.area as keyof Report['scorecard']]!;
      expect(c.counts, c.area!).toEqual(Object.fromEntries(STATUSES.map((s) => [s, t[s]])));
      expect(c.state, c.area!).toBe(t.fail + t.error > 0 ? 'bad' : t.unknown > 0 ? 'warn' : t.pass + t.waived > 0 ? 'ok' : 'none');
    }
    const bars = await page.$$eval('.bar', (els) => els.map((el) => el.getAttribute('aria-label')));
    expect(bars).toHaveLength(areas.length);
    const network = report.scorecard.network!;
    expect(bars).toContain(`${AREA_NAMES.network}: ${[network.pass && `${network.pass} passed`, network.fail && `${network.fail} failed`, network.unknown && `${network.unknown} unknown`, network.waived && `${network.waived} waived`].filter(Boolean).join(', ')}`);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('filters the findings by status, responsibility, severity and text, from the controls and from a card', async () => {
    const { page, requests, errors } = await openReport(browser, toHtml(report));
    const expectRows = async (keep: (f: Finding) => boolean) => {
      const want = report.findings.filter(keep);
      const rows = await visibleRows(page);
      expect(rows).toHaveLength(want.length);
      expect(await page.textContent('#f-count')).toBe(`${want.length} of ${report.findings.length} findings`);
      const shown = rows.map((r) => `${r[0]} ${r[2]!.split('\n')[0]} ${r[4]!.split('\n')[0]}`).sort();
      expect(shown).toEqual(want.map((f) => `${f.status} ${f.policyId} ${f.resource.address}`).sort());
    };
    await expectRows((f) => PROBLEMS.has(f.status));
    await page.selectOption('#f-status', '');
    await expectRows(() => true);
    await page.selectOption('#f-area', 'network');
    await expectRows((f) => f.responsibility === 'network');
    await page.selectOption('#f-severity', 'high');
    await expectRows((f) => f.responsibility === 'network' && f.severity === 'high');
    await page.selectOption('#f-status', 'fail');
    await expectRows((f) => f.responsibility === 'network' && f.severity === 'high' && f.status === 'fail');
    await page.click('#f-reset');
    await expectRows(() => true);
    const address = report.findings.find((f) => f.status === 'fail')!.resource.address;
    await page.fill('#f-text', address.toUpperCase());
    await expectRows((f) => [f.policyId, f.title, f.resource.address, f.resource.kind, f.resource.file ?? '', f.message, AREA_NAMES[f.responsibility]].join('\n').toLowerCase().includes(address.toLowerCase()));
    await page.fill('#f-text', '');
    await page.click('.card[data-area="credentials"] button');
    await expectRows((f) => f.responsibility === 'credentials');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('findings');
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('links each policy to its documentation page', async () => {
    const { page } = await openReport(browser, toHtml(report, { docsUrl: 'https://docs.example/{version}/{id}' }));
    await page.selectOption('#f-status', '');
    const links = await page.$$eval('#rows td:nth-child(3) a', (as) => as.map((a) => [a.textContent, (a as HTMLAnchorElement).href]));
    expect(links.length).toBe(report.findings.length);
    for (const [id, href] of links) expect(href).toBe(`https://docs.example/${report.pack.version}/${id}`);
  }, 60_000);

  it('can be used with the keyboard alone: a skip link, labelled controls, and cards that filter', async () => {
    const { page } = await openReport(browser, toHtml(report));
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the findings');
    const labels = await page.$$eval('.filters select, .filters input', (els) => els.map((e) => (e as HTMLInputElement).labels?.[0]?.firstChild?.textContent?.trim()));
    expect(labels).toEqual(['Status', 'Area', 'Severity', 'Search']);
    // Tab order: skip link, the inputs list, then the first card's button.
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      order.push(await page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.closest('[data-area]')?.getAttribute('data-area') ?? ''}`.trim()));
      await page.keyboard.press('Tab');
    }
    const first = Object.keys(report.scorecard)[0]!;
    expect(order.slice(0, 3)).toEqual(['A', 'SUMMARY', `BUTTON ${first}`]);
    await page.focus(`.card[data-area="${first}"] button`);
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#f-area')).toBe(first);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('findings');
    const ring = await page.evaluate(() => {
      const b = document.querySelector('.card button') as HTMLElement;
      b.focus();
      return getComputedStyle(b).outlineStyle;
    });
    expect(ring).not.toBe('none');
  }, 60_000);

  it('is dark with a dark system, and prints without its controls', async () => {
    const { page, errors } = await openReport(browser, toHtml(report), { colorScheme: 'light' });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe('rgb(13, 17, 23)');
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    const printed = await page.evaluate(() => ({
      background: getComputedStyle(document.body).backgroundColor,
      reset: getComputedStyle(document.getElementById('f-reset')!).display,
      cardButton: getComputedStyle(document.querySelector('.card button')!).display,
      rows: document.querySelectorAll('#rows tr').length,
    }));
    expect(printed).toMatchObject({ background: 'rgb(255, 255, 255)', reset: 'none', cardButton: 'none' });
    expect(printed.rows).toBeGreaterThan(0);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows <script> and onerror payloads from inputs as text and never runs them', async () => {
    const script = '<script>window.__pwned = "script"</script>';
    const img = '<img src=x onerror="window.__pwned = \'img\'">';
    const hostile = buildReport({
      pack: PACK,
      toolVersion: '0.1.0',
      inputs: [{ file: `plans/${img}.json`, format: 'terraform-plan', resources: 2 }],
      errors: [{ file: `bad/${script}.json`, message: `cannot parse ${img}`, hint: script }],
      findings: [
        finding({ policyId: 'DSR-NET-04', status: 'fail', resource: { address: `aws_lb.x["${script}"]`, kind: 'tf:aws_lb', file: `plans/${img}.json`, line: 3 }, message: `aws_lb.x is internet-facing ${img}` }),
        finding({ policyId: 'DSR-NET-05', status: 'waived', resource: { address: `k8s:default/Service/${img}`, kind: 'k8s:Service', file: 'k8s/svc.yaml', line: 1 }, message: script, waiver: { reason: img, source: '.onus.yaml' } }),
      ],
    });
    const { page, requests, errors } = await openReport(browser, toHtml(hostile));
    await page.selectOption('#f-status', '');
    const rows = await visibleRows(page);
    expect(rows).toHaveLength(2);
    expect(rows.flat().join('\n')).toContain(`aws_lb.x["${script}"]`);
    expect(rows.flat().join('\n')).toContain(`k8s:default/Service/${img}`);
    expect(await page.textContent('.errors')).toContain(`bad/${script}.json: cannot parse ${img}`);
    expect(await page.textContent('details.inputs')).toContain(`plans/${img}.json`);
    await page.click('#rows details summary');
    expect(await page.evaluate(() => ({ pwned: (window as unknown as { __pwned?: string }).__pwned, imgs: document.images.length, scripts: document.scripts.length })))
      .toEqual({ pwned: undefined, imgs: 0, scripts: 2 });
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('lists the files a real scan did not check (a chart not rendered, a broken plan), as the text report does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onus-html-account-'));
    try {
      const put = (file: string, text: string) => {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      };
      put('charts/web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
      put('charts/web/templates/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  type: LoadBalancer\n');
      put('plan.json', '{"format_version": "1.2", "resource_changes": [');
      put('k8s/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n');
      const scanned = await scanPaths(['.'], dir);
      const lines = accountLines(scanned).filter((l) => l.startsWith('  ')).map((l) => l.trim());
      expect(lines.some((l) => l.includes('charts/web'))).toBe(true);
      expect(lines.some((l) => l.includes('plan.json'))).toBe(true);
      const { page, requests, errors } = await openReport(browser, toHtml(scanned));
      expect(await page.$$eval('section.account li', (lis) => lis.map((li) => li.textContent))).toEqual(lines);
      expect(await page.textContent('#h-not-checked')).toBe('Files not checked');
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('shows the sample report of every status without errors or requests', async () => {
    const { page, requests, errors } = await openReport(browser, toHtml(sampleReport()));
    await page.selectOption('#f-status', '');
    expect(await visibleRows(page)).toHaveLength(sampleReport().findings.length);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);
});

if (!HAVE_CHROMIUM) it.skip(SKIP_REASON, () => {});

describe('the README screenshot', () => {
  const png = resolve(REPO, 'docs/images/scorecard.png');
  it('is a small PNG the README shows (pnpm screenshot writes it)', () => {
    expect(existsSync(png)).toBe(true);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(png).size).toBeLessThan(250_000);
    expect(readFileSync(resolve(REPO, 'README.md'), 'utf8')).toContain('](docs/images/scorecard.png)');
  });
});
