/**
 * @onus/core public API: facts, the policy model, loading, compilation and
 * evaluation, results and the report model. Everything not exported here is internal.
 * Imports: no other onus package.
 */
export type { Resource, ResourceSource, ResourceChange, InputError, AdapterResult } from './facts.js';
export { parsePath, formatPath, relativePath, WILDCARD, PathSyntaxError } from './paths.js';
export type { PathSegment } from './paths.js';

export type {
  Policy, Check, ResourceCheck, ScopeCheck, Condition, LeafCondition, ItemLeafCondition, Example, ExampleResource,
  OnUnknown,
} from './policy.js';
export type { Responsibility, Severity, Status } from './vocabulary.js';
export { RESPONSIBILITIES, OPTIONAL_RESPONSIBILITIES, AREA_NAMES, AREA_TITLES, SEVERITIES, SEVERITY_RANK, STATUSES } from './vocabulary.js';
export { isScopeCheck } from './policy.js';
export { policySchema } from './policy-schema.js';
export { loadPolicies, loadPolicyTexts, parsePolicy } from './load.js';
export type { PolicyError, LoadedPolicies } from './load.js';
export { readYamlDocument } from './yaml-document.js';
export { globToRegExp } from './glob.js';
export type { GlobOptions } from './glob.js';
export type { YamlDocument } from './yaml-document.js';
export { schemaProblem, mostSpecificError } from './schema-errors.js';
export type { Problem, SchemaErrorWording } from './schema-errors.js';
export { MESSAGE_FIELDS } from './messages.js';

export { OPERATORS, OPERATOR_DEFINITIONS, operatorDefinition, isPublicCidr, durationSeconds, parseJsonDocument } from './operators/index.js';
export type { Operator, AnyOperatorDefinition, OperatorDefinition, QuantifierDefinition, OperatorExample, Phrases, ValueSchema } from './operators/index.js';

export { definePack, policyDigest } from './pack.js';
export type { Pack } from './pack.js';
export { resolveParams, registerParamValidator, PARAMS_AJV_OPTIONS } from './params.js';
export type { ParamError } from './params.js';

export { evaluate, isPolicySelected } from './evaluate.js';
export type { EvaluateOptions } from './evaluate.js';
export { evaluateReference } from './reference.js';
export type { ReferenceVerdict } from './reference.js';
export { ScanIndex } from './relations.js';
export { kindNameMatcher } from './kinds.js';

export { describeCheck, describeCondition, describeValue } from './describe.js';

export { checkPolicyExamples, exampleResources, exampleParams } from './examples.js';
export type { ExampleOutcome, ExpectedVerdict } from './examples.js';

export { REDACTED } from './results.js';
export type { Finding, FindingBase, Evidence, WaiverRef } from './results.js';
export { buildReport, blockingFindings, clockMs, SKIP_REASONS } from './report.js';
export type { Report, ReportInput, ReportFile, FileStatus, SkipReason, Tally, WaiverNote, BuildReportInput } from './report.js';
export { applyWaivers, annotationWaivers, WAIVE_ANNOTATION } from './waivers.js';
export { inlineWaivers, takesInlineWaivers } from './inline-waivers.js';
export type { InlineWaiverOptions, InlineWaivers } from './inline-waivers.js';
export type { Waiver, WaiverOutcome } from './waivers.js';
