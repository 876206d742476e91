/**
 * `file()` and `fileexists()` for static evaluation: a path is read relative
 * to the root folder (as Terraform reads it relative to where it runs), only
 * when it stays inside that folder and is a UTF-8 text file under the size
 * limit, so a scanned repository cannot pull other files of the machine into
 * facts. Anything else is unknown, saying why. Imports ./values.ts and node:fs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Unknown } from './values.js';

/** Reads files for one run; each file is read once. */
export class FileReader {
  private readonly cache = new Map<string, string | Unknown>();
  private readonly root: string;

  constructor(rootDir: string, private readonly maxBytes: number) {
    this.root = safeRealpath(rootDir) ?? path.resolve(rootDir);
  }

  private inside(target: string): boolean {
    const relative = path.relative(this.root, target);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  }

  /** The real path of a file argument when it is inside the root folder. */
  private resolve(name: string): string | Unknown {
    const target = safeRealpath(path.resolve(this.root, name));
    if (target === undefined) return new Unknown(`file("${name}") does not exist`);
    if (!this.inside(target)) return new Unknown(`file("${name}") is outside the scanned folder, so onus does not read it`);
    return target;
  }

  read(name: string): string | Unknown {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    const result = this.load(name);
    this.cache.set(name, result);
    return result;
  }

  exists(name: string): boolean | Unknown {
    const target = safeRealpath(path.resolve(this.root, name));
    if (target === undefined) return false;
    if (!this.inside(target)) return new Unknown(`fileexists("${name}") looks outside the scanned folder`);
    return fs.statSync(target).isFile();
  }

  private load(name: string): string | Unknown {
    const target = this.resolve(name);
    if (target instanceof Unknown) return target;
    const stat = fs.statSync(target);
    if (!stat.isFile()) return new Unknown(`file("${name}") is not a file`);
    if (stat.size > this.maxBytes) return new Unknown(`file("${name}") is larger than the size limit`);
    const bytes = fs.readFileSync(target);
    if (bytes.includes(0)) return new Unknown(`file("${name}") is not text`);
    return bytes.toString('utf8');
  }
}

function safeRealpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}
