/** Temporary folders and stand-in tools for the engine's scan tests. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

/** A fresh folder holding these files (paths relative, `/`-separated). */
export function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'onus-engine-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A folder of executable shell scripts (stand-ins for `helm`, `kustomize`, ...), to put first on a PATH. */
export function standInTools(scripts: Record<string, string>): string {
  const bin = tempDir();
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return bin;
}

/** `PATH` with a folder first. */
export function pathWith(bin: string): string {
  return `${bin}:${process.env['PATH'] ?? ''}`;
}

export function service(name: string, extra = ''): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${extra}spec:\n  type: LoadBalancer\n  ports:\n    - port: 80\n`;
}

/** A plan (format 1.2) with load balancers `aws_lb.<name>`, internal or not, as text. */
export function lbPlan(lbs: Record<string, boolean>): string {
  return JSON.stringify(lbPlanData(lbs));
}

/** The same plan, parsed. */
export function lbPlanData(lbs: Record<string, boolean>): Record<string, unknown> {
  const changes = Object.entries(lbs).map(([name, internal]) => ({
    address: `aws_lb.${name}`,
    mode: 'managed',
    type: 'aws_lb',
    name,
    change: { actions: ['create'], before: null, after: { name, internal }, after_unknown: {}, after_sensitive: {} },
  }));
  return { format_version: '1.2', terraform_version: '1.9.5', resource_changes: changes };
}

/** A Helm chart `web` with one Service template. */
export const CHART = {
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'charts/web/values.yaml': 'name: web\n',
  'charts/web/templates/_helpers.tpl': '{{- define "web.name" -}}web{{- end }}\n',
  'charts/web/templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  type: LoadBalancer\n',
};

/** What `helm template` prints for CHART: documents headed by `# Source:` comments. */
export const HELM_OUTPUT = `---\n# Source: web/templates/svc.yaml\n${service('release-web')}---\n# Source: web/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: release-web\nspec:\n  replicas: 1\n`;

/** A stand-in script body that prints a text (here-document, no expansion). */
export function prints(text: string): string {
  return `cat <<'ONUS_EOF'\n${text}ONUS_EOF`;
}
