/**
 * Terraform plan adapter: `terraform show -json PLAN` output (plan
 * format_version 0.1 to 1.x) to facts `tf:<type>`, one per `resource_changes`
 * entry, keyed by full instance address. Values are the after-state,
 * `unknown`/`sensitive` come from `after_unknown`/`after_sensitive`, and refs
 * from the `configuration` section (see terraform-refs.ts). A plan without
 * `resource_changes` falls back to `planned_values` (+ data sources found only
 * in `prior_state`).
 */
import type { AdapterResult, InputError, Resource } from '@onus/core';
import { formatPath } from '@onus/core';
import { DEFAULT_FILE, HINT, inputError, typeName } from './errors.js';
import { jsonObject, jsonValue, type InputFormatDefinition } from './format.js';
import { adaptJson, isRecord, own, type JsonObject } from './json.js';
import { formatModules, parseInstanceAddress, type InstanceAddress } from './terraform-address.js';
import { PlanReferences, type PlanInstance } from './terraform-refs.js';

const FORMAT = 'terraform-plan';

/** Read a Terraform plan (`terraform show -json` text or its parsed object). Never throws. */
export function fromTerraformPlan(input: string | object, file: string = DEFAULT_FILE): AdapterResult {
  return adaptJson(FORMAT, input, file, adaptPlan);
}

const HINT_SHOW = 'run `terraform plan -out=tfplan` then `terraform show -json tfplan > plan.json` and scan plan.json';

/** Terraform configuration (HCL) blocks near the top of a text: not a plan. */
const HCL_BLOCK = /^[ \t]*(?:(?:resource|data)[ \t]+"[^"\n]+"[ \t]+"[^"\n]+"|(?:module|variable|provider|output)[ \t]+"[^"\n]+"|terraform|locals)[ \t]*\{/m;

/** The Terraform plan format for the registry: `terraform show -json` output. */
export const terraformPlanFormat = {
  name: FORMAT,
  summary: '`terraform show -json` plans',
  hint: HINT.planShape,
  files: ['*.json'],
  syntaxes: ['json'],
  markers: { json: ['format_version', 'terraform_version', 'resource_changes', 'planned_values'] },
  // A saved plan (`terraform plan -out`) is a zip.
  magic: { bytes: [0x50, 0x4b, 0x03, 0x04], message: 'this is a binary plan; run `terraform show -json PLAN > plan.json`', hint: HINT.binaryPlan },
  recogniseText: (text) => (HCL_BLOCK.test(text.slice(0, 4096)) ? { message: 'this is Terraform configuration (HCL), not a plan', hint: HINT_SHOW } : false),
  recognise(input) {
    const plan = jsonObject(input);
    if (!plan) return false;
    const has = (key: string) => own(plan, key) !== undefined;
    if (has('format_version') && (has('planned_values') || has('resource_changes'))) return true;
    if (has('format_version') && has('terraform_version') && has('values')) return { message: 'this is Terraform state, not a plan', hint: HINT_SHOW };
    return false;
  },
  adapt: (input, file) => adaptPlan(jsonValue(input), file),
} as const satisfies InputFormatDefinition<'terraform-plan'>;

interface Draft {
  resource: Resource;
  parsed: InstanceAddress;
}

/** Adapt a parsed plan that has passed the safety checks. */
export function adaptPlan(plan: unknown, file: string): AdapterResult {
  const errors: InputError[] = [];
  if (!isRecord(plan)) {
    return {
      format: FORMAT,
      resources: [],
      errors: [inputError(file, `a Terraform plan is a JSON object, this is a ${typeName(plan)}`, HINT.planShape, { pointer: '' })],
    };
  }
  const version = own(plan, 'format_version');
  if (typeof version !== 'string') {
    errors.push(inputError(file, 'the plan has no format_version', HINT.planShape, { pointer: '/format_version' }));
  } else if (!/^[01]\.\d+$/.test(version)) {
    errors.push(
      inputError(file, `plan format_version ${version} is not supported (onus reads 0.1 to 1.x)`, 'produce the plan with Terraform 0.12 to 1.x, or upgrade onus', {
        pointer: '/format_version',
      }),
    );
  }

  const planned = plannedIndex(plan, file, errors);
  const changes = own(plan, 'resource_changes');
  let drafts: Draft[];
  if (changes !== undefined && !Array.isArray(changes)) {
    errors.push(
      inputError(file, `resource_changes must be an array, got ${typeName(changes)}`, HINT.planShape, { pointer: '/resource_changes' }),
    );
    drafts = fromPlannedValues(plan, planned, file, errors);
  } else if (Array.isArray(changes) && changes.length > 0) {
    drafts = fromResourceChanges(changes, planned, file, errors);
  } else {
    drafts = fromPlannedValues(plan, planned, file, errors);
  }

  const configuration = own(plan, 'configuration');
  if (configuration !== undefined && !isRecord(configuration)) {
    errors.push(inputError(file, `configuration must be an object, got ${typeName(configuration)}`, HINT.planShape, { pointer: '/configuration' }));
  }
  const instances: PlanInstance[] = drafts.map((d) => ({ address: d.resource.address, parsed: d.parsed }));
  const references = new PlanReferences(configuration, instances, priorDataInstances(plan));
  if (references.available) for (const d of drafts) d.resource.refs = references.refsOf(d.parsed);

  return { format: FORMAT, resources: drafts.map((d) => d.resource), errors };
}

function fromResourceChanges(changes: unknown[], planned: Map<string, JsonObject>, file: string, errors: InputError[]): Draft[] {
  const drafts: Draft[] = [];
  changes.forEach((entry, i) => {
    const ptr = `/resource_changes/${i}`;
    const bad = (message: string, at = ptr) => errors.push(inputError(file, message, HINT.planShape, { pointer: at }));
    if (!isRecord(entry)) return bad(`resource_changes[${i}] must be an object, got ${typeName(entry)}`);
    const address = own(entry, 'address');
    const type = own(entry, 'type');
    if (typeof address !== 'string' || address === '') return bad(`resource_changes[${i}] has no address`, `${ptr}/address`);
    const parsed = parseInstanceAddress(address);
    if (!parsed) return bad(`resource_changes[${i}] has an address Terraform cannot have: ${address}`, `${ptr}/address`);
    const change = own(entry, 'change');
    if (!isRecord(change)) return bad(`${address}: change must be an object, got ${typeName(change)}`, `${ptr}/change`);
    const rawActions = own(change, 'actions');
    if (!Array.isArray(rawActions) || !rawActions.every((a) => typeof a === 'string')) {
      return bad(`${address}: change.actions must be an array of strings`, `${ptr}/change/actions`);
    }
    const actions = rawActions as string[];
    const mode = own(entry, 'mode') === 'data' || parsed.mode === 'data' ? 'data' : 'managed';
    const deposed = own(entry, 'deposed');

    const after = own(change, 'after');
    const deleteOnly = actions.includes('delete') && !actions.includes('create');
    let values: JsonObject;
    if (isRecord(after)) values = after;
    else if (deleteOnly) values = {};
    else values = (planned.get(address) && recordOr(own(planned.get(address) as JsonObject, 'values'))) || {};

    const unknown = markedPaths(own(change, 'after_unknown'));
    const sensitive = union(markedPaths(own(change, 'after_sensitive')), markedPaths(own(change, 'before_sensitive')));
    const before = own(change, 'before');
    const resource: Resource = {
      kind: `tf:${typeof type === 'string' ? type : parsed.type}`,
      address: typeof deposed === 'string' && deposed !== '' ? `${address} (deposed ${deposed})` : address,
      values,
      unknown,
      sensitive,
      change: before === undefined ? { actions } : { actions, before },
      refs: {},
      source: sourceOf(file, parsed, own(entry, 'module_address')),
    };
    if (mode === 'data') resource.dataSource = true;
    drafts.push({ resource, parsed });
  });
  return drafts;
}

function fromPlannedValues(plan: JsonObject, planned: Map<string, JsonObject>, file: string, errors: InputError[]): Draft[] {
  const drafts: Draft[] = [];
  const seen = new Set<string>();
  const add = (entry: JsonObject, fromPrior: boolean) => {
    const address = own(entry, 'address');
    const parsed = typeof address === 'string' ? parseInstanceAddress(address) : undefined;
    if (typeof address !== 'string' || !parsed || seen.has(address)) return;
    if (fromPrior && parsed.mode !== 'data') return;
    seen.add(address);
    const type = own(entry, 'type');
    const resource: Resource = {
      kind: `tf:${typeof type === 'string' ? type : parsed.type}`,
      address,
      values: recordOr(own(entry, 'values')) ?? {},
      unknown: [],
      sensitive: markedPaths(own(entry, 'sensitive_values')),
      refs: {},
      source: sourceOf(file, parsed, undefined),
    };
    if (parsed.mode === 'data' || own(entry, 'mode') === 'data') resource.dataSource = true;
    drafts.push({ resource, parsed });
  };
  for (const entry of planned.values()) add(entry, false);
  const prior = own(plan, 'prior_state');
  const priorValues = isRecord(prior) ? own(prior, 'values') : undefined;
  const priorRoot = isRecord(priorValues) ? own(priorValues, 'root_module') : undefined;
  if (isRecord(priorRoot)) for (const entry of moduleResources(priorRoot, '/prior_state/values/root_module', file, errors)) add(entry, true);
  return drafts;
}

/** Data source instances of `prior_state` (read during planning): reference targets, not facts. */
function priorDataInstances(plan: JsonObject): PlanInstance[] {
  const prior = own(plan, 'prior_state');
  const values = isRecord(prior) ? own(prior, 'values') : undefined;
  const root = isRecord(values) ? own(values, 'root_module') : undefined;
  if (!isRecord(root)) return [];
  const out: PlanInstance[] = [];
  for (const entry of moduleResources(root, '', '', [])) {
    const address = own(entry, 'address');
    const parsed = typeof address === 'string' ? parseInstanceAddress(address) : undefined;
    if (parsed && parsed.mode === 'data') out.push({ address: address as string, parsed });
  }
  return out;
}

/** planned_values resources by address (every module level). */
function plannedIndex(plan: JsonObject, file: string, errors: InputError[]): Map<string, JsonObject> {
  const index = new Map<string, JsonObject>();
  const plannedValues = own(plan, 'planned_values');
  if (plannedValues === undefined) return index;
  if (!isRecord(plannedValues)) {
    errors.push(inputError(file, `planned_values must be an object, got ${typeName(plannedValues)}`, HINT.planShape, { pointer: '/planned_values' }));
    return index;
  }
  const root = own(plannedValues, 'root_module');
  if (root === undefined) return index;
  if (!isRecord(root)) {
    errors.push(inputError(file, `planned_values.root_module must be an object, got ${typeName(root)}`, HINT.planShape, { pointer: '/planned_values/root_module' }));
    return index;
  }
  for (const entry of moduleResources(root, '/planned_values/root_module', file, errors)) {
    const address = own(entry, 'address');
    if (typeof address === 'string') index.set(address, entry);
  }
  return index;
}

/** Resources of a values module and all its child_modules, iteratively. */
function moduleResources(root: JsonObject, rootPointer: string, file: string, errors: InputError[]): JsonObject[] {
  const out: JsonObject[] = [];
  const stack: { module: JsonObject; ptr: string }[] = [{ module: root, ptr: rootPointer }];
  while (stack.length > 0) {
    const { module, ptr } = stack.pop() as { module: JsonObject; ptr: string };
    const resources = own(module, 'resources');
    if (Array.isArray(resources)) {
      for (const r of resources) if (isRecord(r)) out.push(r);
    } else if (resources !== undefined) {
      errors.push(inputError(file, `resources must be an array, got ${typeName(resources)}`, HINT.planShape, { pointer: `${ptr}/resources` }));
    }
    const children = own(module, 'child_modules');
    if (Array.isArray(children)) {
      for (let i = children.length - 1; i >= 0; i--) {
        const child: unknown = children[i];
        if (isRecord(child)) stack.push({ module: child, ptr: `${ptr}/child_modules/${i}` });
      }
    }
  }
  return out;
}

function sourceOf(file: string, parsed: InstanceAddress, moduleAddress: unknown): Resource['source'] {
  const source: Resource['source'] = { file, format: FORMAT };
  const module = typeof moduleAddress === 'string' && moduleAddress !== '' ? moduleAddress : formatModules(parsed.modules);
  if (module) source.module = module;
  return source;
}

function recordOr(value: unknown): JsonObject | undefined {
  return isRecord(value) ? value : undefined;
}

/**
 * Fact paths of the `true` markers in an after_unknown / after_sensitive /
 * sensitive_values tree: `{vpc_config: [{id: true}]}` -> `vpc_config[0].id`.
 * A bare `true` marks the whole resource: the path `""`.
 */
export function markedPaths(marks: unknown): string[] {
  const out: string[] = [];
  if (marks === true) out.push('');
  else if (marks !== null && typeof marks === 'object') walkMarks(marks, [], out);
  return out;
}

/** Depth-first over one path stack (no copy per node: a plan has tens of thousands of these trees). */
function walkMarks(value: object, path: (string | number)[], out: string[]): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) markAt(value[i], i, path, out);
  } else {
    for (const key of Object.keys(value)) markAt((value as JsonObject)[key], key, path, out);
  }
}

function markAt(value: unknown, segment: string | number, path: (string | number)[], out: string[]): void {
  if (value === true) {
    path.push(segment);
    out.push(formatPath(path));
    path.pop();
  } else if (value !== null && typeof value === 'object') {
    path.push(segment);
    walkMarks(value, path, out);
    path.pop();
  }
}

/** The union of two marker lists, without copying when one is empty (the usual case). */
function union(a: string[], b: string[]): string[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...new Set([...a, ...b])];
}
