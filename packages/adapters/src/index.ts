/**
 * @onus/adapters public API: inputs (Terraform plans and source, Kubernetes manifests,
 * AWS Config, AWS CLI output, GCP Cloud Asset Inventory) to `Resource` facts.
 * Everything not exported here is internal. No function here throws on bad
 * input: problems come back as `errors` with file, line or JSON pointer, and a hint.
 * Imports: @onus/core.
 */
import type { AdapterResult, InputError, Resource } from '@onus/core';
import { fromAwsCli as awsCli } from './aws-cli.js';
import { fromAwsConfig as awsConfig } from './aws-config.js';
import { fromCloudAssets as cloudAssets } from './cloud-assets.js';
import { DEFAULT_FILE, MAX_DEPTH as DEPTH, guard } from './errors.js';
import type { InputFormatDefinition } from './format.js';
import { fromKubernetes as kubernetes, linkKubernetesRefs as linkRefs } from './kubernetes.js';
import { createReader as create, type InputContent, type InputResult, type ReadOptions, type Reader } from './reader.js';
import { builtinFormats as builtin, builtinReader, type InputFormat } from './registry.js';
import { fromTerraformPlan as terraformPlan } from './terraform-plan.js';
import { adaptTerraformSource, type TerraformSourceOptions } from './terraform-source/adapter.js';
import { isConfigFile } from './terraform-source/config.js';

export type { InputFormat } from './registry.js';
export type { InputFormatDefinition, FormatMarkers, ParsedInput, Recognition, Syntax } from './format.js';
export type { InputContent, InputResult, ReadOptions, Reader } from './reader.js';
export { utf8Text } from './reader.js';
export type { JsonLine } from './json.js';
export type { YamlDocument, YamlOutline, YamlStream } from './yaml.js';

/**
 * The built-in input formats (Terraform plan, Kubernetes, AWS Config, AWS
 * CLI, GCP Cloud Asset Inventory), in the order they are recognised.
 */
export const builtinFormats: readonly InputFormatDefinition<InputFormat>[] = builtin;

/**
 * A reader for a list of formats: `createReader([...builtinFormats, mine])`
 * reads everything onus reads plus `mine`, without changing the built-in reader.
 */
export function createReader(formats: readonly InputFormatDefinition[]): Reader {
  return create(formats);
}
export type { TerraformSourceOptions } from './terraform-source/adapter.js';

/** Deepest nesting any adapter accepts (objects and arrays; the root is level 1). */
export const MAX_DEPTH: number = DEPTH;

/**
 * Detect the format of an input from its content (not its name): Terraform
 * plan JSON, Kubernetes YAML/JSON, AWS Config, AWS CLI output or GCP Cloud
 * Asset Inventory. A binary plan, empty, unknown or unreadable input gives
 * `{ error }` with a hint. A UTF-8 BOM is ignored.
 * @param text the file content
 * @param file the file name for errors (default `<input>`)
 */
export function detectFormat(text: string, file: string = DEFAULT_FILE): { format: InputFormat } | { error: InputError } {
  return builtinReader.detectFormat(text, file) as { format: InputFormat } | { error: InputError };
}

/**
 * Read one input: decode (bytes), detect the format, adapt; the content is
 * parsed once. Never throws; a binary plan zip, empty or unknown input gives
 * `format: 'unknown'` and one error, or with `lenient` (a file found in a
 * folder) no error and `skipped` set when it is clearly another tool's file.
 * @param file the file name, used in facts' `source.file` and in errors
 * @param content the file's text or bytes, or a function that gives them once
 *   (a caller that keeps no reference of its own lets a large plan's text be
 *   freed while its facts are adapted)
 */
export function readInput(file: string, content: InputContent, options?: ReadOptions): InputResult {
  return builtinReader.readInput(file, content, options);
}

/**
 * Adapt an input already parsed (or a text) with its declared format, without
 * re-serialising it. Content of another format (a plan declared `kubernetes`)
 * is an error naming the format it is; an unknown format name is an error.
 * @param format the declared format
 * @param data the parsed value (checked for `__proto__` keys and depth), or the text
 * @param file the name for facts and errors (default `<input>`)
 */
export function adaptParsed(format: InputFormat, data: unknown, file: string = DEFAULT_FILE): AdapterResult {
  return builtinReader.adaptParsed(format, data, file);
}

/**
 * Whether a folder scan reads a file of this name (`*.json`, `*.jsonl`,
 * `*.yaml`, `*.yml`): the file names the built-in formats claim.
 * @param name the file's base name
 */
export function claimsFile(name: string): boolean {
  return builtinReader.claimsFile(name);
}

/**
 * Facts from `terraform show -json PLAN` output (format_version 0.1 to 1.x),
 * one per `resource_changes` entry (or per `planned_values` resource when the
 * plan has no `resource_changes`), kind `tf:<type>`, keyed by full address.
 * @param input the JSON text or its parsed object
 * @param file the file name for facts and errors (default `<input>`)
 */
export function fromTerraformPlan(input: string | object, file: string = DEFAULT_FILE): AdapterResult {
  return guard('terraform-plan', file, () => terraformPlan(input, file));
}

/**
 * Facts from Terraform source: a root module folder with its `.tf` /
 * `.tf.json` files, `terraform.tfvars`, `*.auto.tfvars(.json)` and the
 * modules it calls (local folders; others through
 * `.terraform/modules/modules.json`). One fact per resource and data source
 * instance, kind `tf:<type>`, addressed as in a plan
 * (`module.x["k"].aws_s3_bucket.b[0]`), format `terraform-source`, with the
 * file and line of the block and of each attribute (`source.lines`). What the
 * source does not determine is `unknown`, with `unknownReasons`. Never
 * rejects: problems come back as errors with file and line.
 * @param dir the root module folder (file names in facts start with it)
 * @param options tfvars files (`varFiles`) and values (`vars`) as `-var-file`
 *   and `-var` give them; `maxFileBytes` (default 8 MiB)
 */
export async function fromTerraformSource(dir: string, options: TerraformSourceOptions = {}): Promise<AdapterResult> {
  try {
    return await adaptTerraformSource(dir, options);
  } catch (error) {
    return guard('terraform-source', dir, () => {
      throw error;
    });
  }
}

/**
 * Whether a file is Terraform source configuration (`*.tf`, `*.tf.json`): its
 * folder is a module that `fromTerraformSource` reads whole.
 * @param name the file's name or path
 */
export function isTerraformSourceFile(name: string): boolean {
  return isConfigFile(name);
}

/**
 * Facts from Kubernetes manifests: multi-document YAML, JSON, `kind: List`,
 * Helm-rendered output. Kind `k8s:<Kind>`, address `k8s:<namespace>/<Kind>/<name>`
 * (`k8s:<Kind>/<name>` for cluster-scoped kinds), `source.line` where the object starts.
 * @param text the manifest text
 * @param file the file name for facts and errors (default `<input>`)
 */
export function fromKubernetes(text: string, file: string = DEFAULT_FILE): AdapterResult {
  return guard('kubernetes', file, () => kubernetes(text, file));
}

/**
 * Facts from AWS Config JSON: a snapshot (`configurationItems`), a change
 * notification (`configurationItem`) or one bare item. Kind
 * `awsconfig:<resourceType>`, address the ARN (else resourceId).
 * @param input the JSON text or its parsed object
 * @param file the file name for facts and errors (default `<input>`)
 */
export function fromAwsConfig(input: string | object, file: string = DEFAULT_FILE): AdapterResult {
  return guard('aws-config', file, () => awsConfig(input, file));
}

/**
 * Facts from AWS CLI JSON output: security groups, instances
 * (`Reservations`), ELBv2 load balancers, the IAM password policy, account
 * summary and account authorization details. Kind `awscli:<service>:<Thing>`.
 * @param input the JSON text or its parsed object
 * @param file the file name for facts and errors (default `<input>`)
 */
export function fromAwsCli(input: string | object, file: string = DEFAULT_FILE): AdapterResult {
  return guard('aws-cli', file, () => awsCli(input, file));
}

/**
 * Facts from GCP Cloud Asset Inventory: `gcloud asset export` JSON lines, a
 * JSON array of assets or one asset (snake_case or camelCase keys). Kind
 * `gcpcai:<asset_type>`, address the asset name, values `resource.data` plus `iam_policy`.
 * @param input the text (JSON or JSON lines) or a parsed array/asset
 * @param file the file name for facts and errors (default `<input>`)
 */
export function fromCloudAssets(input: string | object, file: string = DEFAULT_FILE): AdapterResult {
  return guard('gcp-cai', file, () => cloudAssets(input, file));
}

/**
 * Link Kubernetes Services to the workloads their `spec.selector` matches
 * (same namespace) across facts from several files, setting `refs.selector`.
 * `fromKubernetes` and `readInput` already do this within one file.
 * @param resources facts from any adapters; only `k8s:` facts are used and changed
 */
export function linkKubernetesRefs(resources: Resource[]): void {
  linkRefs(resources);
}
