/**
 * Test support: the real `terraform` binary (or `$TERRAFORM`), run offline in
 * a folder with no user configuration, for tests that compare with its plans.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const terraform = process.env.TERRAFORM ?? 'terraform';

/** True when the binary runs; tests that need it are skipped otherwise. */
export const hasTerraform = spawnSync(terraform, ['version'], { stdio: 'ignore' }).status === 0;

/** `terraform init` + `plan -out=tfplan` in `dir`; returns the `terraform show -json tfplan` text. */
export function planJson(dir: string): string {
  fs.writeFileSync(path.join(dir, 'terraformrc'), '');
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: path.join(dir, 'terraformrc') };
  delete env.TF_CLI_ARGS;
  for (const key of Object.keys(env)) if (key.startsWith('TF_CLI_ARGS_') || key.startsWith('TF_VAR_')) delete env[key];
  const run = (...args: string[]) => execFileSync(terraform, args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  run('init', '-input=false', '-no-color');
  run('plan', '-out=tfplan', '-input=false', '-no-color');
  return run('show', '-json', 'tfplan');
}
