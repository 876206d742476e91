/**
 * Reading a `bundle.tar.gz` in memory: gunzip (node:zlib) streamed into a tar
 * decoder (modern-tar), member names checked and sizes checked against their
 * declared header size before a byte of the member is read. Nothing is ever
 * written to disk. Imports node built-ins, modern-tar and ./problems.ts.
 */
import type { InputError } from '@onus/core';
import { createTarDecoder, type ParsedTarEntry } from 'modern-tar';
import { HINT, MAX_BUNDLE_BYTES, MAX_MEMBER_BYTES, bytes, problem, thrownMessage } from './problems.js';

export interface ArchiveLimits {
  memberBytes: number;
  totalBytes: number;
}

/** Room for tar headers and padding over the members' own bytes. */
const TAR_SLACK_BYTES = 1024 * 1024;

export const DEFAULT_LIMITS: ArchiveLimits = { memberBytes: MAX_MEMBER_BYTES, totalBytes: MAX_BUNDLE_BYTES };

/** Regular files of the archive by path relative to the bundle root (`data.json`, `a/b/data.json`, `policy.wasm`). */
export type Members = Map<string, Uint8Array>;

/**
 * A member name as a path below the bundle root, or why it is refused. OPA
 * writes members as `/policy.wasm`: one leading `/` means the bundle root.
 * Anything that could name a place outside it is refused, though nothing is
 * written: a bundle that holds such a name was not written by `opa build`.
 */
export function memberPath(name: string): { path: string } | { refused: string } {
  if (name.includes('\0')) return { refused: 'has a NUL character in its name' };
  if (name.includes('\\')) return { refused: 'has a backslash in its name (a Windows path)' };
  if (/^[A-Za-z]:/.test(name) || name.startsWith('//')) return { refused: 'has an absolute path' };
  const segments = name.replace(/^\//, '').split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { refused: 'has `..` in its path (path traversal)' };
  return { path: segments.join('/') };
}

/** Read every regular file of a gzip-compressed tar archive, or give the one problem that stops it. */
export async function readTarGz(compressed: Uint8Array, file: string, limits: ArchiveLimits = DEFAULT_LIMITS): Promise<{ members: Members } | { problem: InputError }> {
  // node:zlib and node:stream only when a bundle is read.
  const { Readable, Transform } = process.getBuiltinModule('node:stream');
  const gunzip = process.getBuiltinModule('node:zlib').createGunzip();
  // Members are checked by their declared sizes; this bounds what gunzip may produce around them
  // (headers, padding, trailing bytes), so a gzip bomb stops early instead of running on.
  let unpacked = 0;
  const ceiling = limits.totalBytes + TAR_SLACK_BYTES;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      unpacked += chunk.byteLength;
      done(unpacked > ceiling ? new Error(`it unpacks to more than ${bytes(ceiling)}`) : null, chunk);
    },
  });
  gunzip.on('error', (e) => counted.destroy(e));
  const tar = (Readable.toWeb(Readable.from([compressed]).pipe(gunzip).pipe(counted)) as ReadableStream<Uint8Array>).pipeThrough(createTarDecoder({ strict: true }));
  const reader = tar.getReader();
  const members: Members = new Map();
  let total = 0;
  const refuse = async (name: string, message: string, hint: string = HINT.rebuildBundle) => {
    await reader.cancel().catch(() => undefined);
    gunzip.destroy();
    counted.destroy();
    return { problem: problem(file, `bundle member ${JSON.stringify(name)} ${message}`, hint) };
  };
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      const { header, body } = next.value;
      const type = header.type ?? 'file';
      if (type === 'directory') {
        await body.cancel();
        continue;
      }
      if (type !== 'file') return await refuse(header.name, `is a ${type}, not a regular file`);
      const place = memberPath(header.name);
      if ('refused' in place) return await refuse(header.name, place.refused);
      if (members.has(place.path)) return await refuse(header.name, 'appears twice in the archive');
      if (header.size > limits.memberBytes) {
        return await refuse(header.name, `declares ${bytes(header.size)}, more than the ${bytes(limits.memberBytes)} onus reads per member`, 'check where the bundle came from: no compiled policy or data file is that large');
      }
      total += header.size;
      if (total > limits.totalBytes) {
        return await refuse(header.name, `takes the archive past ${bytes(limits.totalBytes)} uncompressed`, 'check where the bundle came from: no policy bundle is that large');
      }
      members.set(place.path, await readBody(next.value));
    }
  } catch (thrown) {
    gunzip.destroy();
    counted.destroy();
    return {
      problem: problem(file, `is not a readable gzip-compressed tar archive: ${thrownMessage(thrown)}`, `point onus at the bundle.tar.gz that \`opa build -t wasm\` writes, or at its policy.wasm`),
    };
  }
  return { members };
}

/** A member's bytes into one buffer of its declared size; a body that runs past it is a broken archive. */
async function readBody(entry: ParsedTarEntry): Promise<Uint8Array> {
  const out = new Uint8Array(entry.header.size);
  let at = 0;
  for await (const chunk of entry.body) {
    if (at + chunk.byteLength > out.byteLength) throw new Error(`member ${entry.header.name} is longer than its header says`);
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  if (at !== out.byteLength) throw new Error(`member ${entry.header.name} is truncated`);
  return out;
}
