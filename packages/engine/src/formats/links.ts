/**
 * Documentation links: every control of the shipped pack has a generated page
 * (packages/rules/docs/controls/<ID>.md). Links point at the page as it was at
 * the pack's version, so an old report never links to newer text. The address
 * is a template setting (`docsUrl`), so a fork or a mirror can point elsewhere.
 */
import type { Report } from '@onus/core';

/** `{version}` is the pack's version, `{id}` the control id. */
export const DEFAULT_DOCS_URL = 'https://github.com/onus-dev/onus/blob/rules-v{version}/packages/rules/docs/controls/{id}.md';

/** Catalog ids (`DSR-NET-05`) have pages; a team's own policies and Rego entrypoints have none. */
const CATALOG_ID = /^DSR-[A-Z]+-\d{2}$/;

export interface LinkOptions {
  /** Template of a control's documentation address (default {@link DEFAULT_DOCS_URL}); empty string: no links. */
  docsUrl?: string;
}

/** The documentation address of a policy, or undefined when it has no page. */
export function policyDocUrl(report: Pick<Report, 'pack'>, policyId: string, options: LinkOptions = {}): string | undefined {
  const template = options.docsUrl ?? DEFAULT_DOCS_URL;
  if (!template || !CATALOG_ID.test(policyId)) return undefined;
  return template.replaceAll('{version}', encodeURIComponent(report.pack.version)).replaceAll('{id}', encodeURIComponent(policyId));
}
