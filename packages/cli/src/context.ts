/**
 * What every command shares: the config that applies, and the pack with the
 * user's policies. Problems here stop the command (exit 2).
 */
import { relative, resolve } from 'node:path';
import type { Pack } from '@onus/core';
import { findConfig, loadConfig, type LoadedConfig } from './config.js';
import { combinePack, loadUserPolicies, type RegoSpec } from '@onus/engine';
import { defaultPack } from './packs.js';
import { ProblemsError, type Problem } from './problems.js';

/** A path as shown in messages: relative to cwd when under it. */
export function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** The config named by --config, or found upward from `start`; none with --no-config. */
export function resolveConfig(options: { config?: string; noConfig?: boolean }, start: string, cwd: string): LoadedConfig | undefined {
  if (options.noConfig) return undefined;
  const path = options.config !== undefined ? resolve(cwd, options.config) : findConfig(resolve(cwd, start));
  if (path === undefined) return undefined;
  const { config, problems } = loadConfig(path, options.config ?? shown(path, cwd));
  if (problems.length) throw new ProblemsError(problems);
  return config;
}

/** Policy folders from the config (relative to its file) and the command line (relative to cwd). */
export function policyDirs(config: LoadedConfig | undefined, flags: readonly string[], cwd: string): string[] {
  return [...(config?.config.policies ?? []).map((d) => shown(resolve(config!.dir, d), cwd)), ...flags];
}

/** Rego sources of the config, with their paths (and data files) relative to it, as shown from cwd. */
export function configRego(config: LoadedConfig | undefined, cwd: string): RegoSpec[] {
  const at = (path: string) => shown(resolve(config!.dir, path), cwd);
  return (config?.config.rego ?? []).map((r) => ({ ...r, path: at(r.path), ...(r.data !== undefined ? { data: at(r.data) } : {}) }));
}

/** Whether a problem is about one of these Rego sources (the module, a bundle member, the data file). */
export function isRegoProblem(problem: Problem, specs: readonly RegoSpec[]): boolean {
  return specs.some((s) => [s.path, s.data].some((f) => f !== undefined && (problem.file === f || problem.file.startsWith(`${f}!/`))));
}

/** The default pack plus the user's policies; problems are returned, not thrown. */
export function packWithUserPolicies(dirs: readonly string[], cwd: string): { pack: Pack; problems: Problem[] } {
  const base = defaultPack();
  if (dirs.length === 0) return { pack: base, problems: [] };
  const user = loadUserPolicies(dirs, cwd);
  const combined = combinePack(base, user.policies, user.texts);
  return { pack: combined.pack, problems: [...user.problems, ...combined.problems] };
}
