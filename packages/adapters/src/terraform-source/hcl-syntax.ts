/**
 * Native Terraform syntax (`.tf`, `.tfvars`) to the syntax tree of ./ast.ts.
 * Parsing is tree-sitter's Terraform grammar compiled to WebAssembly
 * (`@tree-sitter-grammars/tree-sitter-hcl`, run by `web-tree-sitter`): no
 * native build, positions on every node, and fast on many small files (see
 * the package README for the measurement). The parser is loaded once per
 * process, its WebAssembly from ./wasm-source.ts. Imports ./ast.ts, ./cst.ts,
 * ./wasm-source.ts, ./wasm-memory.ts, ../errors.ts and web-tree-sitter only.
 */
import { Language, Parser, type Node as TreeNode } from 'web-tree-sitter';
import { bindRuntime, plainTree, type PlainNode as Node } from './cst.js';
import { expr, type Attribute, type Block, type Body, type Expr, type Step, type TemplatePart } from './ast.js';
import { readParserWasm } from './wasm-source.js';
import { IncompleteInstall } from '../errors.js';
import { PAGE_BYTES, PARSER_MEMORY_PAGES, withMemoryMinimum } from './wasm-memory.js';

/** A syntax error: 1-based line and what was found there. */
export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

let loading: Promise<Parser> | undefined;

/** The shared parser (the grammar is loaded on first use). */
export function terraformParser(): Promise<Parser> {
  loading ??= (async () => {
    let wasm;
    try {
      wasm = await readParserWasm();
    } catch (error) {
      throw new IncompleteInstall(`the Terraform parser's WebAssembly cannot be read (${error instanceof Error ? error.message : String(error)})`);
    }
    // Emscripten fills this object in as the runtime's module, for the syntax-tree walk to call its functions;
    // unless web-tree-sitter was started before in this process, when the walk goes through TreeCursor (cst.ts).
    // Its memory starts at 1 MiB, not 32 (./wasm-memory.ts).
    const small = withMemoryMinimum(wasm.runtime, PARSER_MEMORY_PAGES);
    const runtime = small ? { wasmBinary: small, INITIAL_MEMORY: PARSER_MEMORY_PAGES * PAGE_BYTES } : { wasmBinary: wasm.runtime };
    await Parser.init(runtime);
    bindRuntime(runtime);
    const language = await Language.load(wasm.grammar);
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return loading;
}

/** Parse native syntax into a body, or the first syntax error. */
export function parseHcl(parser: Parser, text: string): { body: Body } | { problem: SyntaxProblem } {
  const tree = parser.parse(text);
  if (!tree) return { problem: { line: 1, column: 1, message: 'the parser gave no result' } };
  try {
    if (tree.rootNode.hasError) return { problem: firstError(tree.rootNode) };
    const root = plainTree(tree, text);
    const body = root.namedChildren.find((c) => c.type === 'body');
    return { body: body ? new Converter(text).body(body) : { attributes: [], blocks: [] } };
  } finally {
    tree.delete();
  }
}

function firstError(root: TreeNode): SyntaxProblem {
  let node: TreeNode = root;
  // Descend to the first (innermost) error or missing node.
  for (;;) {
    const next = node.children.find((c) => c !== null && (c.isError || c.isMissing || c.hasError));
    if (!next) break;
    node = next;
    if (node.isMissing) break;
  }
  const at = { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
  if (node.isMissing) return { ...at, message: `expected ${JSON.stringify(node.type)}` };
  const found = node.text.split('\n')[0]?.trim().slice(0, 40) ?? '';
  return { ...at, message: found ? `unexpected ${JSON.stringify(found)}` : 'unexpected end of input' };
}

const STEP_TYPES = new Set(['get_attr', 'index', 'splat']);

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Decode a quoted template's literal piece: escapes, `$${` and `%%{`. */
function unescapeLiteral(raw: string, quoted: boolean): string {
  let out = raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  if (!quoted) return out;
  out = out.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_m, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return ESCAPES[e] ?? e;
  });
  return out;
}

class Converter {
  constructor(private readonly source: string) {}

  body(node: Node): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'attribute') attributes.push(this.attribute(child));
      else if (child.type === 'block') blocks.push(this.block(child));
    }
    return { attributes, blocks };
  }

  private attribute(node: Node): Attribute {
    const name = node.namedChildren[0] as Node;
    const value = node.namedChildren.find((c) => c?.type === 'expression') as Node;
    return { name: name.text, expr: this.expression(value), line: node.startPosition.row + 1 };
  }

  private block(node: Node): Block {
    const labels: string[] = [];
    let type = '';
    let body: Body = { attributes: [], blocks: [] };
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'identifier') {
        if (type === '') type = child.text;
        else labels.push(child.text);
      } else if (child.type === 'string_lit') labels.push(this.stringLit(child));
      else if (child.type === 'body') body = this.body(child);
    }
    return { type, labels, body, line: node.startPosition.row + 1 };
  }

  private stringLit(node: Node): string {
    // Block labels are plain strings: an interpolation stays as written.
    const parts = this.templateParts(node, true);
    return parts.map((p) => (typeof p === 'string' ? p : 'k' in p ? p.text : '')).join('');
  }

  private mk(node: Node, value: Parameters<typeof expr>[0]): Expr {
    return expr(value, node.text, node.startPosition.row + 1);
  }

  expression(node: Node): Expr {
    switch (node.type) {
      case 'expression':
        return this.term(node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment'), node);
      case 'literal_value':
        return this.literal(node.namedChildren[0] as Node);
      case 'variable_expr':
        return this.mk(node, { k: 'name', name: (node.namedChildren[0] as Node).text });
      case 'template_expr':
        return this.mk(node, { k: 'template', parts: this.templateParts(node.namedChildren[0] as Node, (node.namedChildren[0] as Node).type === 'quoted_template') });
      case 'collection_value':
        return this.collection(node.namedChildren[0] as Node);
      case 'function_call':
        return this.call(node);
      case 'conditional':
        return this.conditional(node);
      case 'operation':
        return this.expression(node.namedChildren[0] as Node);
      case 'unary_operation': {
        const children = node.children.filter((c) => c.type !== 'comment');
        const op = children[0] as Node;
        return this.mk(node, { k: 'unary', op: op.type, operand: this.readTerm(children, 1, node).expr });
      }
      case 'binary_operation': {
        const children = node.children.filter((c) => c.type !== 'comment');
        const left = this.readTerm(children, 0, node);
        const op = children[left.next] as Node;
        return this.mk(node, { k: 'binary', op: op.type, left: left.expr, right: this.readTerm(children, left.next + 1, node).expr });
      }
      case 'for_expr':
        return this.forExpr(node.namedChildren[0] as Node);
      case 'heredoc_template':
      case 'quoted_template':
        return this.mk(node, { k: 'template', parts: this.templateParts(node, node.type === 'quoted_template') });
      default:
        // Parenthesised expressions and anything the grammar wraps once more.
        if (node.namedChildCount === 1) return this.expression(node.namedChildren[0] as Node);
        return this.mk(node, { k: 'unsupported' });
    }
  }

  /**
   * `a ? b : c ? d : e`. The grammar groups a chain of conditionals to the
   * left (`(a ? b : c) ? d : e`); HCL groups it to the right, so an
   * unparenthesised conditional in the test position is regrouped.
   */
  private conditional(node: Node): Expr {
    const [testNode, thenNode, elseNode] = node.namedChildren.filter((c) => c.type === 'expression') as [Node, Node, Node];
    const then = this.expression(thenNode);
    const otherwise = this.expression(elseNode);
    const inner = testNode.children.length === 1 && testNode.children[0]?.type === 'conditional' ? testNode.children[0] : undefined;
    if (!inner) return this.mk(node, { k: 'cond', test: this.expression(testNode), then, else: otherwise });
    // Attach `? then : else` to the innermost else of the chain.
    const chain = this.conditional(inner) as Extract<Expr, { k: 'cond' }>;
    let last = chain;
    while (last.else.k === 'cond' && this.chained.has(last.else)) last = last.else;
    const tail = expr({ k: 'cond', test: last.else, then, else: otherwise }, `${last.else.text} ? ${then.text} : ${otherwise.text}`, last.else.line);
    this.chained.add(tail);
    last.else = tail;
    this.chained.add(chain);
    return chain;
  }

  /** Conditionals regrouped from one unparenthesised chain. */
  private readonly chained = new WeakSet<Expr>();

  /**
   * One operand of an operation, from sibling nodes at `from`: a primary
   * (or a parenthesised expression) followed by its attribute, index and
   * splat steps. Returns where the next sibling starts.
   */
  private readTerm(nodes: Node[], from: number, parent: Node): { expr: Expr; next: number } {
    let i = from;
    let base: Expr;
    const first = nodes[i];
    if (!first) return { expr: this.mk(parent, { k: 'unsupported' }), next: i };
    if (first.type === '(') {
      base = this.expression(nodes[i + 1] as Node);
      i += 3;
    } else {
      base = this.expression(first);
      i += 1;
    }
    const steps: Step[] = [];
    while (i < nodes.length && STEP_TYPES.has((nodes[i] as Node).type)) this.steps(nodes[i++] as Node, steps);
    if (steps.length === 0) return { expr: base, next: i };
    const last = nodes[i - 1] as Node;
    return { expr: expr({ k: 'traverse', base, steps }, this.source.slice(first.startIndex, last.endIndex), first.startPosition.row + 1), next: i };
  }

  /** A primary expression with its steps, given as sibling nodes. */
  private term(nodes: Node[], parent: Node): Expr {
    const first = nodes[0];
    if (!first) return this.mk(parent, { k: 'unsupported' });
    const base = this.expression(first);
    if (nodes.length === 1) return base;
    const steps: Step[] = [];
    for (const c of nodes.slice(1)) this.steps(c, steps);
    const last = nodes[nodes.length - 1] as Node;
    return expr({ k: 'traverse', base, steps }, this.source.slice(first.startIndex, last.endIndex), first.startPosition.row + 1);
  }

  private steps(node: Node, out: Step[]): void {
    switch (node.type) {
      case 'get_attr':
        out.push({ attr: (node.namedChildren[0] as Node).text });
        return;
      case 'index': {
        const inner = node.namedChildren[0] as Node;
        if (inner.type === 'legacy_index') {
          out.push({ index: this.mk(inner, { k: 'lit', value: Number(inner.text.slice(1)) }) });
        } else out.push({ index: this.expression(inner.namedChildren.find((c) => c?.type === 'expression') as Node) });
        return;
      }
      case 'splat': {
        const inner = node.namedChildren[0] as Node;
        out.push({ splat: true });
        for (const c of inner.namedChildren) if (c) this.steps(c, out);
        return;
      }
      default:
        return;
    }
  }

  private literal(node: Node): Expr {
    switch (node.type) {
      case 'numeric_lit':
        return this.mk(node, { k: 'lit', value: Number(node.text) });
      case 'bool_lit':
        return this.mk(node, { k: 'lit', value: node.text === 'true' });
      case 'null_lit':
        return this.mk(node, { k: 'lit', value: null });
      case 'string_lit': {
        const parts = this.templateParts(node, true);
        if (parts.every((p) => typeof p === 'string')) return this.mk(node, { k: 'lit', value: parts.join('') });
        return this.mk(node, { k: 'template', parts });
      }
      default:
        return this.mk(node, { k: 'unsupported' });
    }
  }

  private collection(node: Node): Expr {
    if (node.type === 'tuple') {
      return this.mk(node, { k: 'tuple', items: node.namedChildren.filter((c): c is Node => c?.type === 'expression').map((c) => this.expression(c)) });
    }
    const items: { key: Expr; value: Expr }[] = [];
    for (const elem of node.namedChildren) {
      if (elem?.type !== 'object_elem') continue;
      const [keyNode, valueNode] = elem.namedChildren.filter((c): c is Node => c?.type === 'expression');
      let key = this.expression(keyNode as Node);
      // A bare identifier key is its name, not a reference.
      if (key.k === 'name') key = this.mk(keyNode as Node, { k: 'lit', value: key.name });
      items.push({ key, value: this.expression(valueNode as Node) });
    }
    return this.mk(node, { k: 'object', items });
  }

  private call(node: Node): Expr {
    const name = (node.namedChildren[0] as Node).text;
    const argsNode = node.namedChildren.find((c) => c?.type === 'function_arguments');
    const args = argsNode ? argsNode.namedChildren.filter((c): c is Node => c?.type === 'expression').map((c) => this.expression(c)) : [];
    const expand = argsNode ? argsNode.namedChildren.some((c) => c?.type === 'ellipsis') : false;
    return this.mk(node, { k: 'call', name, args, expand });
  }

  private forExpr(node: Node): Expr {
    const intro = node.namedChildren.find((c) => c?.type === 'for_intro') as Node;
    const vars = intro.namedChildren.filter((c): c is Node => c?.type === 'identifier').map((c) => c.text);
    const collection = this.expression(intro.namedChildren.find((c) => c?.type === 'expression') as Node);
    const exprs = node.namedChildren.filter((c): c is Node => c?.type === 'expression').map((c) => this.expression(c));
    const condNode = node.namedChildren.find((c) => c?.type === 'for_cond');
    const cond = condNode ? this.expression(condNode.namedChildren.find((c) => c?.type === 'expression') as Node) : undefined;
    const object = node.type === 'for_object_expr';
    const group = node.namedChildren.some((c) => c?.type === 'ellipsis');
    const base = {
      k: 'for' as const,
      valueVar: (vars.length === 2 ? vars[1] : vars[0]) as string,
      collection,
      value: (object ? exprs[1] : exprs[0]) as Expr,
      group,
      object,
    };
    return this.mk(node, {
      ...base,
      ...(vars.length === 2 ? { keyVar: vars[0] as string } : {}),
      ...(object ? { key: exprs[0] as Expr } : {}),
      ...(cond ? { cond } : {}),
    });
  }

  /**
   * The parts of a quoted or heredoc template. Literal text is taken from the
   * source between the pieces (the grammar drops some whitespace from its
   * literal nodes); heredoc `<<-` indentation is removed as Terraform does.
   */
  templateParts(node: Node, quoted: boolean): TemplatePart[] {
    const children = node.children.filter((c): c is Node => c !== null);
    let start: number;
    let end: number;
    let inner: Node[];
    if (quoted) {
      const open = children.find((c) => c.type === 'quoted_template_start');
      const close = [...children].reverse().find((c) => c.type === 'quoted_template_end');
      start = open ? open.endIndex : node.startIndex;
      end = close ? close.startIndex : node.endIndex;
      inner = children.filter((c) => c !== open && c !== close);
    } else {
      const ids = children.filter((c) => c.type === 'heredoc_identifier');
      const open = ids[0];
      const close = ids[ids.length - 1];
      start = open ? open.endIndex : node.startIndex;
      // The body starts after the newline that ends the `<<EOT` line.
      const newline = this.source.indexOf('\n', start);
      start = newline < 0 ? start : newline + 1;
      end = close && close !== open ? close.startIndex : node.endIndex;
      inner = children.filter((c) => c.type === 'template_interpolation' || c.type === 'template_directive');
    }
    const parts = this.partsBetween(inner, start, end, quoted);
    if (!quoted && node.children.some((c) => c?.type === 'heredoc_start' && c.text === '<<-')) return dedent(parts);
    if (!quoted) {
      // Drop the indentation before the closing marker.
      const last = parts[parts.length - 1];
      if (typeof last === 'string') parts[parts.length - 1] = last.replace(/[ \t]*$/, '');
    }
    return parts;
  }

  private partsBetween(inner: Node[], start: number, end: number, quoted: boolean): TemplatePart[] {
    const parts: TemplatePart[] = [];
    let at = start;
    const literal = (to: number) => {
      if (to > at) parts.push(unescapeLiteral(this.source.slice(at, to), quoted));
    };
    const pieces = inner.filter((c) => c.type === 'template_interpolation' || c.type === 'template_directive');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as Node;
      literal(piece.startIndex);
      if (piece.type === 'template_interpolation') {
        const e = piece.namedChildren.find((c) => c?.type === 'expression');
        if (e) parts.push(this.expression(e));
        at = piece.endIndex;
      } else {
        const directive = piece.namedChildren[0] as Node;
        parts.push(this.directive(directive, quoted));
        at = piece.endIndex;
      }
    }
    literal(end);
    return parts;
  }

  private directive(node: Node, quoted: boolean): TemplatePart {
    const kids = node.namedChildren.filter((c): c is Node => c !== null);
    if (node.type === 'template_if') {
      const intro = kids.find((c) => c.type === 'template_if_intro') as Node;
      const elseIntro = kids.find((c) => c.type === 'template_else_intro');
      const endNode = kids.find((c) => c.type === 'template_if_end') as Node;
      const test = this.expression(intro.namedChildren.find((c) => c?.type === 'expression') as Node);
      const thenEnd = elseIntro ? elseIntro.startIndex : endNode.startIndex;
      const thenPieces = kids.filter((c) => c.startIndex >= intro.endIndex && c.endIndex <= thenEnd);
      const then = this.partsBetween(thenPieces, intro.endIndex, thenEnd, quoted);
      const otherwise = elseIntro
        ? this.partsBetween(kids.filter((c) => c.startIndex >= elseIntro.endIndex && c.endIndex <= endNode.startIndex), elseIntro.endIndex, endNode.startIndex, quoted)
        : [];
      return { if: test, then, else: otherwise };
    }
    const intro = kids.find((c) => c.type === 'template_for_start') ?? (kids[0] as Node);
    const endNode = kids.find((c) => c.type === 'template_for_end') ?? (kids[kids.length - 1] as Node);
    const vars = intro.namedChildren.filter((c): c is Node => c?.type === 'identifier').map((c) => c.text);
    const collection = this.expression(intro.namedChildren.find((c) => c?.type === 'expression') as Node);
    const body = this.partsBetween(kids.filter((c) => c.startIndex >= intro.endIndex && c.endIndex <= endNode.startIndex), intro.endIndex, endNode.startIndex, quoted);
    return { for: collection, valueVar: (vars.length === 2 ? vars[1] : vars[0]) as string, ...(vars.length === 2 ? { keyVar: vars[0] as string } : {}), body };
  }
}

/** `<<-` heredocs: remove the smallest indentation of the literal lines. */
function dedent(parts: TemplatePart[]): TemplatePart[] {
  const text = parts.map((p) => (typeof p === 'string' ? p : '\u0000')).join('');
  const lines = text.split('\n');
  if (lines.length > 0 && /^[ \t]*$/.test(lines[lines.length - 1] as string)) lines.pop();
  let min = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    min = Math.min(min, indent);
  }
  if (!Number.isFinite(min) || min === 0) return trimLast(parts);
  const out: TemplatePart[] = [];
  let lineStart = true;
  for (const p of parts) {
    if (typeof p !== 'string') {
      out.push(p);
      lineStart = false;
      continue;
    }
    let s = '';
    for (const [i, segment] of p.split('\n').entries()) {
      if (i > 0) s += '\n';
      s += lineStart || i > 0 ? segment.slice(Math.min(min, /^[ \t]*/.exec(segment)?.[0].length ?? 0)) : segment;
    }
    lineStart = p.endsWith('\n');
    out.push(s);
  }
  return trimLast(out);
}

function trimLast(parts: TemplatePart[]): TemplatePart[] {
  const last = parts[parts.length - 1];
  if (typeof last === 'string') parts[parts.length - 1] = last.replace(/[ \t]*$/, '');
  return parts;
}
