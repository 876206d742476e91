/**
 * A plain-object copy of a tree-sitter syntax tree, made in one walk with a
 * tree cursor. Reading `Node` objects directly costs a WebAssembly call and
 * an allocation per property and child list; converting from this copy
 * halves the time of reading a file (see the package README). Offers the
 * part of the `Node` interface the converter uses. Imports web-tree-sitter types only.
 */
import type { Tree } from 'web-tree-sitter';
import { LineTable } from '../line-table.js';

export class PlainNode {
  // Fields are set by the constructor alone, not declared with initialisers:
  // V8 defines class fields one by one before the constructor runs, and a
  // node is made for every token of every file.
  declare readonly children: PlainNode[];
  declare readonly type: string;
  declare readonly isNamed: boolean;
  declare readonly startIndex: number;
  declare readonly endIndex: number;
  declare private readonly source: string;
  declare private readonly lines: LineTable;
  declare private named: PlainNode[] | undefined;

  constructor(source: string, type: string, isNamed: boolean, startIndex: number, endIndex: number, lines: LineTable) {
    this.children = [];
    this.type = type;
    this.isNamed = isNamed;
    this.startIndex = startIndex;
    this.endIndex = endIndex;
    this.source = source;
    this.lines = lines;
    this.named = undefined;
  }

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

/**
 * Named kinds of the grammar that are single tokens (a `token()` or the
 * external scanner's): they have no children, so the walk does not ask. (A
 * named kind defined as a plain string, `block_start`, wraps its anonymous
 * token as a child, so it is not one of these.)
 */
const NAMED_TOKENS = new Set([
  'identifier', 'comment', 'ellipsis', 'heredoc_identifier',
  'quoted_template_start', 'quoted_template_end', 'template_directive_start', 'template_directive_end',
  'template_interpolation_start', 'template_interpolation_end',
]);

/** A node kind: its name, whether it is named, and what the walk need not ask of its nodes. */
interface Kind {
  type: string;
  named: boolean;
  /** A token: no children. */
  leaf: boolean;
  /** The text's length when it is always the same (an anonymous token, `{` or `for`, is its own name). */
  width: number | undefined;
}

/**
 * Copy a whole tree (iteratively: deep nesting cannot overflow the stack).
 * Each question to the cursor is a call into WebAssembly, most of the cost of
 * a small file: tokens are not asked for children, and anonymous tokens not
 * for their end (unless the tree has errors, where recovery may insert empty ones).
 */
export function plainTree(tree: Tree, source: string): PlainNode {
  const cursor = tree.walk();
  const lines = new LineTable(source);
  const exact = !tree.rootNode.hasError;
  // Kinds by type id: one call into the parser per node kind, not per node.
  const kinds = new Map<number, Kind>();
  const kind = (id: number): Kind => {
    let k = kinds.get(id);
    if (!k) {
      const type = cursor.nodeType;
      const named = cursor.nodeIsNamed;
      k = { type, named, leaf: named ? NAMED_TOKENS.has(type) : true, width: named || !exact ? undefined : type.length };
      kinds.set(id, k);
    }
    return k;
  };
  try {
    let k!: Kind;
    const make = () => {
      k = kind(cursor.nodeTypeId);
      const start = cursor.startIndex;
      return new PlainNode(source, k.type, k.named, start, k.width === undefined ? cursor.endIndex : start + k.width, lines);
    };
    const root = make();
    const stack: PlainNode[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const node = make();
      (stack[stack.length - 1] as PlainNode).children.push(node);
      if (!(exact && k.leaf) && cursor.gotoFirstChild()) {
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
