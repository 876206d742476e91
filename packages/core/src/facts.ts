/**
 * Facts: the one shape every adapter produces and every policy reads.
 * Owned by core; adapters import these types (and nothing else from core
 * but the path helpers in ./paths.ts).
 */
import type { SkipReason } from './report.js';

/** Where a resource came from. */
export interface ResourceSource {
  /** The input file as given (or `-` for stdin). */
  file: string;
  /** The detected input format, e.g. `terraform-plan`, `kubernetes`, `aws-config`. */
  format: string;
  /** 1-based line where the resource starts, where the format makes that known. */
  line?: number;
  /** Terraform module path, e.g. `module.db.module.x`; absent for the root module. */
  module?: string;
  /**
   * 1-based line of each attribute and block the source sets, keyed by fact
   * path (`versioning[0].enabled`, `tags`), so a finding can point at the
   * failing attribute. Terraform source and Kubernetes YAML.
   */
  lines?: Record<string, number>;
}

/** A plan's change for this resource. */
export interface ResourceChange {
  /** Terraform's actions: `create`, `update`, `delete`, `read`, `no-op` (replace is `["delete","create"]` or `["create","delete"]`). */
  actions: string[];
  before?: unknown;
}

/**
 * One resource as a fact. Paths in `unknown` and `sensitive` use the path
 * syntax of ./paths.ts without the leading `$`: `vpc_config[0].endpoint_public_access`,
 * `tags["kubernetes.io/cluster"]`.
 */
export interface Resource {
  /** `tf:aws_lb`, `k8s:Service`, `awsconfig:AWS::S3::Bucket`, `awscli:ec2:SecurityGroup`, `gcpcai:container.googleapis.com/Cluster`. */
  kind: string;
  /** Stable id: `module.net.aws_lb.public[0]`, `k8s:prod/Service/web`, an ARN, a CAI name. */
  address: string;
  /** Attributes as the source has them (plan: the after-state). */
  values: Record<string, unknown>;
  /** Paths known only after apply (plan `after_unknown`). */
  unknown: string[];
  /**
   * Why each `unknown` path is unknown, where the input says (Terraform
   * source: `depends on aws_iam_role.x.arn`, `var.env is not set ...`).
   */
  unknownReasons?: Record<string, string>;
  /** Paths marked sensitive (plan `after_sensitive`, Secret data): never printed. */
  sensitive: string[];
  /** Plan only. Deletes and data-source reads are facts too, skipped by default. */
  change?: ResourceChange;
  /** Terraform data source (`data.` address) rather than a managed resource. */
  dataSource?: boolean;
  /** Attribute path -> addresses it references (plan configuration expressions, k8s selectors). */
  refs: Record<string, string[]>;
  source: ResourceSource;
}

/** An input that could not be read, or a part of it that could not be understood. */
export interface InputError {
  file: string;
  /** 1-based line, where known. */
  line?: number;
  /** JSON pointer of the bad place, where known. */
  pointer?: string;
  /** One sentence: what is wrong. */
  message: string;
  /** One sentence: what to do. */
  hint?: string;
}

/** What an adapter returns for one input: facts, and errors instead of exceptions. */
export interface AdapterResult {
  format: string;
  resources: Resource[];
  errors: InputError[];
  /** Things read but worth a word that do not stop the input (a duplicate YAML key, a patch document left out). */
  warnings?: InputError[];
  /** Set when the input holds nothing to judge, and why (a Kustomize patch); `resources` and `errors` are then empty. */
  skipped?: string;
  /** With `skipped`: which kind of file it is, for the scan's account of files. */
  skipReason?: SkipReason;
  /** Terraform source: every file read, of the module folder and of the local modules it calls, named as in the facts. */
  files?: string[];
}
