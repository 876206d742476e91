/**
 * A plain-object copy of a tree-sitter syntax tree, made in one walk with a
 * tree cursor. Reading `Node` objects directly costs a WebAssembly call and
 * an allocation per property and child list; converting from this copy
 * halves the time of reading a file (see the package README). Offers the
 * part of the `Node` interface the converter uses. Imports web-tree-sitter types only.
 */
import type { Tree } from 'web-tree-sitter';

export class PlainNode {
  readonly children: PlainNode[] = [];
  private named: PlainNode[] | undefined;

  constructor(
    private readonly source: string,
    readonly type: string,
    readonly isNamed: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    private readonly lines: LineTable,
  ) {}

  get namedChildren(): PlainNode[] {
    this.named ??= this.children.filter((c) => c.isNamed);
    return this.named;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(i: number): PlainNode | null {
    return this.children[i] ?? null;
  }

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get startPosition(): { row: number } {
    return { row: this.lines.row(this.startIndex) };
  }
}

/** 0-based row of a character offset, by binary search over line starts (no call into the parser). */
class LineTable {
  private readonly starts: number[] = [0];

  constructor(source: string) {
    for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  row(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Copy a whole tree (iteratively: deep nesting cannot overflow the stack). */
export function plainTree(tree: Tree, source: string): PlainNode {
  const cursor = tree.walk();
  const lines = new LineTable(source);
  // Type names and namedness by type id: one call into the parser per node kind, not per node.
  const kinds = new Map<number, { type: string; named: boolean }>();
  const kind = (id: number) => {
    let k = kinds.get(id);
    if (!k) {
      k = { type: cursor.nodeType, named: cursor.nodeIsNamed };
      kinds.set(id, k);
    }
    return k;
  };
  try {
    const make = () => {
      const k = kind(cursor.nodeTypeId);
      return new PlainNode(source, k.type, k.named, cursor.startIndex, cursor.endIndex, lines);
    };
    const root = make();
    const stack: PlainNode[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const node = make();
      (stack[stack.length - 1] as PlainNode).children.push(node);
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || stack.length === 1) return root;
        stack.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}
