/**
 * Every entry under a folder, for discovery: `fs.readdir` with file types,
 * folder by folder. Symbolic links are listed, not followed (discovery
 * follows them itself, each real folder once); `node_modules`, `.git` and
 * `.terraform` folders are neither listed nor entered; a folder that cannot
 * be read is left out, as if empty. Paths are relative to the folder, with
 * `/`, in no particular order.
 *
 * A glob library did this before (`**` with those folders ignored): loading
 * it and compiling its patterns cost more than the walk, about 12 ms for a
 * folder of 21 files, against 1 ms for this.
 */
import { promises as fs, type Dirent } from 'node:fs';
import { join } from 'node:path';

export interface FolderEntry {
  /** Relative to the folder listed, `/`-separated. */
  path: string;
  /** The entry's own name. */
  name: string;
  dirent: Dirent;
}

/** Folders never entered: another tool's downloads and history. */
export const NEVER_ENTERED: ReadonlySet<string> = new Set(['node_modules', '.git', '.terraform']);

export async function listFolder(dir: string): Promise<FolderEntry[]> {
  const out: FolderEntry[] = [];
  const list = async (abs: string, rel: string): Promise<void> => {
    let dirents: Dirent[];
    try {
      dirents = await fs.readdir(abs, { withFileTypes: true });
    } catch {
      return;
    }
    const below: Promise<void>[] = [];
    for (const dirent of dirents) {
      const name = dirent.name;
      if (dirent.isDirectory() && NEVER_ENTERED.has(name)) continue;
      const path = rel === '' ? name : `${rel}/${name}`;
      out.push({ path, name, dirent });
      if (dirent.isDirectory()) below.push(list(join(abs, name), path));
    }
    await Promise.all(below);
  };
  await list(dir, '');
  return out;
}
