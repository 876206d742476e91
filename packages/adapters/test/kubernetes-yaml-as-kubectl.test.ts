/**
 * YAML as Kubernetes reads it: Gatekeeper-style multi-line quoted strings,
 * duplicate keys (a warning, not a lost file), the YAML 1.1 schema; template
 * text in string values (read) against real Helm templates (skipped); and
 * Kustomize patch documents (never resources).
 */
import { describe, expect, it } from 'vitest';
import { fromKubernetes, readInput } from '@onus/adapters';
import { fact } from './support.js';

/** Written after the ConstraintTemplates of GoogleCloudPlatform/policy-library: descriptions continued at their key's column. */
const constraintTemplate = `# A template whose schema descriptions run over several lines.
apiVersion: templates.gatekeeper.sh/v1beta1
kind: ConstraintTemplate
metadata:
  name: gcp-storage-location-v1
spec:
  crd:
    spec:
      names:
        kind: GCPStorageLocationConstraintV1
      validation:
        openAPIV3Schema:
          properties:
            mode:
              type: string
              description: "Either allowlist or denylist. In allowlist mode,
              buckets are only allowed in the listed locations; in denylist mode,
              they are allowed anywhere else."
            exemptions:
              type: array
              description: 'Buckets exempt from the rule; it''s the full
              resource name of each.'
  targets:
    validation.gcp.forsetisecurity.org:
      rego: |
            package templates.gcp.GCPStorageLocationConstraintV1
            deny[{"msg": "location is "
            }] {
            	true
            }
`;

describe('YAML that kubectl accepts', () => {
  it('reads multi-line quoted strings continued at their key column, as PyYAML and kubectl do', () => {
    const result = fromKubernetes(constraintTemplate, 'templates/storage.yaml');
    expect(result.errors).toEqual([]);
    const template = fact(result, 'k8s:default/ConstraintTemplate/gcp-storage-location-v1');
    expect(template.source.line).toBe(2);
    const props = (template.values as { spec: { crd: { spec: { validation: { openAPIV3Schema: { properties: Record<string, { description: string }> } } } } } }).spec.crd.spec.validation
      .openAPIV3Schema.properties;
    // The values PyYAML gives for these strings.
    expect(props['mode']!.description).toBe(
      'Either allowlist or denylist. In allowlist mode, buckets are only allowed in the listed locations; in denylist mode, they are allowed anywhere else.',
    );
    expect(props['exemptions']!.description).toBe("Buckets exempt from the rule; it's the full resource name of each.");
  });

  it('leaves block scalars as written while relaxing quoted strings', () => {
    const template = fact(fromKubernetes(constraintTemplate, 'x.yaml'), 'k8s:default/ConstraintTemplate/gcp-storage-location-v1');
    const rego = (template.values as { spec: { targets: Record<string, { rego: string }> } }).spec.targets['validation.gcp.forsetisecurity.org']!.rego;
    expect(rego).toBe('package templates.gcp.GCPStorageLocationConstraintV1\ndeny[{"msg": "location is "\n}] {\n\ttrue\n}\n');
  });

  it('keeps the lines of later documents after a relaxed one', () => {
    const text = `${constraintTemplate}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n`;
    const result = fromKubernetes(text, 'both.yaml');
    expect(result.errors).toEqual([]);
    expect(fact(result, 'k8s:default/Service/web').source.line).toBe(constraintTemplate.split('\n').length + 1);
  });

  it('still refuses a quoted string that never closes, naming the line', () => {
    const result = fromKubernetes('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "open\n  b: c\n', 'broken.yaml');
    expect(result.resources).toEqual([]);
    expect(result.errors[0]?.message).toMatch(/invalid YAML at line \d+/);
  });

  it('reads a mapping with a duplicate key, the last value winning, with a warning naming both lines', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: first\n  name: web\nspec:\n  type: LoadBalancer\n';
    const result = fromKubernetes(text, 'dup.yaml');
    expect(result.errors).toEqual([]);
    expect(fact(result, 'k8s:default/Service/web').source.line).toBe(1);
    expect(result.warnings).toEqual([
      expect.objectContaining({ file: 'dup.yaml', line: 5, message: expect.stringMatching(/duplicate key "name" at line 5 \(also at line 4\)/) }),
    ]);
  });

  it('reads octal file modes as Kubernetes does (YAML 1.1)', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n    - name: v\n      secret:\n        secretName: s\n        defaultMode: 0644\n';
    const pod = fact(fromKubernetes(text, 'pod.yaml'), 'k8s:default/Pod/p');
    expect((pod.values as { spec: { volumes: { secret: { defaultMode: number } }[] } }).spec.volumes[0]!.secret.defaultMode).toBe(0o644);
  });

  it('reads a plain `.`, `e3` or `0x_` as kubectl does (a string, `0_` as 0; not NaN), by both YAML paths', () => {
    // managedFields, as the API server writes them, and a container argument.
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  managedFields:\n    - fieldsV1:\n        f:metadata:\n          .: {}\nspec:\n  containers:\n    - name: c\n      command: [kustomize, build, .]\n      args: [-., ._, e3, 1e3, .5, 0_, 0b_, 0x_]\n';
    // An anchor sends the text down the thorough path.
    const anchored = pod.replace('name: c', 'name: &c c');
    for (const text of [pod, anchored]) {
      const values = fact(fromKubernetes(text, 'pod.yaml'), 'k8s:default/Pod/p').values as {
        metadata: { managedFields: { fieldsV1: Record<string, Record<string, unknown>> }[] };
        spec: { containers: { command: unknown[]; args: unknown[] }[] };
      };
      expect(Object.keys(values.metadata.managedFields[0]!.fieldsV1['f:metadata']!)).toEqual(['.']);
      expect(values.spec.containers[0]!.command).toEqual(['kustomize', 'build', '.']);
      expect(values.spec.containers[0]!.args).toEqual(['-.', '._', 'e3', 1000, 0.5, 0, '0b_', '0x_']);
    }
  });
});

const alertsAndService = `apiVersion: v1
kind: ConfigMap
metadata:
  name: alert-rules
data:
  rules.yaml: |
    groups:
      - name: node
        rules:
          - alert: InstanceDown
            annotations:
              summary: "Instance {{ $labels.instance }} is down"
  plain: value {{ $value }} here
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
`;

const helmTemplate = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
spec:
  replicas: {{ .Values.replicas }}
`;

describe('template text in string values', () => {
  it('reads a file found in a folder whose string values hold {{ }} (Prometheus alert templates)', () => {
    const result = readInput('k8s/alerts.yaml', alertsAndService, { lenient: true });
    expect(result.skipped).toBeUndefined();
    expect(result.resources.map((r) => r.address)).toEqual(['k8s:default/ConfigMap/alert-rules', 'k8s:default/Service/web']);
  });

  it('skips a true Helm template found in a folder, saying it is a Helm template', () => {
    expect(readInput('chart/templates/deploy.yaml', helmTemplate, { lenient: true }).skipped).toMatch(/^a Helm template/);
    const control = '{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n{{- end }}\n';
    expect(readInput('chart/templates/svc.yaml', control, { lenient: true }).skipped).toMatch(/^a Helm template/);
  });

  it('does not take a template in a comment for a Helm template', () => {
    const text = '# rendered from {{ .Values.x }} once\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';
    expect(readInput('svc.yaml', text, { lenient: true }).resources).toHaveLength(1);
  });
});

describe('Kustomize patches', () => {
  it('never judges a `$patch: delete` document as a resource: the file is skipped as a patch', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: legacy\n$patch: delete\n';
    const result = readInput('overlays/prod/delete-legacy.yaml', text);
    expect(result.resources).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.skipped).toMatch(/Kustomize patch/);
    expect(result.skipReason).toBe('patch');
  });

  it('leaves out patch documents in a file with resources, with a warning naming the line', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: old\n          $patch: delete\n';
    const result = fromKubernetes(text, 'mixed.yaml');
    expect(result.resources.map((r) => r.address)).toEqual(['k8s:default/Service/web']);
    expect(result.warnings).toEqual([expect.objectContaining({ line: 6, message: expect.stringMatching(/Kustomize patch/) })]);
  });
});
