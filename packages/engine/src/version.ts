/** The engine's version, named in reports (kept equal to package.json by a test; the bundle reads no file). */
export const VERSION = '0.1.0';
