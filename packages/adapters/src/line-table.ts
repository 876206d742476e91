/**
 * The lines of a text: the 0-based row of a character offset, by binary
 * search over the line starts, found at the first question. Used by the
 * Terraform syntax-tree copy (terraform-source/cst.ts) and the quick YAML
 * path (yaml.ts). Imports nothing.
 */
export class LineTable {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  row(offset: number): number {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
