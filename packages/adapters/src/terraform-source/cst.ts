/**
 * A plain-object copy of a tree-sitter syntax tree. Reading `Node` objects
 * directly costs a WebAssembly call and an allocation per property and child
 * list; converting from this copy halves the time of reading a file (see the
 * package README). Offers the part of the `Node` interface the converter uses.
 *
 * The copy is made by one call into WebAssembly (walk.wat): a walk with the
 * cursor functions of web-tree-sitter's runtime (`bindRuntime`: the
 * Emscripten module web-tree-sitter was started with), which writes a record
 * per node; the nodes are then made from the records. Walked from JavaScript,
 * with web-tree-sitter's `TreeCursor`, each node cost five calls into
 * WebAssembly and some twenty small copies of the cursor in and out of the
 * runtime's transfer buffer. Whole process, old and new bundle in turn: the
 * 20-file bench module 332 -> 318 ms (15 runs) with those calls made from
 * JavaScript, 302 -> 298 ms (21 runs, a quieter spell) with the walk in
 * WebAssembly; the 500-file repository 1375 -> 1253 ms (5 runs) from
 * JavaScript. In process, copying the module's 20 trees: 12.0 ms from
 * JavaScript, 9.7 ms now (medians of 7), of which the walk is 2.4 ms and
 * making the 9,000 nodes the rest. When the runtime cannot be bound, trees
 * are copied through `TreeCursor` (cursorTree).
 * Imports web-tree-sitter types and ./walk-wasm.ts only.
 */
import type { Tree, TreeCursor } from 'web-tree-sitter';
import { LineTable } from '../line-table.js';
import { WALK_WASM } from './walk-wasm.js';

/**
 * The cursor functions of web-tree-sitter's runtime (its Emscripten module,
 * the object given to `Parser.init`) that walk.wat imports, by its import
 * names. Each reads the cursor from the transfer buffer (`_ts_init()`'s
 * address); a move writes the moved cursor back there.
 */
const CURSOR_IMPORTS = {
  first_child: '_ts_tree_cursor_goto_first_child_wasm',
  next_sibling: '_ts_tree_cursor_goto_next_sibling_wasm',
  parent: '_ts_tree_cursor_goto_parent_wasm',
  type_id: '_ts_tree_cursor_current_node_type_id_wasm',
  is_named: '_ts_tree_cursor_current_node_is_named_wasm',
  start_index: '_ts_tree_cursor_start_index_wasm',
  end_index: '_ts_tree_cursor_end_index_wasm',
} as const;

/** The rest of the runtime the walk uses: the transfer buffer's address and its words. */
interface Runtime {
  _ts_init(): number;
  getValue(address: number, type: 'i32'): number;
  setValue(address: number, value: number, type: 'i32'): void;
}

/** walk.wat's exports. */
interface Walker {
  memory: WebAssembly.Memory;
  /** Walk the tree from the cursor in the transfer buffer: the number of records, or -1 when memory ran out. */
  walk(tree: number): number;
}

/** A cursor's words in the transfer buffer (web-tree-sitter's `marshalTreeCursor`). */
const CURSOR_WORDS = 4;
/** Words of a record (walk.wat): type id and named bit, start, end, parent record. */
const RECORD_WORDS = 4;

let bound: { runtime: Runtime; transfer: number; walker: Walker } | undefined;

/**
 * Give the walk the runtime web-tree-sitter was started with (the object
 * passed to `Parser.init`): true when bound. It is not when that object lacks
 * a function the walk calls: another web-tree-sitter version, or one already
 * started in this process with another object (`Parser.init` starts it once).
 * Trees are then copied through web-tree-sitter's public `TreeCursor`
 * (cursorTree), slower but the same.
 */
export function bindRuntime(module: object): boolean {
  const given = module as Record<string, unknown>;
  if (!['_ts_init', 'getValue', 'setValue', ...Object.values(CURSOR_IMPORTS)].every((name) => typeof given[name] === 'function')) return false;
  const cursor = Object.fromEntries(Object.entries(CURSOR_IMPORTS).map(([name, fn]) => [name, given[fn]]));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(WALK_WASM, 'base64')), { cursor } as WebAssembly.Imports);
  const runtime = module as Runtime;
  // ts_init only returns the buffer's address (and writes the two language-version words web-tree-sitter read at its own start).
  bound = { runtime, transfer: runtime._ts_init(), walker: instance.exports as unknown as Walker };
  return true;
}

/** The words of a web-tree-sitter cursor and the address of a tree: web-tree-sitter's own fields, untyped in its declarations. */
const cursorWords = (cursor: TreeCursor): number[] => (cursor as unknown as { handles: number[] }).handles;
const treeAddress = (tree: Tree): number => (tree as unknown as Record<0, number>)[0];

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
 * Copy a whole tree: walk.wat walks it (iteratively: deep nesting cannot
 * overflow a stack) and records every node; the nodes are made from the
 * records, each added to its parent's children in document order.
 */
export function plainTree(tree: Tree, source: string): PlainNode {
  if (!bound) return cursorTree(tree, source);
  const { runtime, transfer, walker } = bound;
  const cursor = tree.walk();
  const words = cursorWords(cursor);
  let count: number;
  // The cursor goes into the transfer buffer once; the walk's calls read it there, its moves leave it there.
  for (let i = 0; i < CURSOR_WORDS; i++) runtime.setValue(transfer + 4 * i, words[i] as number, 'i32');
  try {
    count = walker.walk(treeAddress(tree));
  } finally {
    // Back into the cursor (a move may have reallocated its stack), which then frees it.
    for (let i = 0; i < CURSOR_WORDS; i++) words[i] = runtime.getValue(transfer + 4 * i, 'i32');
    cursor.delete();
  }
  if (count < 1) throw new RangeError('the syntax tree does not fit in memory');
  const records = new Int32Array(walker.memory.buffer, 0, count * RECORD_WORDS);
  const types = tree.language.types;
  const lines = new LineTable(source);
  const nodes: PlainNode[] = new Array<PlainNode>(count);
  for (let i = 0, r = 0; i < count; i++, r += RECORD_WORDS) {
    const word = records[r] as number;
    const node = new PlainNode(source, types[word & 0xffff] || 'ERROR', word >>> 16 !== 0, records[r + 1] as number, records[r + 2] as number, lines);
    nodes[i] = node;
    const parent = records[r + 3] as number;
    if (parent >= 0) (nodes[parent] as PlainNode).children.push(node);
  }
  return nodes[0] as PlainNode;
}

/** The same copy through web-tree-sitter's public `TreeCursor`, a call into WebAssembly for each question (when no runtime is bound). */
export function cursorTree(tree: Tree, source: string): PlainNode {
  const cursor = tree.walk();
  const lines = new LineTable(source);
  const make = () => new PlainNode(source, cursor.nodeType, cursor.nodeIsNamed, cursor.startIndex, cursor.endIndex, lines);
  try {
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
