/**
 * Terraform's JSON syntax (`.tf.json`, `.tfvars.json`) to the syntax tree of
 * ./ast.ts. A JSON document is also a valid native-syntax expression, so the
 * text is parsed by the same tree-sitter grammar as the right-hand side of
 * one attribute (on the same line, so lines stay right); string values stay
 * templates, as Terraform reads them. Which keys are blocks follows the
 * top-level block kinds; inside `resource`/`data`, an object or a list of
 * objects whose values are not all strings is a nested block (JSON has no
 * schema to say so; a map of strings, such as `tags`, stays an attribute).
 * Imports ./ast.ts and ./hcl-syntax.ts.
 */
import type { Parser } from 'web-tree-sitter';
import type { Attribute, Block, Body, Expr } from './ast.js';
import { parseHcl, type SyntaxProblem } from './hcl-syntax.js';

const WRAP = '__json__ = ';

/** Labels each top-level block kind has in the JSON nesting. */
const LABELS: Record<string, number> = {
  resource: 2,
  data: 2,
  ephemeral: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  check: 1,
  locals: 0,
  terraform: 0,
  moved: 0,
  import: 0,
  removed: 0,
};

const META = new Set(['count', 'for_each', 'depends_on', 'provider']);

/** The JSON document as one expression, or a syntax problem. */
function parseJsonExpression(parser: Parser, text: string): { expr: Expr } | { problem: SyntaxProblem } {
  const parsed = parseHcl(parser, WRAP + text);
  if ('problem' in parsed) {
    const p = parsed.problem;
    return { problem: { ...p, column: p.line === 1 ? Math.max(1, p.column - WRAP.length) : p.column } };
  }
  const attr = parsed.body.attributes[0];
  if (!attr) return { problem: { line: 1, column: 1, message: 'the file has no JSON value' } };
  return { expr: attr.expr };
}

/** A `.tf.json` file as a body of blocks. */
export function parseJsonConfig(parser: Parser, text: string): { body: Body } | { problem: SyntaxProblem } {
  const parsed = parseJsonExpression(parser, text);
  if ('problem' in parsed) return parsed;
  const root = parsed.expr;
  if (root.k !== 'object') return { problem: { line: root.line, column: 1, message: 'a .tf.json file must hold a JSON object' } };
  const blocks: Block[] = [];
  for (const item of root.items) {
    const kind = keyOf(item.key);
    if (kind === undefined || kind === '//') continue;
    const labels = LABELS[kind];
    if (labels === undefined) {
      blocks.push({ type: kind, labels: [], body: { attributes: [], blocks: [] }, line: item.key.line });
      continue;
    }
    collect(kind, labels, [], item.value, item.key.line, blocks);
  }
  return { body: { attributes: [], blocks } };
}

/** A `.tfvars.json` file as a body of attributes. */
export function parseJsonVars(parser: Parser, text: string): { body: Body } | { problem: SyntaxProblem } {
  const parsed = parseJsonExpression(parser, text);
  if ('problem' in parsed) return parsed;
  const root = parsed.expr;
  if (root.k !== 'object') return { problem: { line: root.line, column: 1, message: 'a .tfvars.json file must hold a JSON object' } };
  return { body: { attributes: attributesOf(root), blocks: [] } };
}

function keyOf(key: Expr): string | undefined {
  return key.k === 'lit' && typeof key.value === 'string' ? key.value : undefined;
}

function collect(kind: string, remaining: number, labels: string[], value: Expr, line: number, out: Block[]): void {
  const objects = value.k === 'tuple' ? value.items : [value];
  for (const obj of objects) {
    if (obj.k !== 'object') continue;
    if (remaining === 0) {
      const body = kind === 'resource' || kind === 'data' || kind === 'ephemeral' ? bodyOf(obj) : { attributes: attributesOf(obj), blocks: [] };
      out.push({ type: kind, labels, body, line });
      continue;
    }
    for (const item of obj.items) {
      const label = keyOf(item.key);
      if (label === undefined || label === '//') continue;
      collect(kind, remaining - 1, [...labels, label], item.value, item.key.line, out);
    }
  }
}

function attributesOf(obj: Extract<Expr, { k: 'object' }>): Attribute[] {
  const out: Attribute[] = [];
  for (const item of obj.items) {
    const name = keyOf(item.key);
    if (name === undefined || name === '//') continue;
    out.push({ name, expr: item.value, line: item.key.line });
  }
  return out;
}

function isBlockValue(name: string, value: Expr): boolean {
  if (META.has(name)) return false;
  const objects = value.k === 'tuple' ? value.items : [value];
  if (objects.length === 0 || !objects.every((o) => o.k === 'object')) return false;
  return objects.some((o) => o.k === 'object' && o.items.some((i) => i.value.k !== 'template' && !(i.value.k === 'lit' && typeof i.value.value === 'string')));
}

/** A resource body: nested blocks where the value looks like one (see the top comment). */
function bodyOf(obj: Extract<Expr, { k: 'object' }>): Body {
  const attributes: Attribute[] = [];
  const blocks: Block[] = [];
  for (const item of obj.items) {
    const name = keyOf(item.key);
    if (name === undefined || name === '//') continue;
    if (name === 'dynamic' && item.value.k === 'object') {
      for (const d of item.value.items) {
        const label = keyOf(d.key);
        if (label === undefined) continue;
        for (const o of d.value.k === 'tuple' ? d.value.items : [d.value]) {
          if (o.k === 'object') blocks.push({ type: 'dynamic', labels: [label], body: bodyOf(o), line: d.key.line });
        }
      }
      continue;
    }
    if (isBlockValue(name, item.value)) {
      for (const o of item.value.k === 'tuple' ? item.value.items : [item.value]) {
        if (o.k === 'object') blocks.push({ type: name, labels: [], body: bodyOf(o), line: o.line });
      }
    } else attributes.push({ name, expr: item.value, line: item.key.line });
  }
  return { attributes, blocks };
}
