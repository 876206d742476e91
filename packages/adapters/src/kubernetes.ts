/**
 * Kubernetes adapter: multi-document YAML or JSON manifests (including
 * `kind: List`, typed `*List` objects and Helm-rendered output) to facts
 * `k8s:<Kind>` addressed `k8s:<namespace>/<Kind>/<name>` (cluster-scoped kinds
 * `k8s:<Kind>/<name>`), with Secret data marked sensitive and references from
 * role bindings and Service selectors.
 */
import type { AdapterResult, InputError, Resource } from '@onus/core';
import { formatPath } from '@onus/core';
import { DEFAULT_FILE, inputError, typeName } from './errors.js';
import { jsonObject, jsonValue, type InputFormatDefinition } from './format.js';
import { isRecord, lineColumn, own, parseJson, rootArrayItemLines, setOwn, stripBom, type JsonObject } from './json.js';
import { parseYamlStream, stringScalarRanges, type YamlOutline, type YamlStream } from './yaml.js';

const FORMAT = 'kubernetes';

/** Kinds that live outside namespaces: their address has no namespace part. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'IngressClass',
  'RuntimeClass',
  'PodSecurityPolicy',
  'CSIDriver',
  'ClusterIssuer',
]);

/** Workload kinds whose pod labels a Service selector can match, and where those labels are. */
const POD_LABELS: Record<string, readonly string[]> = {
  Pod: ['metadata', 'labels'],
  Deployment: ['spec', 'template', 'metadata', 'labels'],
  StatefulSet: ['spec', 'template', 'metadata', 'labels'],
  DaemonSet: ['spec', 'template', 'metadata', 'labels'],
  ReplicaSet: ['spec', 'template', 'metadata', 'labels'],
  ReplicationController: ['spec', 'template', 'metadata', 'labels'],
  Job: ['spec', 'template', 'metadata', 'labels'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'],
};

const HINT_OBJECT = 'each YAML document must be one Kubernetes object with `apiVersion` and `kind` (or a `kind: List` with `items`)';

/** One document of a manifest input, however it was parsed (YAML, JSON text or a value in memory). */
interface Manifest {
  /** 1-based line where the document starts; undefined for a value given in memory. */
  line: number | undefined;
  value: unknown;
  /** The line of the i-th `items` entry, when known. */
  itemLine(index: number): number | undefined;
  /** Lines of the document's attributes (or of the i-th `items` entry's), by fact path; YAML only. */
  lines?(index?: number): Record<string, number>;
}

/** The Kubernetes format for the registry: YAML or JSON manifests. */
export const kubernetesFormat = {
  name: FORMAT,
  summary: 'Kubernetes YAML/JSON manifests',
  hint: HINT_OBJECT,
  files: ['*.yaml', '*.yml', '*.json'],
  syntaxes: ['json', 'yaml'],
  readsText: true,
  markers: { json: ['apiVersion'], yaml: ['apiVersion', 'kind'] },
  notYetInput: (text, file) => (/\.ya?ml$/i.test(file) && isHelmTemplate(text, file) ? HELM_TEMPLATE_SKIP : undefined),
  // Named directly, a Helm template is reported as one, not as broken YAML.
  recogniseText: (text, file) =>
    !/^\s*[{[]/.test(text) && isHelmTemplate(text, file)
      ? { message: 'this is a Helm template, not yet a manifest', hint: 'render it first and scan the output: `helm template CHART | onus scan -`' }
      : false,
  recognise(input) {
    if (input.kind === 'json') {
      const object = jsonObject(input);
      return object !== undefined && typeof own(object, 'apiVersion') === 'string' && typeof own(object, 'kind') === 'string';
    }
    if (input.kind !== 'yaml') return false;
    const objects = input.stream.documents.map((d) => d.value).filter(isRecord);
    if (objects.some((o) => typeof own(o, 'kind') === 'string' && (typeof own(o, 'apiVersion') === 'string' || Array.isArray(own(o, 'items'))))) return true;
    return objects.length > 0 ? { message: 'YAML input is not a Kubernetes manifest: no document has apiVersion and kind' } : false;
  },
  adapt(input, file) {
    if (input.kind === 'yaml') return adaptKubernetesStream(input.stream, file);
    return adaptKubernetesJson(jsonValue(input), input.kind === 'json' ? input.text : undefined, file);
  },
} as const satisfies InputFormatDefinition<'kubernetes'>;

/** Go/Helm template markers: a chart's YAML is not a manifest until rendered. */
const HELM_TEMPLATE = /\{\{-?\s*[.$A-Za-z(/-]/g;

/** Why a Helm template found in a folder is skipped. */
export const HELM_TEMPLATE_SKIP = 'a Helm template (render it first: `helm template ... > rendered.yaml`)';

/**
 * Whether a YAML text is a Helm (Go) template, not yet a manifest: template
 * syntax outside string values (`replicas: {{ .Values.n }}`, `{{- if ... }}`
 * lines), or YAML that only reads with the template in it broken. Template
 * text inside string values (a Prometheus alert's `{{ $labels.instance }}`
 * in a ConfigMap) is data: such a file is a manifest.
 */
export function isHelmTemplate(text: string, file: string = DEFAULT_FILE): boolean {
  const head = text.slice(0, 1 << 20);
  const markers = [...head.matchAll(HELM_TEMPLATE)].map((m) => m.index);
  if (markers.length === 0) return false;
  const strings = stringScalarRanges(text, file);
  if (!strings) return true;
  return markers.some((at) => !strings.some(([from, to]) => at >= from && at < to) && !inComment(head, at));
}

/** Whether an offset sits after a `#` comment marker on its line (a `#` at the line start or after a space). */
function inComment(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /(?:^|\s)#/.test(text.slice(lineStart, at));
}

/** Keys of Kubernetes strategic-merge patch directives: a document holding one is a patch, not a resource. */
const PATCH_DIRECTIVE = /^\$(?:patch|retainKeys|setElementOrder\/|deleteFromPrimitiveList\/)/;

/** Whether a value holds a strategic-merge patch directive (`$patch: delete`, ...) at any depth. */
export function hasPatchDirective(value: unknown): boolean {
  const stack: unknown[] = [value];
  // Indexed loops, no spread: every manifest passes here, and short scans run unoptimised, where both allocate at each step.
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) stack.push(v[i]);
    else if (isRecord(v)) {
      const keys = Object.keys(v);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        if (PATCH_DIRECTIVE.test(key)) return true;
        stack.push(v[key]);
      }
    }
  }
  return false;
}

/** Why a manifest made only of patches is skipped. */
export const KUSTOMIZE_PATCH_SKIP = 'a Kustomize patch (`$patch` directives), not a resource';

/** Read Kubernetes manifests (YAML, multi-document, or JSON). Never throws. */
export function fromKubernetes(text: string, file: string = DEFAULT_FILE): AdapterResult {
  const source = stripBom(text);
  const json = /^\s*[{[]/.test(source) ? parseJson(source, file) : undefined;
  if (json?.ok) return adaptKubernetesJson(json.value, source, file);
  const stream = parseYamlStream(source, file);
  // JSON that neither parser reads: the JSON error says where it broke.
  if (json && stream.errors.length > 0) return { format: FORMAT, resources: [], errors: [json.error] };
  return adaptKubernetesStream(stream, file);
}

/** Turn parsed YAML documents into facts. */
export function adaptKubernetesStream(stream: YamlStream, file: string): AdapterResult {
  const manifests = stream.documents.map((doc): Manifest => {
    // A List's `items`, looked up when an item's line is first asked for (most documents are not Lists).
    let items: YamlOutline | null | undefined;
    const item = (i: number) => (items === undefined ? (items = doc.outline?.child('items') ?? null) : items)?.child(i);
    return {
      line: doc.line,
      value: doc.value,
      itemLine: (i) => item(i)?.line ?? doc.line,
      lines: (i) => (i === undefined ? doc.outline : item(i))?.attributeLines() ?? {},
    };
  });
  const result = adaptManifests(manifests, [...stream.errors], file);
  if (stream.warnings.length > 0) result.warnings = [...stream.warnings, ...(result.warnings ?? [])];
  return result;
}

/**
 * Turn one parsed JSON manifest into facts. `text` (the source it was parsed
 * from) gives the lines; a value given in memory has none.
 */
export function adaptKubernetesJson(value: unknown, text: string | undefined, file: string): AdapterResult {
  let line: number | undefined;
  let itemLines: number[] = [];
  if (text !== undefined) {
    line = lineColumn(text, Math.max(0, text.search(/\S/))).line;
    if (isRecord(value) && Array.isArray(own(value, 'items'))) itemLines = rootArrayItemLines(text, 'items');
  }
  return adaptManifests([{ line, value, itemLine: (i) => itemLines[i] ?? line }], [], file);
}

function adaptManifests(manifests: readonly Manifest[], errors: InputError[], file: string): AdapterResult {
  const resources: Resource[] = [];
  const patches: number[] = [];
  for (const doc of manifests) {
    const value = doc.value;
    if (value === null || value === undefined) continue;
    const at = atLine(doc.line);
    if (hasPatchDirective(value)) {
      patches.push(doc.line ?? 1);
      continue;
    }
    if (!isRecord(value)) {
      errors.push(inputError(file, `the document${at} is a ${typeName(value)}, not a Kubernetes object`, HINT_OBJECT, placeOf(doc.line)));
      continue;
    }
    const kind = own(value, 'kind');
    const items = own(value, 'items');
    if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items)) {
      const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
      const listApi = own(value, 'apiVersion');
      items.forEach((item, i) => {
        const line = doc.itemLine(i);
        if (!isRecord(item)) {
          errors.push(inputError(file, `List item ${i}${atLine(line)} is a ${typeName(item)}, not a Kubernetes object`, HINT_OBJECT, placeOf(line, `/items/${i}`)));
          return;
        }
        let object = item;
        if (itemKind !== undefined && (own(item, 'kind') === undefined || own(item, 'apiVersion') === undefined)) {
          // Typed lists (`DeploymentList`) leave kind/apiVersion off their items.
          object = { ...item };
          if (own(item, 'kind') === undefined) setOwn(object, 'kind', itemKind);
          if (own(item, 'apiVersion') === undefined && typeof listApi === 'string') setOwn(object, 'apiVersion', listApi);
        }
        const made = toResource(object, file, line, `/items/${i}`, doc.lines && (() => doc.lines!(i)));
        if ('error' in made) errors.push(made.error);
        else resources.push(made.resource);
      });
      continue;
    }
    const made = toResource(value, file, doc.line, '', doc.lines && (() => doc.lines!()));
    if ('error' in made) errors.push(made.error);
    else resources.push(made.resource);
  }
  linkKubernetesRefs(resources);
  if (patches.length > 0 && resources.length === 0 && errors.length === 0) return { format: FORMAT, resources, errors, skipped: KUSTOMIZE_PATCH_SKIP, skipReason: 'patch' };
  const warnings = patches.map((line) =>
    inputError(file, `the document at line ${line} is a Kustomize patch (\`$patch\` directive): not judged as a resource`, 'keep patches in their own files, listed under `patches` in kustomization.yaml', { line }),
  );
  return { format: FORMAT, resources, errors, ...(warnings.length > 0 ? { warnings } : {}) };
}

/** ` at line N`, or nothing when the line is unknown (a value given in memory). */
function atLine(line: number | undefined): string {
  return line === undefined ? '' : ` at line ${line}`;
}

function placeOf(line: number | undefined, pointer?: string): { line?: number; pointer?: string } {
  const place: { line?: number; pointer?: string } = {};
  if (line !== undefined) place.line = line;
  if (pointer) place.pointer = pointer;
  return place;
}

function toResource(
  object: JsonObject,
  file: string,
  line: number | undefined,
  ptr: string,
  lines?: () => Record<string, number>,
): { resource: Resource } | { error: InputError } {
  const kind = own(object, 'kind');
  const apiVersion = own(object, 'apiVersion');
  if (typeof kind !== 'string' || kind === '' || typeof apiVersion !== 'string' || apiVersion === '') {
    const missing = [typeof apiVersion === 'string' && apiVersion ? '' : 'apiVersion', typeof kind === 'string' && kind ? '' : 'kind'].filter(Boolean).join(' and ');
    const what = `${ptr ? 'the List item' : 'the document'}${atLine(line)}`;
    return { error: inputError(file, `${what} has no ${missing}`, HINT_OBJECT, placeOf(line, ptr)) };
  }
  const metadata = own(object, 'metadata');
  const meta = isRecord(metadata) ? metadata : {};
  const rawName = own(meta, 'name');
  const generateName = own(meta, 'generateName');
  const name =
    typeof rawName === 'string' && rawName !== ''
      ? rawName
      : typeof generateName === 'string' && generateName !== ''
        ? `${generateName}*`
        : line === undefined ? `<unnamed${ptr ? `:${ptr}` : ''}>` : `<unnamed:line ${line}>`;
  const clusterScoped = CLUSTER_SCOPED_KINDS.has(kind);
  const rawNamespace = own(meta, 'namespace');
  const namespace = typeof rawNamespace === 'string' && rawNamespace !== '' ? rawNamespace : 'default';
  const address = clusterScoped ? `k8s:${kind}/${name}` : `k8s:${namespace}/${kind}/${name}`;

  const sensitive: string[] = [];
  if (kind === 'Secret') {
    for (const field of ['data', 'stringData']) {
      const data = own(object, field);
      if (isRecord(data)) for (const key of Object.keys(data)) sensitive.push(formatPath([field, key]));
    }
  }

  const refs: Record<string, string[]> = {};
  if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
    const roleRef = own(object, 'roleRef');
    if (isRecord(roleRef)) {
      const refKind = own(roleRef, 'kind');
      const refName = own(roleRef, 'name');
      if (typeof refKind === 'string' && typeof refName === 'string') {
        refs.roleRef = [CLUSTER_SCOPED_KINDS.has(refKind) ? `k8s:${refKind}/${refName}` : `k8s:${namespace}/${refKind}/${refName}`];
      }
    }
    const subjects = own(object, 'subjects');
    if (Array.isArray(subjects)) {
      const accounts: string[] = [];
      for (const subject of subjects) {
        if (!isRecord(subject) || own(subject, 'kind') !== 'ServiceAccount') continue;
        const sName = own(subject, 'name');
        const sNamespace = own(subject, 'namespace');
        if (typeof sName !== 'string') continue;
        accounts.push(`k8s:${typeof sNamespace === 'string' && sNamespace ? sNamespace : namespace}/ServiceAccount/${sName}`);
      }
      if (accounts.length > 0) refs.subjects = accounts;
    }
  }

  const source: Resource['source'] = { file, format: FORMAT };
  if (line !== undefined) source.line = line;
  if (lines) setLazyLines(source, lines);
  return { resource: { kind: `k8s:${kind}`, address, values: object, unknown: [], sensitive, refs, source } };
}

/**
 * `source.lines`, worked out from the YAML outline when first read: most
 * resources are never asked (only findings with evidence are), and the walk
 * over every key of a manifest was a tenth of its reading. The property is
 * an ordinary one once read; with no line in the outline it is undefined.
 */
function setLazyLines(source: Resource['source'], lines: () => Record<string, number>): void {
  Object.defineProperty(source, 'lines', {
    configurable: true,
    enumerable: true,
    get() {
      const value = lines();
      const known = Object.keys(value).length > 0 ? value : undefined;
      Object.defineProperty(source, 'lines', { configurable: true, enumerable: known !== undefined, writable: true, value: known });
      return known;
    },
    set(value: Record<string, number> | undefined) {
      Object.defineProperty(source, 'lines', { configurable: true, enumerable: true, writable: true, value });
    },
  });
}

/**
 * Set `refs.selector` of every Service in `resources` to the addresses of the
 * workloads in the same namespace whose pod labels match its `spec.selector`
 * (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
 * Job, CronJob). `fromKubernetes` does this within one file; call it on the
 * facts of several files to link Services to workloads across files.
 * A Service with an empty or absent selector gets no `selector` ref; one that
 * matches nothing gets an empty list.
 */
export function linkKubernetesRefs(resources: Resource[]): void {
  const workloads: { namespace: string; labels: JsonObject; address: string }[] = [];
  for (const r of resources) {
    const kind = r.kind.slice('k8s:'.length);
    const path = r.kind.startsWith('k8s:') ? POD_LABELS[kind] : undefined;
    if (!path) continue;
    let labels: unknown = r.values;
    for (const key of path) labels = isRecord(labels) ? own(labels, key) : undefined;
    if (isRecord(labels)) workloads.push({ namespace: namespaceOf(r), labels, address: r.address });
  }
  for (const r of resources) {
    if (r.kind !== 'k8s:Service') continue;
    const spec = own(r.values, 'spec');
    const selector = isRecord(spec) ? own(spec, 'selector') : undefined;
    if (!isRecord(selector) || Object.keys(selector).length === 0) continue;
    const namespace = namespaceOf(r);
    const matches = workloads
      .filter((w) => w.namespace === namespace && Object.keys(selector).every((key) => own(w.labels, key) === own(selector, key)))
      .map((w) => w.address);
    r.refs.selector = [...new Set(matches)];
  }
}

function namespaceOf(resource: Resource): string {
  const metadata = own(resource.values, 'metadata');
  const namespace = isRecord(metadata) ? own(metadata, 'namespace') : undefined;
  return typeof namespace === 'string' && namespace !== '' ? namespace : 'default';
}
