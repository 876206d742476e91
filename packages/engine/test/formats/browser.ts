/**
 * The HTML report in a real browser: Debian's chromium driven by
 * playwright-core, which never downloads a browser of its own. The page is
 * served at one made-up https address; every other request is recorded and
 * aborted, so a test can assert that the page asks for nothing.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env['ONUS_CHROMIUM'] ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SKIP_REASON = `no browser at ${CHROMIUM} (apt-get install chromium, or set ONUS_CHROMIUM): the HTML report is not tested in a browser`;

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
}

const PAGE_URL = 'https://report.onus.invalid/';

export interface OpenedReport {
  page: Page;
  /** Every request other than the page itself, in order. */
  requests: string[];
  /** Console errors, uncaught exceptions and dialogs (a payload that ran would open one). */
  errors: string[];
}

export async function openReport(
  browser: Browser,
  html: string,
  options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {},
): Promise<OpenedReport> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1200, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (r.url() !== PAGE_URL) requests.push(r.url());
  });
  await context.route('**/*', (route) =>
    route.request().url() === PAGE_URL ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }) : route.abort(),
  );
  await page.goto(PAGE_URL, { waitUntil: 'load' });
  return { page, requests, errors };
}
