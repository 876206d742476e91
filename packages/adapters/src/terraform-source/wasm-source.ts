/**
 * The parser's two WebAssembly files: web-tree-sitter's runtime and the
 * Terraform grammar, read from their packages. This module is the parser's
 * one file-system seam: scripts/bundle.mjs replaces it by a module that reads
 * both files from beside the bundle (dist/), where it copies them.
 * Imports node built-ins only.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

export interface ParserWasm {
  /** web-tree-sitter.wasm */
  runtime: Uint8Array;
  /** tree-sitter-terraform.wasm */
  grammar: Uint8Array;
}

export async function readParserWasm(): Promise<ParserWasm> {
  const require = createRequire(import.meta.url);
  const [runtime, grammar] = await Promise.all([
    readFile(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
    readFile(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm')),
  ]);
  return { runtime, grammar };
}
