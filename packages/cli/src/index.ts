/**
 * @onus/cli public API: `scan()` (inputs -> report and exit code, as the
 * `onus scan` command runs it), config loading, `main()` for embedding the
 * command, and the report writers.
 */
export { scan, localToday, MAX_INPUT_BYTES } from './scan.js';
export type { ScanInput, ScanOptions, ScanResult, ScanProgress } from './scan.js';
export { findConfig, loadConfig, parseConfig, checkConfigAgainstPack, configWaivers, CONFIG_NAMES, FAIL_ON_VALUES } from './config.js';
export type { OnusConfig, LoadedConfig, ConfigWaiver, FailOn } from './config.js';
export { configSchema } from './config-schema.js';
export { discover, isNotInputName } from './discover.js';
export type { DiscoveredInput, Discovery } from './discover.js';
export { main } from './main.js';
export type { Io, OutStream } from './io.js';
export { formatProblem } from './problems.js';
export type { Problem } from './problems.js';
export { initConfigText } from './init.js';
export { conditionLines, describeCheck } from './describe.js';
export { VERSION } from './version.js';
export {
  render,
  FORMATS,
  isFormat,
  toText,
  toJson,
  toSarif,
  toJunit,
  toMarkdown,
  toGithub,
  toHtml,
  type Format,
  type RenderOptions,
} from './formats/index.js';
