/**
 * The syntax tree of Terraform configuration that the evaluator reads: plain
 * objects built once per file from either syntax (native HCL through
 * tree-sitter in ./hcl-syntax.ts, JSON in ./json-syntax.ts). Nothing here
 * depends on the parser, so evaluation never calls back into WebAssembly.
 * Imports nothing.
 */

/** An expression, with its source text (for `unknown` reasons) and 1-based line. */
export type Expr = ExprNode & { text: string; line: number };

export type ExprNode =
  | { k: 'lit'; value: string | number | boolean | null }
  /** Syntax the converter does not know: evaluates to unknown, never to a guessed value. */
  | { k: 'unsupported' }
  | { k: 'template'; parts: TemplatePart[] }
  /** A bare name at the start of a traversal: `var`, `aws_s3_bucket`, a `for` variable. */
  | { k: 'name'; name: string }
  | { k: 'traverse'; base: Expr; steps: Step[] }
  | { k: 'tuple'; items: Expr[] }
  | { k: 'object'; items: { key: Expr; value: Expr }[] }
  | { k: 'call'; name: string; args: Expr[]; expand: boolean }
  | { k: 'cond'; test: Expr; then: Expr; else: Expr }
  | { k: 'unary'; op: string; operand: Expr }
  | { k: 'binary'; op: string; left: Expr; right: Expr }
  | { k: 'for'; keyVar?: string; valueVar: string; collection: Expr; key?: Expr; value: Expr; cond?: Expr; group: boolean; object: boolean };

/** A step of a traversal: `.name`, `[expr]`, or a splat (`[*]` / `.*`) applying the rest to each element. */
export type Step = { attr: string } | { index: Expr } | { splat: true };

/** A piece of a template: literal text, an interpolation, or a directive. */
export type TemplatePart =
  | string
  | Expr
  | { if: Expr; then: TemplatePart[]; else: TemplatePart[] }
  | { for: Expr; keyVar?: string; valueVar: string; body: TemplatePart[] };

export interface Attribute {
  name: string;
  expr: Expr;
  line: number;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  line: number;
}

/** A body: attributes in order (names unique) and blocks in order. */
export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

/** One parsed file. */
export interface ParsedFile {
  file: string;
  body: Body;
}

/** Make an expression node with its text and line. */
export function expr(node: ExprNode, text: string, line: number): Expr {
  return Object.assign(node, { text, line });
}

/** The attribute of a body by name. */
export function attribute(body: Body, name: string): Attribute | undefined {
  return body.attributes.find((a) => a.name === name);
}
