/** The bench's table in README.md: the block between two markers, rewritten by each full run. */
import { readFileSync, writeFileSync } from 'node:fs';

export const START = '<!-- bench:start (written by `pnpm bench`) -->';
export const END = '<!-- bench:end -->';

/** README text with the block replaced; throws when the markers are missing. */
export function withBenchBlock(readme: string, block: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} … ${END} block`);
  return `${readme.slice(0, a + START.length)}\n${block.trimEnd()}\n${readme.slice(b)}`;
}

export function writeBenchBlock(file: string, block: string): void {
  writeFileSync(file, withBenchBlock(readFileSync(file, 'utf8'), block));
}
