/**
 * Test support for the Terraform source adapter: write a folder of files to a
 * temporary directory and read it as source.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromTerraformSource, type AdapterResult, type TerraformSourceOptions } from '@onus/adapters';

/** Write files (relative path -> text) under a new temporary folder; returns the folder. */
export function writeTree(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onus-tfsrc-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Read a folder written from `files` as Terraform source (the folder is removed after). */
export async function readSource(files: Record<string, string>, options: TerraformSourceOptions = {}, root = '.'): Promise<AdapterResult & { dir: string }> {
  const dir = writeTree(files);
  try {
    const result = await fromTerraformSource(path.join(dir, root), options);
    return { ...result, dir };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The values of the one `terraform_data.t` (or given address) fact whose `input` is the expression. */
export async function evaluateInput(expression: string, extra = ''): Promise<{ value: unknown; reason?: string; unknown: string[] }> {
  const result = await readSource({ 'main.tf': `${extra}\nresource "terraform_data" "t" {\n  input = ${expression}\n}\n` });
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => `${e.file}:${e.line ?? ''} ${e.message}`).join('\n'));
  const fact = result.resources.find((r) => r.address === 'terraform_data.t');
  if (!fact) throw new Error('no terraform_data.t');
  const out: { value: unknown; reason?: string; unknown: string[] } = { value: fact.values.input, unknown: fact.unknown };
  const reason = fact.unknownReasons?.input;
  if (reason !== undefined) out.reason = reason;
  return out;
}
