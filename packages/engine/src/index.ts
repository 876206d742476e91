/**
 * @onus/engine public API: the scan plan (`planScan`: settings validated and
 * resolved once), the scan pipeline (`scan`: inputs -> adapters -> facts ->
 * evaluation -> waivers -> report) and the report writers. The pack comes in
 * as an argument. Everything not exported here is internal.
 * Imports: @onus/core, @onus/adapters.
 */
export { planScan, fieldName, localToday } from './plan.js';
export type { ScanPlan, ScanPlanOptions, SettingsSource } from './plan.js';
export { scan, MAX_INPUT_BYTES } from './scan.js';
export type { ScanInput, ScanOptions, ScanResult, ScanProgress } from './scan.js';
export { discover } from './discover.js';
export type { DiscoveredInput, Discovery } from './discover.js';
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
  type Format,
  type Writer,
  type RenderOptions,
} from './formats/index.js';
