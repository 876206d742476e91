/**
 * Report writers: each a pure function from a Report to the text of one
 * output format. They render the report; none recomputes it, reads a file or
 * prints anything from a resource beyond the finding's own fields.
 */
import type { Report } from '@onus/core';
import { toGithub } from './github.js';
import { toHtml } from './html.js';
import { toJson } from './json.js';
import { toJunit } from './junit.js';
import { toMarkdown, type MarkdownOptions } from './markdown.js';
import { toSarif, type SarifOptions } from './sarif.js';
import { toText } from './text.js';

export { toText, type TextOptions } from './text.js';
export { toJson } from './json.js';
export { toSarif, fingerprint, SECURITY_SEVERITY, SARIF_SCHEMA, type SarifOptions } from './sarif.js';
export { toJunit } from './junit.js';
export { toMarkdown, DEFAULT_MAX_BYTES, type MarkdownOptions } from './markdown.js';
export { toGithub } from './github.js';
export { toHtml } from './html.js';
export { AREA_NAMES, summaryLine } from './common.js';

export const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown', 'github', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

/** Options for every format; each writer reads only its own. */
export interface RenderOptions extends SarifOptions, MarkdownOptions {
  /** text: ANSI colour (default off). */
  color?: boolean;
  /** text: list passes and waived findings too. */
  verbose?: boolean;
}

export function render(format: Format, report: Report, options: RenderOptions = {}): string {
  switch (format) {
    case 'text':
      return toText(report, { color: options.color ?? false, ...(options.verbose !== undefined ? { verbose: options.verbose } : {}) });
    case 'json':
      return toJson(report);
    case 'sarif':
      return toSarif(report, options);
    case 'junit':
      return toJunit(report);
    case 'markdown':
      return toMarkdown(report, options);
    case 'github':
      return toGithub(report);
    case 'html':
      return toHtml(report);
  }
}
