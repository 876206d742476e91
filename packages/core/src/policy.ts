/**
 * The policy model: what a policy file holds once validated. Pure types and
 * the vocabulary it uses (./vocabulary.ts); loading lives in ./load.ts, the JSON Schema in ./policy-schema.ts.
 */

import type { Responsibility, Severity } from './vocabulary.js';

/** A value in a condition: a literal, or read from a fact (`{ fact: params, path: $.maxNodes }`). */
export type ConditionValue = unknown;

/** A leaf condition in json-rules-engine's format. */
export interface LeafCondition {
  fact: string;
  path?: string;
  params?: Record<string, unknown>;
  operator: string;
  value: ConditionValue;
}

/** A leaf inside a list quantifier (`anyItem`, `allItems`, `noItem`, `jsonDocument`): no fact, the path is relative to the item. */
export interface ItemLeafCondition {
  path?: string;
  operator: string;
  value: ConditionValue;
}

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | LeafCondition
  | ItemLeafCondition;

export type OnUnknown = 'pass' | 'fail' | 'unknown';

/** A check of each resource of a kind. */
export interface ResourceCheck {
  /** Kind or kinds it applies to; `*` is a wildcard (`tf:aws_*`). Terraform data sources are `tf:data.<type>`. */
  kind: string | string[];
  when?: Condition;
  assert: Condition;
  onUnknown?: OnUnknown;
  message?: string;
  /**
   * When the check fails and this condition holds, the verdict depends on something the inputs do
   * not say (a parameter left at `any`, such as `cloud`): the result is `unknown` with this message.
   */
  inconclusive?: { when: Condition; message: string };
  /** Evaluate resources whose planned action is delete as well (default: skipped). */
  includeDeletes?: boolean;
  /**
   * One result per item of a list (usually a parameter: `{ fact: params, path: $.requiredEgress }`):
   * the assertion runs once per item, which it reads as the `item` fact, and `{item}` names it in the message.
   */
  forEach?: {
    fact: 'params' | 'values' | 'resource';
    path?: string;
    /** Name each item by a template over its fields (`"{kind}:{name}"` for a Kubernetes subject): that string is the item. */
    as?: string;
  };
}

/** A presence check over the whole scan ("a budget must exist"). */
export interface ScopeCheck {
  kind: 'scope';
  require: {
    /** Kind or kinds that count. */
    kind: string | string[];
    /** How many are needed (default 1). */
    min?: number;
    /** Only those that satisfy this condition count. */
    where?: Condition;
    /** The check applies only when the scan holds a resource of one of these kinds. */
    whenAny: string[];
  };
  message?: string;
  /**
   * When the required resources are missing and this condition holds (it reads `params` or
   * `scan`, e.g. `coverage: partial`), the absence proves nothing: the result is `unknown`
   * with this message instead of a failure.
   */
  inconclusive?: { when: Condition; message: string };
}

export type Check = ResourceCheck | ScopeCheck;

/** A resource as written in a policy example: a Resource with defaults for everything but kind. */
export interface ExampleResource {
  kind: string;
  address?: string;
  values?: Record<string, unknown>;
  unknown?: string[];
  sensitive?: string[];
  refs?: Record<string, string[]>;
  /**
   * Why unknown paths are unknown, as Terraform source gives them (`internal: var.internal is
   * not set`): a source case, where a plan would show the bare "known after apply" of a default.
   */
  unknownReasons?: Record<string, string>;
  change?: { actions: string[]; before?: unknown };
  dataSource?: boolean;
}

/** An example is one resource, or a whole scan (for relations and scope checks). */
export type Example = ExampleResource | { scan: ExampleResource[]; params?: Record<string, unknown> };

export interface Policy {
  id: string;
  title: string;
  responsibility: Responsibility;
  severity: Severity;
  optional?: boolean;
  description?: string;
  frameworks?: Record<string, string[]>;
  remediation: string;
  checks: Check[];
  examples?: { pass?: Example[]; fail?: Example[]; unknown?: Example[] };
  /** The file it was loaded from (set by the loader). */
  file?: string;
}

export function isScopeCheck(check: Check): check is ScopeCheck {
  return check.kind === 'scope';
}

export function isLeaf(condition: Condition): condition is LeafCondition | ItemLeafCondition {
  return 'operator' in condition;
}
