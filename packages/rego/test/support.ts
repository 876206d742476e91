/**
 * Test support: where the shared OPA wasm fixtures are (tests skip with a
 * message when they are absent), building bundles in memory with the tar
 * library, and temporary directories that tests remove again.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { packTar } from 'modern-tar';

export const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/opa-wasm/', import.meta.url));
export const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
export const HAVE_FIXTURES = existsSync(join(FIXTURES, 'README.md'));
export const SKIP_REASON = `the OPA wasm fixtures are not here (expected at ${FIXTURES}): fixture tests skipped`;
if (!HAVE_FIXTURES) console.warn(SKIP_REASON);

export const fixture = (...parts: string[]) => join(FIXTURES, ...parts);
export const fixtureBytes = (...parts: string[]) => new Uint8Array(readFileSync(fixture(...parts)));

/** A gzip-compressed tar archive of these members (names as given: OPA writes them with a leading `/`). */
export async function tarGz(members: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const tar = await packTar(Object.entries(members).map(([name, body]) => ({ header: { name, size: typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength }, body })));
  return gzipSync(tar);
}

/** An OPA-style wasm bundle: `/.manifest` listing the entrypoints, `/policy.wasm`, and `/data.json` when data is given. */
export function wasmBundle(wasm: Uint8Array, entrypoints: string[], data?: unknown): Promise<Uint8Array> {
  return tarGz({
    '/.manifest': JSON.stringify({ revision: '', roots: [''], wasm: entrypoints.map((entrypoint) => ({ entrypoint, module: '/policy.wasm' })) }),
    '/policy.wasm': wasm,
    ...(data !== undefined ? { '/data.json': JSON.stringify(data) } : {}),
  });
}

/**
 * A tar archive whose one member's header declares `size` bytes but carries
 * none of them (a 1 GB member without writing 1 GB): a ustar header with a
 * valid checksum, gzip-compressed.
 */
export function tarGzDeclaring(name: string, size: number): Uint8Array {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'utf8');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(size.toString(8).padStart(11, '0') + '\0', 124);
  header.write('00000000000\0', 136);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return gzipSync(Buffer.concat([header, Buffer.alloc(1024)]));
}

/** A fresh temporary directory with these files, and a function that removes it. */
export function tempDir(files: Record<string, string | Uint8Array> = {}): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'onus-rego-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
