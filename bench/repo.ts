/**
 * The pre-commit case: a generated infra repository of about 200 small files
 * (Kubernetes manifests of a few documents each, small Terraform plans, and a
 * few files of other tools that a scan skips), shaped like what a commit of a
 * busy infra repo stages. Deterministic for a given count.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePlan } from './generate.js';

function manifest(i: number): string {
  const name = `svc-${i}`;
  const labels = i % 4 === 0 ? `    app: ${name}\n` : `    app: ${name}\n    CostCenter: cc-${i % 9}\n    Owner: team-${i % 5}\n`;
  const privileged = i % 13 === 0;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: team-${i % 5}
  labels:
${labels}spec:
  replicas: ${1 + (i % 4)}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
${labels.replace(/^/gm, '    ').trimEnd()}
    spec:
      serviceAccountName: ${name}
      automountServiceAccountToken: ${i % 3 === 0}
      securityContext:
        runAsNonRoot: ${i % 7 !== 0}
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          image: registry.example.com/team-${i % 5}/${name}:1.${i}.0
          ports:
            - containerPort: 8080
          env:
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: ${name}-db
                  key: url
            - name: LOG_LEVEL
              value: info
          resources:
            requests: { cpu: 100m, memory: 128Mi }
${i % 6 === 0 ? '' : '            limits: { memory: 256Mi }\n'}          securityContext:
            privileged: ${privileged}
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: team-${i % 5}
  labels:
${labels}spec:
  type: ${i % 10 === 0 ? 'LoadBalancer' : 'ClusterIP'}
  selector:
    app: ${name}
  ports:
    - port: 443
      targetPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}-ingress
  namespace: team-${i % 5}
spec:
  podSelector:
    matchLabels:
      app: ${name}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              team: team-${i % 5}
  egress:
    - to:
        - ipBlock:
            cidr: 10.0.0.0/8
`;
}

/** Files of other tools that pre-commit stages with the same extensions: skipped from their content. */
const OTHERS: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'infra-tools', version: '1.0.0', private: true, scripts: { lint: 'eslint .' } }, null, 2),
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'es2022' } }, null, 2),
  '.github/workflows/ci.yaml': 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n',
  'docker-compose.yaml': 'services:\n  db:\n    image: postgres:16\n    ports: ["5432:5432"]\n',
  'renovate.json': JSON.stringify({ extends: ['config:recommended'] }, null, 2),
  '.pre-commit-config.yaml': 'repos:\n  - repo: https://github.com/onus-dev/onus\n    rev: v0.1.0\n    hooks:\n      - id: onus\n',
};

/** Write the repository under `dir`; returns the files written (relative), as pre-commit passes them. */
export function writeInfraRepo(dir: string, manifests = 150, plans = 40): string[] {
  const files: string[] = [];
  const put = (file: string, text: string) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
    files.push(file);
  };
  for (let i = 0; i < manifests; i++) put(`k8s/team-${i % 5}/svc-${i}.yaml`, manifest(i));
  for (let i = 0; i < plans; i++) put(`terraform/stack-${i}/plan.json`, generatePlan(12 + (i % 4) * 8));
  for (const [file, text] of Object.entries(OTHERS)) put(file, text);
  return files;
}
