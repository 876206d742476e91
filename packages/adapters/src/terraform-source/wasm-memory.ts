/**
 * The parser's memory, started small. web-tree-sitter's runtime imports its
 * memory with a minimum of 512 pages (32 MB), and its loader makes one that
 * size. V8 counts that memory as external to its heap, and 32 MB of it set
 * off two young-generation collections for "external memory pressure" and a
 * full one at about 7 MB of heap in every scan of Terraform source. The
 * runtime needs about 80 KB before its heap (data and stack) and grows its
 * memory as the parser allocates (up to the maximum it declares), so the
 * minimum it declares is lowered, and the loader told to start there. Whole
 * process, old and new bundle in turn: the 20-file bench module 290 -> 277 ms
 * (21 runs), the 500-file repository 1329 -> 1302 ms (5 runs); no full
 * collection in the module's scan any more.
 * Imports nothing.
 */

/** 64 KiB, WebAssembly's page. */
export const PAGE_BYTES = 65536;

/** Pages the parser's memory starts with: 1 MiB. */
export const PARSER_MEMORY_PAGES = 16;

/**
 * A copy of a WebAssembly binary whose imported memory declares `pages` as
 * its minimum, or undefined when it imports no memory, already declares no
 * more than that, or is not laid out as this reads it (the binary is then
 * used as it is). Only the import section is rewritten.
 */
export function withMemoryMinimum(binary: Uint8Array, pages: number): Uint8Array | undefined {
  try {
    return rewritten(binary, pages);
  } catch {
    return undefined; // truncated
  }
}

function rewritten(binary: Uint8Array, pages: number): Uint8Array | undefined {
  const reader = new Reader(binary);
  if (binary.length < 8 || reader.u32le(0) !== 0x6d736100) return undefined; // "\0asm"
  reader.at = 8;
  while (reader.at < binary.length) {
    const sectionStart = reader.at;
    const id = reader.byte();
    const size = reader.leb();
    const contentStart = reader.at;
    const end = contentStart + size;
    if (id !== IMPORT_SECTION) {
      reader.at = end;
      continue;
    }
    for (let n = reader.leb(); n > 0; n--) {
      reader.skip(reader.leb()); // module name
      reader.skip(reader.leb()); // field name
      const kind = reader.byte();
      if (kind === FUNCTION_IMPORT) reader.leb();
      else if (kind === TABLE_IMPORT) {
        reader.byte();
        reader.limits();
      } else if (kind === GLOBAL_IMPORT) reader.skip(2); // type, mutability
      else if (kind === MEMORY_IMPORT) {
        const flags = binary[reader.at];
        if (flags === undefined || flags > 1) return undefined; // shared or 64-bit memory: left alone
        reader.at++;
        const minStart = reader.at;
        const min = reader.leb();
        if (min <= pages) return undefined;
        const content = concat(binary.subarray(contentStart, minStart), leb(pages), binary.subarray(reader.at, end));
        return concat(binary.subarray(0, sectionStart), Uint8Array.of(id), leb(content.length), content, binary.subarray(end));
      } else return undefined;
      if (reader.at > end) return undefined;
    }
    return undefined;
  }
  return undefined;
}

const IMPORT_SECTION = 2;
const FUNCTION_IMPORT = 0;
const TABLE_IMPORT = 1;
const MEMORY_IMPORT = 2;
const GLOBAL_IMPORT = 3;

class Reader {
  at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    const b = this.bytes[this.at++];
    if (b === undefined) throw new RangeError('truncated WebAssembly binary');
    return b;
  }

  /** Move past `count` bytes (not `at += leb()`: that adds to `at` as it was before the number was read). */
  skip(count: number): void {
    this.at += count;
  }

  /** An unsigned LEB128 number. */
  leb(): number {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
    }
  }

  limits(): void {
    const flags = this.byte();
    this.leb();
    if (flags & 1) this.leb();
  }

  u32le(at: number): number {
    const b = this.bytes;
    return ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 24)) >>> 0;
  }
}

function leb(value: number): Uint8Array {
  const out: number[] = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return Uint8Array.from(out);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
