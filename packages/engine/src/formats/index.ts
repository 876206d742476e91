/**
 * Report writers: each a pure function from a Report to the text of one
 * output format. They render the report; none recomputes it, reads a file or
 * prints anything from a resource beyond the finding's own fields.
 */
import type { Report } from '@onus/core';
import { toGithub } from './github.js';
import { toHtml } from './html.js';
import { toJson, writeJson, type JsonOptions } from './json.js';
import { toJunit } from './junit.js';
import { toMarkdown, type MarkdownOptions } from './markdown.js';
import { toSarif, type SarifOptions } from './sarif.js';
import { toText } from './text.js';
import type { LinkOptions } from './links.js';

export { toText, type TextOptions } from './text.js';
export { toJson, writeJson, REPORT_SCHEMA_VERSION, type JsonOptions } from './json.js';
export { expandFindings, type ExpandedFinding } from './json-read.js';
export { toSarif, fingerprint, SECURITY_SEVERITY, SARIF_SCHEMA, type SarifOptions } from './sarif.js';
export { toJunit } from './junit.js';
export { toMarkdown, DEFAULT_MAX_BYTES, type MarkdownOptions } from './markdown.js';
export { toGithub } from './github.js';
export { toHtml } from './html.js';
export { AREA_NAMES, summaryLine } from './common.js';
export { policyDocUrl, DEFAULT_DOCS_URL, type LinkOptions } from './links.js';

/** Options for every format; each writer reads only its own. `docsUrl` (LinkOptions) is read by all that link a policy. */
export interface RenderOptions extends SarifOptions, MarkdownOptions, LinkOptions, JsonOptions {
  /** text: ANSI colour (default off). */
  color?: boolean;
  /** text: the long form, passes and waived findings too. */
  verbose?: boolean;
  /** Template of a control's documentation address (`{version}`, `{id}`); empty: no links. */
  docsUrl?: string;
}

/** One output format: its name, what it is for (shown in `--help`), and its writer. */
export interface Writer {
  name: string;
  summary: string;
  write(report: Report, options: RenderOptions): string;
  /** The same text handed out in pieces, for writers whose output grows with the findings. */
  stream?(report: Report, options: RenderOptions, write: (chunk: string) => void): void;
}

/**
 * The output formats, in the order `--help` lists them. Adding a format is a
 * module beside this file and one line here (docs/adding-a-format.md).
 */
export const WRITERS = [
  { name: 'text', summary: 'grouped by responsibility, for people', write: (r, o) => toText(r, { color: o.color ?? false, ...(o.verbose !== undefined ? { verbose: o.verbose } : {}), ...(o.docsUrl !== undefined ? { docsUrl: o.docsUrl } : {}) }) },
  {
    name: 'json',
    summary: 'the whole report (schemas/report.schema.json)',
    write: (r, o) => toJson(r, o.includePasses !== undefined ? { includePasses: o.includePasses } : {}),
    stream: (r, o, w) => writeJson(r, o.includePasses !== undefined ? { includePasses: o.includePasses } : {}, w),
  },
  { name: 'sarif', summary: 'SARIF 2.1.0, for code scanning', write: (r, o) => toSarif(r, o) },
  { name: 'junit', summary: 'JUnit XML, for CI test tabs', write: (r, o) => toJunit(r, o) },
  { name: 'markdown', summary: 'a pull-request comment', write: (r, o) => toMarkdown(r, o) },
  { name: 'github', summary: 'GitHub Actions annotations', write: (r, o) => toGithub(r, o) },
  { name: 'html', summary: 'one self-contained page with the scorecard', write: (r, o) => toHtml(r, o) },
] as const satisfies readonly Writer[];

export type Format = (typeof WRITERS)[number]['name'];
export const FORMATS: readonly Format[] = WRITERS.map((w) => w.name);

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

function writerOf(format: Format): Writer {
  const writer: Writer | undefined = WRITERS.find((w) => w.name === format);
  if (!writer) throw new Error(`unknown format ${format}`);
  return writer;
}

/** Render a report in one format. */
export function render(format: Format, report: Report, options: RenderOptions = {}): string {
  return writerOf(format).write(report, options);
}

/** Render a report in one format, handing the text to `write` in pieces where the writer streams (else in one). */
export function renderTo(format: Format, report: Report, options: RenderOptions, write: (chunk: string) => void): void {
  const writer = writerOf(format);
  if (writer.stream) writer.stream(report, options, write);
  else write(writer.write(report, options));
}
