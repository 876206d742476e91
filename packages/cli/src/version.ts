/** The CLI's version (kept equal to packages/cli/package.json by a test; the bundle reads no file). */
export const VERSION = '0.1.0';
