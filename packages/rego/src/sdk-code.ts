/**
 * The OPA SDK as CommonJS source text, for the worker thread that runs
 * policies under a time budget. From the packages (sources, built) there is
 * none: the worker requires the SDK by its path. The CLI bundle
 * (scripts/bundle.mjs) replaces this module with one that reads the SDK,
 * bundled as one script, from beside the bundle (dist/opa-sdk.cjs), since a
 * bundle has no SDK package to require. Imports nothing.
 */
export function embeddedSdk(): string | undefined {
  return undefined;
}
