/**
 * The plain copy of the syntax tree (cst.ts) against tree-sitter's own nodes:
 * the same tree, node for node, on every .tf file of the fixtures and the
 * examples, on every kind of token and on texts with syntax errors. The walk
 * (walk.wat) calls the runtime's cursor functions itself and hands the
 * cursor back to web-tree-sitter to free (the last test); without a bound
 * runtime the copy goes through TreeCursor, the same tree.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tree, TreeCursor, type Node, type Parser } from 'web-tree-sitter';
import { describe, expect, it, vi } from 'vitest';
import { cursorTree, plainTree, type PlainNode } from '../src/terraform-source/cst.js';
import { terraformParser } from '../src/terraform-source/hcl-syntax.js';

const walkOriginal = Tree.prototype.walk;
const deleteOriginal = TreeCursor.prototype.delete;

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

/** Parse a text: the shape of a copy of its tree (plainTree unless given), the shape of tree-sitter's own nodes, and whether it has an error. */
function shapes(parser: Parser, text: string, copy: (tree: Tree, text: string) => PlainNode = plainTree): { copy: Shape; tree: Shape; hasError: boolean } {
  const tree = parser.parse(text)!;
  try {
    return { copy: ofPlain(copy(tree, text)), tree: ofTree(tree.rootNode), hasError: tree.rootNode.hasError };
  } finally {
    tree.delete();
  }
}

describe('the plain syntax tree', () => {
  const files = [...tfFiles(join(REPO, 'packages/adapters/test/fixtures/terraform-source')), ...tfFiles(join(REPO, 'examples'))];

  it('is the tree tree-sitter parsed, node for node, on every .tf file of the fixtures and examples', async () => {
    expect(files.length).toBeGreaterThan(20);
    const parser = await terraformParser();
    let compared = 0;
    for (const file of files) {
      const read = shapes(parser, readFileSync(file, 'utf8'));
      if (read.hasError) continue;
      expect(read.copy, file).toEqual(read.tree);
      compared++;
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
    const read = shapes(await terraformParser(), text);
    expect(read.hasError).toBe(false);
    expect(read.copy).toEqual(read.tree);
  });

  it('is the tree tree-sitter parsed on texts with syntax errors too (where recovery may insert empty tokens)', async () => {
    const texts = [
      'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n',
      'locals {\n  a = 1 +\n  b = [1, 2\n}\n',
      'variable "v" {\n  default = "${var.x"\n}\nresource "a" "b" { c = }\n',
      'module "m" {\n  source = "./m"\n  count = var.n ?\n}\n',
    ];
    const parser = await terraformParser();
    for (const text of texts) {
      const read = shapes(parser, text);
      expect(read.hasError, text).toBe(true);
      expect(read.copy, text).toEqual(read.tree);
    }
  });

  it('copies deep trees, whose cursor stack grows, the same walk after walk', async () => {
    // 60 nested lists: the cursor's stack grows past its first size, and is freed after each walk.
    const deep = `locals {\n  a = ${'['.repeat(60)}1${']'.repeat(60)}\n}\n`;
    const plain = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  tags = { Name = "y" }\n}\n';
    const parser = await terraformParser();
    for (let round = 0; round < 40; round++) {
      for (const text of [deep, plain]) {
        const read = shapes(parser, text);
        expect(read.copy).toEqual(read.tree);
      }
    }
  });

  it('is the same tree through web-tree-sitter\'s TreeCursor, the copy made when no runtime is bound', async () => {
    const parser = await terraformParser();
    const texts = [...files.map((file) => readFileSync(file, 'utf8')), 'locals {\n  a = 1 +\n  b = [1, 2\n}\n'];
    for (const text of texts) {
      const read = shapes(parser, text, cursorTree);
      expect(read.copy).toEqual(read.tree);
    }
  });

  it('frees the cursor as the walk left it: after a deep tree, not the words it started with', async () => {
    const deep = `locals {\n  a = ${'['.repeat(60)}1${']'.repeat(60)}\n}\n`;
    const parser = await terraformParser();
    const tree = parser.parse(deep)!;
    const words = (c: TreeCursor) => [...(c as unknown as { handles: number[] }).handles];
    let started: number[] = [];
    let freed: number[] = [];
    const walk = vi.spyOn(Tree.prototype, 'walk').mockImplementation(function (this: Tree) {
      const cursor = walkOriginal.call(this);
      started = words(cursor);
      return cursor;
    });
    const free = vi.spyOn(TreeCursor.prototype, 'delete').mockImplementation(function (this: TreeCursor) {
      freed = words(this);
      deleteOriginal.call(this);
    });
    try {
      plainTree(tree, deep);
    } finally {
      walk.mockRestore();
      free.mockRestore();
      tree.delete();
    }
    // The cursor's stack grew to hold 60 levels: its words (the stack's place and size) changed, and web-tree-sitter freed those.
    expect(freed).toHaveLength(started.length);
    expect(freed).not.toEqual(started);
  });
});
