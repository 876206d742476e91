/**
 * The user's own policies (`--policies DIR`, `policies:` in the config, policy
 * objects from the library) added to a pack. A user policy whose id is already
 * in the pack is a problem; so is an invalid policy file.
 * Imports @onus/core only.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { definePack, loadPolicyTexts, RESPONSIBILITIES, type InputError, type Pack, type Policy } from '@onus/core';


const POLICY_HINT = 'fix the policy file: it uses the pack\'s format (see `onus policies show <ID>` and packages/rules/policies)';

/** A policy names its id and checks at the top level. */
const POLICY_KEYS = /^(id|checks)\s*:/m;

/**
 * Policy files under folders (or single files), named relative to `cwd`. In a
 * folder, hidden files and folders (`.onus.yaml`, `.github/`), node_modules and
 * YAML files that are not policies are passed over; a file named directly is
 * always read.
 */
export function readPolicyFiles(dirs: readonly string[], cwd: string): { files: { file: string; text: string }[]; problems: InputError[] } {
  const files: { file: string; text: string }[] = [];
  const problems: InputError[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    const abs = resolve(cwd, dir);
    let paths: string[];
    try {
      paths = statSync(abs).isFile()
        ? [abs]
        : readdirSync(abs, { recursive: true, encoding: 'utf8' })
            .filter((f) => /\.ya?ml$/.test(f) && !/(^|[\\/])(node_modules[\\/]|\.)/.test(f))
            .sort()
            .map((f) => join(abs, f));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push({
        file: dir,
        message: code === 'ENOENT' ? 'no such policy folder' : `cannot read the policy folder (${code ?? String(err)})`,
        hint: 'check the path given with --policies or in the config\'s policies:',
      });
      continue;
    }
    let found = 0;
    for (const path of paths) {
      if (seen.has(path)) {
        found++;
        continue;
      }
      const file = relative(cwd, path) || path;
      try {
        const text = readFileSync(path, 'utf8');
        // In a folder, a YAML file with neither `id:` nor `checks:` at its top is not a policy (a workflow, a kustomization).
        if (path !== abs && !POLICY_KEYS.test(text)) continue;
        seen.add(path);
        found++;
        files.push({ file, text });
      } catch (err) {
        seen.add(path);
        found++;
        problems.push({ file, message: `cannot read the policy file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, hint: 'check its permissions' });
      }
    }
    if (found === 0) {
      problems.push({ file: dir, message: 'no policy files (*.yaml) in this folder', hint: 'put one YAML policy per file in it, or remove it from --policies / policies:' });
    }
  }
  return { files, problems };
}

/** Load and validate the user's policies. */
export function loadUserPolicies(dirs: readonly string[], cwd: string): { policies: Policy[]; problems: InputError[]; texts: Map<string, string> } {
  const { files, problems } = readPolicyFiles(dirs, cwd);
  const { policies, errors } = loadPolicyTexts(files);
  for (const e of errors) problems.push({ file: e.file, ...(e.line !== undefined ? { line: e.line } : {}), ...(e.pointer ? { pointer: e.pointer } : {}), message: e.message, hint: POLICY_HINT });
  return { policies, problems, texts: new Map(files.map((f) => [f.file, f.text])) };
}

/** The pack plus user policies; ids must not clash. */
export function combinePack(base: Pack, user: readonly Policy[], texts?: Map<string, string>, suffix = 'local'): { pack: Pack; problems: InputError[] } {
  if (user.length === 0) return { pack: base, problems: [] };
  const ids = new Set(base.policies.map((p) => p.id));
  const problems: InputError[] = [];
  const added: Policy[] = [];
  for (const p of user) {
    if (ids.has(p.id)) {
      const text = p.file ? texts?.get(p.file) : undefined;
      const line = text ? text.split('\n').findIndex((l) => /^id\s*:/.test(l)) + 1 || undefined : undefined;
      problems.push({
        file: p.file ?? '(policy)',
        ...(line ? { line } : {}),
        pointer: '/id',
        message: `policy id ${p.id} is already a policy of the pack ${base.name}`,
        hint: 'give your policy an id of its own (e.g. ACME-NET-01); to change how a pack policy runs use params, --skip or a waiver',
      });
      continue;
    }
    ids.add(p.id);
    added.push(p);
  }
  if (added.length === 0) return { pack: base, problems };
  const pack = definePack({
    name: `${base.name}+${suffix}`,
    version: base.version,
    policies: [...base.policies, ...added],
    params: base.params,
    ...(base.paramsSchema ? { paramsSchema: base.paramsSchema } : {}),
  });
  return { pack, problems };
}

/** Whether a name is a policy id of the pack or an area (for --only, --skip, waivers). */
export function knownName(pack: Pack): (name: string) => boolean {
  const names = new Set<string>([...pack.policies.map((p) => p.id), ...RESPONSIBILITIES]);
  return (name) => names.has(name);
}
