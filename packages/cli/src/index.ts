/**
 * @onus/cli public API: `main()` for embedding the `onus` command, and config
 * loading. The scan itself and the report writers are @onus/engine's; the
 * library is `onus`. Everything else is internal.
 * Imports: @onus/core, @onus/rules, @onus/engine.
 */
export { findConfig, loadConfig, CONFIG_NAMES } from './config.js';
export type { OnusConfig, LoadedConfig, ConfigWaiver, FailOn } from './config.js';
export { configSchema } from './config-schema.js';
export { main } from './main.js';
export type { Io, OutStream } from './io.js';
export { VERSION } from './version.js';
