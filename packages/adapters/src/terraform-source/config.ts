/**
 * Reading one module folder: its `.tf` and `.tf.json` files (size-checked
 * before parsing, parsed once per folder and cached), gathered by kind:
 * variables, locals, outputs, resources, data sources and module calls. Bad
 * files and duplicate or unknown blocks become `InputError`s with file and
 * line; the rest of the folder is still read. Imports ./ast.ts, the two
 * syntax modules and the adapters' error helpers.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { InputError } from '@onus/core';
import type { Parser } from 'web-tree-sitter';
import { inputError } from '../errors.js';
import type { Attribute, Block, Body } from './ast.js';
import { parseHcl, type SyntaxProblem } from './hcl-syntax.js';
import { parseJsonConfig } from './json-syntax.js';

/** A block with the file it is in (as shown in facts and errors). */
export interface Located<T> {
  item: T;
  file: string;
}

export interface ModuleConfig {
  /** The folder on disk. */
  dir: string;
  /** The folder as shown in file names (relative to how the root was given). */
  shown: string;
  variables: Map<string, Located<Block>>;
  locals: Map<string, Located<Attribute>>;
  outputs: Map<string, Located<Block>>;
  /** By local address: `aws_s3_bucket.b`, `data.aws_iam_policy_document.p`. */
  resources: Map<string, Located<Block>>;
  calls: Map<string, Located<Block>>;
  /** Its files read (`.tf`, `.tf.json`), as shown. */
  files: string[];
  errors: InputError[];
}

/** Limits and hints of the source adapter. */
export const SOURCE_HINT = {
  syntax: 'fix the Terraform syntax at that line (`terraform validate` shows the exact problem)',
  size: 'a Terraform file this large is generated data, not configuration: move it out of the module folder or raise maxFileBytes',
  block: 'use one of the top-level blocks Terraform knows: terraform, provider, variable, locals, output, module, resource, data, moved, import, removed, check, ephemeral',
  duplicate: 'each name may be declared once per module: rename or remove one of them',
} as const;

const TOP_LEVEL = new Set(['terraform', 'provider', 'variable', 'locals', 'output', 'module', 'resource', 'data', 'moved', 'import', 'removed', 'check', 'ephemeral']);

/** Is this a Terraform configuration file name? */
export function isConfigFile(name: string): boolean {
  return name.endsWith('.tf') || name.endsWith('.tf.json');
}

/** Read and parse one file, refusing it over the size limit before reading. */
export async function readSourceFile(
  parser: Parser,
  diskPath: string,
  shown: string,
  maxBytes: number,
  parse: (parser: Parser, text: string) => { body: Body } | { problem: SyntaxProblem },
): Promise<{ body: Body } | { error: InputError }> {
  try {
    const stat = await fs.stat(diskPath);
    if (stat.size > maxBytes) {
      return { error: inputError(shown, `the file is ${megabytes(stat.size)}, over the ${megabytes(maxBytes)} limit for Terraform files`, SOURCE_HINT.size) };
    }
    const bytes = await fs.readFile(diskPath);
    if (bytes.includes(0)) return { error: inputError(shown, 'this is a binary file, not Terraform text', 'remove the file from the module folder, or give it another extension') };
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const parsed = parse(parser, text);
    if ('problem' in parsed) {
      return { error: inputError(shown, `syntax error at line ${parsed.problem.line}, column ${parsed.problem.column}: ${parsed.problem.message}`, SOURCE_HINT.syntax, { line: parsed.problem.line }) };
    }
    return parsed;
  } catch (error) {
    if (error instanceof RangeError) {
      return { error: inputError(shown, 'the file nests expressions too deeply to read', 'no hand-written configuration nests this deep: check how the file was generated') };
    }
    return { error: inputError(shown, `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'check that the file exists and is readable') };
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Read a module folder. */
export async function readModule(parser: Parser, dir: string, shown: string, maxBytes: number): Promise<ModuleConfig> {
  const config: ModuleConfig = { dir, shown, variables: new Map(), locals: new Map(), outputs: new Map(), resources: new Map(), calls: new Map(), files: [], errors: [] };
  let names: string[];
  try {
    names = (await fs.readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && isConfigFile(d.name)).map((d) => d.name).sort();
  } catch (error) {
    config.errors.push(inputError(shown, `cannot read the module folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'check that the folder exists and is readable'));
    return config;
  }
  const files = await Promise.all(
    names.map(async (name) => {
      const shownFile = shown === '' ? name : path.join(shown, name);
      const parsed = await readSourceFile(parser, path.join(dir, name), shownFile, maxBytes, name.endsWith('.json') ? parseJsonConfig : parseHcl);
      return { shownFile, parsed };
    }),
  );
  for (const { shownFile, parsed } of files) {
    config.files.push(shownFile);
    if ('error' in parsed) config.errors.push(parsed.error);
    else gather(config, parsed.body, shownFile);
  }
  return config;
}

function gather(config: ModuleConfig, body: Body, file: string): void {
  const add = <T extends { line: number }>(map: Map<string, Located<T>>, key: string, item: T, what: string) => {
    const existing = map.get(key);
    if (existing) {
      config.errors.push(inputError(file, `${what} is declared twice (also at ${existing.file}:${existing.item.line})`, SOURCE_HINT.duplicate, { line: item.line }));
      return;
    }
    map.set(key, { item, file });
  };
  for (const block of body.blocks) {
    const [a, b] = block.labels;
    switch (block.type) {
      case 'variable':
        if (a !== undefined) add(config.variables, a, block, `variable "${a}"`);
        break;
      case 'output':
        if (a !== undefined) add(config.outputs, a, block, `output "${a}"`);
        break;
      case 'module':
        if (a !== undefined) add(config.calls, a, block, `module "${a}"`);
        break;
      case 'resource':
        if (a !== undefined && b !== undefined) add(config.resources, `${a}.${b}`, block, `resource "${a}" "${b}"`);
        break;
      case 'data':
        if (a !== undefined && b !== undefined) add(config.resources, `data.${a}.${b}`, block, `data "${a}" "${b}"`);
        break;
      case 'locals':
        for (const attr of block.body.attributes) add(config.locals, attr.name, attr, `local.${attr.name}`);
        break;
      default:
        if (!TOP_LEVEL.has(block.type)) {
          config.errors.push(inputError(file, `unknown block type "${block.type}" at line ${block.line}`, SOURCE_HINT.block, { line: block.line }));
        }
    }
  }
  for (const attr of body.attributes) {
    config.errors.push(inputError(file, `unexpected attribute "${attr.name}" at the top level (line ${attr.line})`, SOURCE_HINT.block, { line: attr.line }));
  }
}
