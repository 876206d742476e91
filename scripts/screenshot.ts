/**
 * `pnpm screenshot`: the README's picture of the HTML report. Scans
 * examples/infra-repo with the CLI (its .onus.yaml applies), opens the page in
 * the same browser the tests drive (Debian's chromium; never a download) and
 * writes docs/images/scorecard.png: the cards, the chart and the first
 * findings, at 1 device pixel per CSS pixel to keep the file small.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HAVE_CHROMIUM, launch, openReport, SKIP_REASON } from '../packages/engine/test/formats/browser.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(repo, 'docs/images/scorecard.png');

if (!HAVE_CHROMIUM) {
  console.error(`screenshot: ${SKIP_REASON}`);
  process.exit(2);
}
const tsx = resolve(repo, 'node_modules/.bin/tsx');
const scan = spawnSync(tsx, ['--conditions', 'source', 'packages/cli/src/bin.ts', 'scan', 'examples/infra-repo', '--format', 'html'], { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
// Exit 1 means findings at the fail-on severity: the example has some on purpose.
if (scan.status !== 0 && scan.status !== 1) {
  console.error(`screenshot: onus scan exited ${scan.status}: ${scan.stderr}`);
  process.exit(2);
}
const browser = await launch();
try {
  const { page, requests, errors } = await openReport(browser, scan.stdout, { width: 1100, height: 1040 });
  if (requests.length || errors.length) throw new Error(`the page made requests or errors: ${[...requests, ...errors].join('; ')}`);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`screenshot: wrote ${out.slice(repo.length + 1)} (${Math.round(statSync(out).size / 1024)} KiB)`);
} finally {
  await browser.close();
}
