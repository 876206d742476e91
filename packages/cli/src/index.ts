/**
 * @onus/cli public API: `scan()` (inputs -> report and exit code, as the
 * `onus scan` command runs it), `main()` for embedding the command, config
 * loading, and the report writers. Everything else is internal.
 */
export { scan } from './scan.js';
export type { ScanInput, ScanOptions, ScanResult, ScanProgress } from './scan.js';
export { findConfig, loadConfig, CONFIG_NAMES } from './config.js';
export type { OnusConfig, LoadedConfig, ConfigWaiver, FailOn } from './config.js';
export { configSchema } from './config-schema.js';
export { main } from './main.js';
export type { Io, OutStream } from './io.js';
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
