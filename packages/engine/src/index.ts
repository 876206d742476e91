/**
 * @onus/engine public API: the scan plan (`planScan`: settings validated and
 * resolved once), the scan pipeline (`scan`: inputs -> adapters -> facts ->
 * evaluation -> waivers -> report) and the report writers. The pack comes in
 * as an argument. Everything not exported here is internal.
 * Imports: @onus/core, @onus/adapters, @onus/rego.
 */
export { planScan, fieldName, localToday } from './plan.js';
export type { ScanPlan, ScanPlanOptions, SettingsSource } from './plan.js';
export { scan, MAX_INPUT_BYTES } from './scan.js';
export type { ScanInput, ScanOptions, ScanResult, ScanProgress } from './scan.js';
export type { RenderSetting, RenderLimits } from './render.js';
export { discover } from './discover.js';
export { loadRegoSources } from './rego.js';
export type { RegoBuiltins, RegoPolicyInfo, RegoSource, RegoSpec } from './rego.js';
export type { DiscoveredInput, Discovery, TemplateSource, SkippedFile } from './discover.js';
export type { TerraformVars } from './source-inputs.js';
export { readPolicyFiles, loadUserPolicies, combinePack, knownName } from './policies.js';
export { VERSION } from './version.js';
export {
  render,
  renderTo,
  FORMATS,
  WRITERS,
  isFormat,
  toText,
  toJson,
  toSarif,
  toJunit,
  toMarkdown,
  toGithub,
  toHtml,
  AREA_NAMES,
  summaryLine,
  policyDocUrl,
  DEFAULT_DOCS_URL,
  type LinkOptions,
  type Format,
  type Writer,
  type RenderOptions,
  expandFindings,
  type ExpandedFinding,
} from './formats/index.js';
