/** Run `main()` in-process with captured streams; small fixtures in temp folders. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import type { Io } from '../src/io.js';
import { main } from '../src/main.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const INFRA = join(REPO, 'examples', 'infra-repo');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdin?: string | Uint8Array;
  tty?: boolean;
  /** Answers questions asked on the terminal (as `Io.ask`). */
  ask?: (question: string) => Promise<string>;
}

/** `onus <argv>` in-process. ONUS_TODAY is pinned to 2026-06-01 unless the test sets env. */
export async function run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (t) => void (stdout += t), isTTY: options.tty === true },
    stderr: { write: (t) => void (stderr += t), isTTY: options.tty === true },
    readStdin: async () => (typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : (options.stdin ?? new Uint8Array())),
    cwd: options.cwd ?? REPO,
    env: options.env ?? { ONUS_TODAY: '2026-06-01' },
    ...(options.ask ? { ask: options.ask } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A temp folder with files (`{ 'a/b.json': '...' }`); a `.git` folder stops config lookup inside it. */
export function tempDir(files: Record<string, string | Uint8Array> = {}, git = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'onus-cli-'));
  temps.push(dir);
  if (git) mkdirSync(join(dir, '.git'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** A minimal Terraform plan (format 1.2) with load balancers `aws_lb.<name>` (internal true/false). */
export function lbPlan(lbs: Record<string, boolean | undefined>): string {
  const changes = Object.entries(lbs).map(([name, internal]) => ({
    address: `aws_lb.${name}`,
    mode: 'managed',
    type: 'aws_lb',
    name,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {
      actions: ['create'],
      before: null,
      after: internal === undefined ? { name } : { name, internal },
      after_unknown: internal === undefined ? { internal: true, arn: true } : { arn: true },
      before_sensitive: false,
      after_sensitive: {},
    },
  }));
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: { resources: changes.map((c) => ({ address: c.address, mode: 'managed', type: 'aws_lb', name: c.name, provider_name: c.provider_name, schema_version: 0, values: c.change.after, sensitive_values: {} })) } },
    resource_changes: changes,
  });
}

/** Only the load-balancer policy, so tests do not depend on the rest of the pack. */
export const ONLY_LB = ['--only', 'DSR-NET-04'];

/** A Kubernetes Service of type LoadBalancer. */
export function service(name: string, annotations: Record<string, string> = {}): string {
  const ann = Object.entries(annotations)
    .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`)
    .join('');
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: prod
${ann ? `  annotations:\n${ann}` : ''}spec:
  type: LoadBalancer
  selector: { app: ${name} }
  ports: [{ port: 443 }]
`;
}
