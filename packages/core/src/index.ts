/**
 * @onus/core public API. Everything not exported here is internal.
 */
export type { Resource, ResourceSource, ResourceChange, InputError, AdapterResult } from './facts.js';
export { parsePath, formatPath, WILDCARD, PathSyntaxError } from './paths.js';
export type { PathSegment } from './paths.js';
