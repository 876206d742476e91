/**
 * The OPA SDK as CommonJS source text, for the worker thread that runs
 * policies under a time budget. From the packages (sources, built) there is
 * none: the worker requires the SDK by its path. The CLI bundle
 * (scripts/bundle.mjs) replaces this module with one that returns the SDK
 * bundled as text, since a bundle has no SDK path to require. Imports nothing.
 */
export function embeddedSdk(): string | undefined {
  return undefined;
}
