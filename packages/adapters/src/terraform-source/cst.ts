/**
 * A plain-object copy of a tree-sitter syntax tree, made in one walk with a
 * tree cursor. Reading `Node` objects directly costs a WebAssembly call and
 * an allocation per property and child list; converting from this copy
 * halves the time of reading a file (see the package README). Offers the
 * part of the `Node` interface the converter uses.
 *
 * The walk calls the runtime's cursor functions itself (`bindRuntime`: the
 * Emscripten module web-tree-sitter was started with). web-tree-sitter's
 * `TreeCursor` copies the cursor's four words into the runtime's transfer
 * buffer before every call and back after every move; the runtime's own
 * functions read the cursor from that buffer and leave it there after a
 * move, so one walk copies it in once and out once: five calls into
 * WebAssembly a node instead of five calls and some twenty small copies.
 * Whole process, old and new bundle in turn: the 20-file bench module 332 ->
 * 318 ms (15 runs), the 500-file repository 1375 -> 1253 ms (5 runs).
 * Imports web-tree-sitter types only.
 */
import type { Tree, TreeCursor } from 'web-tree-sitter';
import { LineTable } from '../line-table.js';

/**
 * The functions of web-tree-sitter's runtime (its Emscripten module, the
 * object given to `Parser.init`) that the walk calls. Each `_wasm` function
 * reads the cursor from the transfer buffer (`_ts_init()`'s address); a
 * move writes the moved cursor back there.
 */
interface Runtime {
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_named_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  getValue(address: number, type: 'i32'): number;
  setValue(address: number, value: number, type: 'i32'): void;
}

const RUNTIME_FUNCTIONS = [
  '_ts_init',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_node_is_named_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  'getValue',
  'setValue',
] as const;

/** A cursor's words in the transfer buffer (web-tree-sitter's `marshalTreeCursor`). */
const CURSOR_WORDS = 4;

let runtime: { calls: Runtime; transfer: number } | undefined;

/**
 * Give the walk the runtime web-tree-sitter was started with (the object
 * passed to `Parser.init`). Throws when that runtime lacks a function the
 * walk calls (another web-tree-sitter than the one this was written for).
 */
export function bindRuntime(module: object): void {
  const calls = module as Partial<Record<(typeof RUNTIME_FUNCTIONS)[number], unknown>>;
  const missing = RUNTIME_FUNCTIONS.filter((name) => typeof calls[name] !== 'function');
  if (missing.length > 0) throw new Error(`web-tree-sitter's runtime has no ${missing.join(', ')}: the syntax-tree walk needs the web-tree-sitter version in packages/adapters/package.json`);
  const bound = module as Runtime;
  // ts_init only returns the buffer's address (and writes the two language-version words web-tree-sitter read at its own start).
  runtime = { calls: bound, transfer: bound._ts_init() };
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
  if (!runtime) throw new Error('plainTree before bindRuntime: load the parser with terraformParser() first');
  const { calls: rt, transfer } = runtime;
  const at = treeAddress(tree);
  const cursor = tree.walk();
  const words = cursorWords(cursor);
  const lines = new LineTable(source);
  const exact = !tree.rootNode.hasError;
  const types = tree.language.types;
  // Kinds by type id: one question per node kind, not per node.
  const kinds = new Map<number, Kind>();
  const kind = (id: number): Kind => {
    let k = kinds.get(id);
    if (!k) {
      const type = types[id] || 'ERROR';
      const named = rt._ts_tree_cursor_current_node_is_named_wasm(at) === 1;
      k = { type, named, leaf: named ? NAMED_TOKENS.has(type) : true, width: named || !exact ? undefined : type.length };
      kinds.set(id, k);
    }
    return k;
  };
  // The cursor goes into the transfer buffer once; every call below reads it there, every move leaves it there.
  for (let i = 0; i < CURSOR_WORDS; i++) rt.setValue(transfer + 4 * i, words[i] as number, 'i32');
  try {
    let k!: Kind;
    const make = () => {
      k = kind(rt._ts_tree_cursor_current_node_type_id_wasm(at));
      const start = rt._ts_tree_cursor_start_index_wasm(at);
      return new PlainNode(source, k.type, k.named, start, k.width === undefined ? rt._ts_tree_cursor_end_index_wasm(at) : start + k.width, lines);
    };
    const root = make();
    const stack: PlainNode[] = [root];
    if (rt._ts_tree_cursor_goto_first_child_wasm(at) !== 1) return root;
    for (;;) {
      const node = make();
      (stack[stack.length - 1] as PlainNode).children.push(node);
      if (!(exact && k.leaf) && rt._ts_tree_cursor_goto_first_child_wasm(at) === 1) {
        stack.push(node);
        continue;
      }
      while (rt._ts_tree_cursor_goto_next_sibling_wasm(at) !== 1) {
        if (rt._ts_tree_cursor_goto_parent_wasm(at) !== 1 || stack.length === 1) return root;
        stack.pop();
      }
    }
  } finally {
    // Back into the cursor (a move may have reallocated its stack), which then frees it.
    for (let i = 0; i < CURSOR_WORDS; i++) words[i] = rt.getValue(transfer + 4 * i, 'i32');
    cursor.delete();
  }
}
