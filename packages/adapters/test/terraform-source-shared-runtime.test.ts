/**
 * web-tree-sitter started by someone else first in the same process (a host
 * that parses with it too): `Parser.init` starts it once, so the object onus
 * gives it is never filled in and the syntax-tree walk cannot be bound. The
 * copy then goes through TreeCursor, and Terraform still reads the same.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Parser } from 'web-tree-sitter';
import { describe, expect, it } from 'vitest';
import { bindRuntime } from '../src/terraform-source/cst.js';
import { parseHcl, terraformParser } from '../src/terraform-source/hcl-syntax.js';

describe('web-tree-sitter started before onus in the same process', () => {
  it('still parses Terraform, the tree copied through TreeCursor', async () => {
    const require = createRequire(import.meta.url);
    const hosts = { wasmBinary: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')) };
    await Parser.init(hosts);
    const parser = await terraformParser();
    // onus's own object was not used: nothing to bind (the host's is, but onus never sees it).
    expect(bindRuntime({ wasmBinary: hosts.wasmBinary })).toBe(false);
    const parsed = parseHcl(parser, 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n  tags   = { Owner = "ops" }\n}\n');
    expect('body' in parsed && parsed.body.blocks.map((b) => [b.type, b.labels])).toEqual([['resource', ['aws_s3_bucket', 'logs']]]);
  });
});
