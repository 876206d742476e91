/** Real scans for the writer tests: the shipped pack over paths, as a library calls it. */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Report } from '@onus/core';
import { loadDefaultPack } from '@onus/rules';
import { planScan, scan } from '../../src/index.js';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

export async function scanPaths(paths: string[], cwd: string = REPO): Promise<Report> {
  const { plan, problems } = await planScan({ pack: loadDefaultPack(), sources: [], today: '2026-06-01' });
  expect(problems).toEqual([]);
  return (await scan(paths, plan, { cwd })).report;
}
