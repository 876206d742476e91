/**
 * The plain copy of the syntax tree (cst.ts) against tree-sitter's own nodes:
 * the walk asks tokens nothing more than it must (no children, no end of an
 * anonymous token), and the copy must still be the same tree, node for node,
 * on every .tf file of the fixtures and the examples.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node } from 'web-tree-sitter';
import { describe, expect, it } from 'vitest';
import { plainTree, type PlainNode } from '../src/terraform-source/cst.js';
import { terraformParser } from '../src/terraform-source/hcl-syntax.js';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));

function tfFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === '.terraform' ? [] : tfFiles(path);
    return name.endsWith('.tf') ? [path] : [];
  });
}

type Shape = [string, boolean, number, number, Shape[]];
const ofPlain = (n: PlainNode): Shape => [n.type, n.isNamed, n.startIndex, n.endIndex, n.children.map(ofPlain)];
const ofTree = (n: Node): Shape => [n.type, n.isNamed, n.startIndex, n.endIndex, n.children.filter((c): c is Node => c !== null).map(ofTree)];

describe('the plain syntax tree', () => {
  const files = [...tfFiles(join(REPO, 'packages/adapters/test/fixtures/terraform-source')), ...tfFiles(join(REPO, 'examples'))];

  it('is the tree tree-sitter parsed, node for node, on every .tf file of the fixtures and examples', async () => {
    expect(files.length).toBeGreaterThan(20);
    const parser = await terraformParser();
    let compared = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const tree = parser.parse(text)!;
      try {
        if (tree.rootNode.hasError) continue;
        expect(ofPlain(plainTree(tree, text)), file).toEqual(ofTree(tree.rootNode));
        compared++;
      } finally {
        tree.delete();
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('reads every kind of token: operators, keywords, heredocs, splats, templates and comments', async () => {
    const text = [
      '# a comment',
      'locals {',
      '  a = !true && (1 + 2 * 3 - 4 / 5 % 6) >= 7 || null == false',
      '  b = [for k, v in var.m : upper(v) if k != "x"]',
      '  c = { for k in var.l : k => k... }',
      '  d = var.list[*].id',
      '  e = var.list.*.id',
      '  f = "${var.x}-%{ if var.y }yes%{ else }no%{ endif }"',
      '  g = <<-EOT',
      '    text ${var.z}',
      '  EOT',
      '  h = var.c ? 1 : -1',
      '}',
      '',
    ].join('\n');
    const parser = await terraformParser();
    const tree = parser.parse(text)!;
    try {
      expect(tree.rootNode.hasError).toBe(false);
      expect(ofPlain(plainTree(tree, text))).toEqual(ofTree(tree.rootNode));
    } finally {
      tree.delete();
    }
  });

  it('is the tree tree-sitter parsed on texts with syntax errors too (the copy then asks the cursor for every node)', async () => {
    const texts = [
      'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n',
      'locals {\n  a = 1 +\n  b = [1, 2\n}\n',
      'variable "v" {\n  default = "${var.x"\n}\nresource "a" "b" { c = }\n',
      'module "m" {\n  source = "./m"\n  count = var.n ?\n}\n',
    ];
    const parser = await terraformParser();
    for (const text of texts) {
      const tree = parser.parse(text)!;
      try {
        expect(tree.rootNode.hasError, text).toBe(true);
        expect(ofPlain(plainTree(tree, text)), text).toEqual(ofTree(tree.rootNode));
      } finally {
        tree.delete();
      }
    }
  });
});
