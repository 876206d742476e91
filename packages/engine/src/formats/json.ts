/**
 * The report as JSON, in the shape published as `schemas/report.schema.json`
 * (`schemaVersion: 3`). What is said many times is written once and referred
 * to: per-policy text (title, severity, responsibility, remediation,
 * frameworks) in `policies`, by id; resources in `resources.items`, by index,
 * with their kinds and files in `resources.kinds` and `resources.files`.
 * Findings are grouped by policy id; passes are compact by default
 * (`passes`: resource indexes by policy id) and `includePasses` writes each as
 * a full finding instead. Fields are copied by name, so nothing that is not
 * part of the documented shape (and could come from a resource) slips out.
 * Written in pieces (one finding, or the passes of one policy, a line), so a
 * large report is streamed, never one big string. `expandFindings` reads it
 * back into one list.
 */
import type { Finding, InputError, Report, ReportFile, Tally, WaiverNote } from '@onus/core';
import { evidenceData } from './common.js';

/** The version of the JSON report's shape. */
export const REPORT_SCHEMA_VERSION = 3;

export interface JsonOptions {
  /** Write every pass as a full finding (default: compact, in `passes`). */
  includePasses?: boolean;
}

/** The report as one JSON text. */
export function toJson(report: Report, options: JsonOptions = {}): string {
  const parts: string[] = [];
  writeJson(report, options, (chunk) => parts.push(chunk));
  return parts.join('');
}

/** The report as JSON, handed to `write` in pieces. */
export function writeJson(r: Report, options: JsonOptions, write: (chunk: string) => void): void {
  const includePasses = options.includePasses === true;
  const field = (name: string, value: unknown, last = false) => write(`  ${JSON.stringify(name)}: ${indent(JSON.stringify(value, null, 2))}${last ? '\n' : ',\n'}`);
  write('{\n');
  field('schemaVersion', REPORT_SCHEMA_VERSION);
  field('tool', { name: r.tool.name, version: r.tool.version });
  field('pack', { name: r.pack.name, version: r.pack.version, digest: r.pack.digest });
  field('inputs', r.inputs.map((i) => ({ file: i.file, format: i.format, resources: i.resources })));
  field('errors', r.errors.map(inputError));
  if (r.files) field('files', r.files.map(reportFile));
  field('scorecard', Object.fromEntries(Object.entries(r.scorecard).map(([area, t]) => [area, tally(t)])));
  field('summary', tally(r.summary));
  const policies = policiesOf(r.findings);
  field('policies', policies);
  const table = new ResourceTable();
  // Findings by policy id, one finding a line.
  const written = (f: Finding) => includePasses || f.status !== 'pass';
  write('  "findings": {');
  let firstPolicy = true;
  for (const [id, list] of byPolicy(r.findings, written)) {
    write(`${firstPolicy ? '\n' : ',\n'}    ${JSON.stringify(id)}: [`);
    list.forEach((f, i) => write(`${i ? ',' : ''}\n      ${JSON.stringify(finding(f, policies[id], table))}`));
    write('\n    ]');
    firstPolicy = false;
  }
  write(firstPolicy ? '},\n' : '\n  },\n');
  if (!includePasses) {
    write('  "passes": {');
    firstPolicy = true;
    for (const [id, list] of byPolicy(r.findings, (f) => f.status === 'pass')) {
      // One policy a line, written at once (a 10k plan has 30,000 passes).
      write(`${firstPolicy ? '\n' : ',\n'}    ${JSON.stringify(id)}: [${list.map((f) => JSON.stringify(passRef(f, table))).join(',')}]`);
      firstPolicy = false;
    }
    write(firstPolicy ? '},\n' : '\n  },\n');
  }
  // The resources the findings and passes name, one a line.
  write(`  "resources": {\n    "files": ${JSON.stringify(table.files)},\n    "kinds": ${JSON.stringify(table.kinds)},\n    "items": [`);
  table.items.forEach((item, i) => write(`${i ? ',' : ''}\n      ${JSON.stringify(item)}`));
  write(table.items.length ? '\n    ]\n  },\n' : ']\n  },\n');
  if (r.waivers) field('waivers', { stale: r.waivers.stale.map(waiverNote), expired: r.waivers.expired.map(waiverNote) });
  field('timing', { totalMs: r.timing.totalMs }, true);
  write('}\n');
}

/** A resource as the report's `resources.items` holds it: its kind and file by index into `resources.kinds` and `resources.files`. */
export interface JsonResource {
  address: string;
  kind: number;
  file?: number;
  line?: number;
}

/**
 * The resources a report names, each once (the same address in two files is
 * two resources), with kinds and files each written once.
 */
class ResourceTable {
  readonly files: string[] = [];
  readonly kinds: string[] = [];
  readonly items: JsonResource[] = [];
  private readonly fileIndex = new Map<string, number>();
  private readonly kindIndex = new Map<string, number>();
  /**
   * The first item of each address, then the same address in other files
   * (rare), by file and address. Looked up by strings, whose hashes V8 keeps:
   * a map keyed by the findings' shared resource objects took a third of the
   * time of writing the 10k plan's report (each object's first use as a key
   * makes V8 give it an identity hash).
   */
  private readonly itemIndex = new Map<string, number>();
  private readonly others = new Map<string, number>();

  indexOf(resource: Finding['resource']): number {
    const { address, file } = resource;
    const first = this.itemIndex.get(address);
    if (first === undefined) {
      const index = this.add(resource);
      this.itemIndex.set(address, index);
      return index;
    }
    const item = this.items[first]!;
    if (file === undefined ? item.file === undefined : item.file !== undefined && this.files[item.file] === file) return first;
    // A file holds no NUL: the key names the file (or none) and the address apart.
    const key = file === undefined ? `\0${address}` : `${file}\0${address}`;
    let index = this.others.get(key);
    if (index === undefined) this.others.set(key, (index = this.add(resource)));
    return index;
  }

  /** A new item for a resource: its index. */
  private add({ address, kind, file, line }: Finding['resource']): number {
    const item: JsonResource = { address, kind: intern(this.kinds, this.kindIndex, kind) };
    if (file !== undefined) item.file = intern(this.files, this.fileIndex, file);
    if (line !== undefined) item.line = line;
    return this.items.push(item) - 1;
  }
}

function intern(list: string[], index: Map<string, number>, value: string): number {
  let i = index.get(value);
  if (i === undefined) {
    i = list.length;
    index.set(value, i);
    list.push(value);
  }
  return i;
}

/** Findings that `keep` accepts, by policy id, policies in first-seen order. */
function byPolicy(findings: readonly Finding[], keep: (f: Finding) => boolean): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  // A policy's findings mostly come together (the evaluator orders them by check): its list is at hand.
  let id: string | undefined;
  let list: Finding[] | undefined;
  for (const f of findings) {
    if (!keep(f)) continue;
    if (f.policyId !== id) {
      id = f.policyId;
      list = out.get(id);
      if (!list) out.set(id, (list = []));
    }
    list!.push(f);
  }
  return out;
}

const indent = (text: string) => text.replace(/\n/g, '\n  ');

/** What a finding's policy says, once per policy with a result, in first-seen order. */
function policiesOf(findings: readonly Finding[]): Record<string, PolicyEntry> {
  const out: Record<string, PolicyEntry> = {};
  let last: string | undefined;
  for (const f of findings) {
    if (f.policyId === last || Object.hasOwn(out, f.policyId)) continue;
    last = f.policyId;
    out[f.policyId] = {
      title: f.title,
      responsibility: f.responsibility,
      severity: f.severity,
      remediation: f.remediation,
      frameworks: Object.fromEntries(Object.entries(f.frameworks).map(([k, v]) => [k, [...v]])),
    };
  }
  return out;
}

/** A compact pass: its resource's index; with the check index and item when the policy has several checks or items. */
type PassRef = number | { resource: number; check: number; item?: string };

function passRef(f: Finding, table: ResourceTable): PassRef {
  const resource = table.indexOf(f.resource);
  return f.check === 0 && f.item === undefined ? resource : { resource, check: f.check, ...(f.item !== undefined ? { item: f.item } : {}) };
}

function reportFile(f: ReportFile): ReportFile {
  const { file, status, format, resources, from, reason, detail, fix } = f;
  return {
    file,
    status,
    ...(format !== undefined ? { format } : {}),
    ...(resources !== undefined ? { resources } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(detail !== undefined ? { detail } : {}),
    ...(fix !== undefined ? { fix } : {}),
  };
}

function tally(t: Tally): Tally {
  return { pass: t.pass, fail: t.fail, unknown: t.unknown, waived: t.waived, error: t.error };
}

function inputError(e: InputError): InputError {
  return {
    file: e.file,
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.pointer !== undefined ? { pointer: e.pointer } : {}),
    message: e.message,
    ...(e.hint !== undefined ? { hint: e.hint } : {}),
  };
}

function waiverNote(w: WaiverNote): WaiverNote {
  return {
    policy: w.policy,
    resource: w.resource,
    reason: w.reason,
    ...(w.expires !== undefined ? { expires: w.expires } : {}),
    ...(w.owner !== undefined ? { owner: w.owner } : {}),
    source: w.source,
  };
}

interface PolicyEntry {
  title: string;
  responsibility: string;
  severity: string;
  remediation: string;
  frameworks: Record<string, string[]>;
}

/**
 * A finding, with what its policy says given only where it says otherwise (a
 * Rego message with its own severity). Its resource is an index into
 * `resources.items`; its message drops the lead `address: ` or `address `
 * (the address is in the resource); `check` is left out when 0, and evidence
 * that only says "the whole resource" (`$`, no value, no line) is left out.
 */
function finding(f: Finding, policy: PolicyEntry | undefined, table: ResourceTable): Record<string, unknown> {
  const own = (key: 'title' | 'responsibility' | 'severity' | 'remediation') => (policy && policy[key] !== f[key] ? { [key]: f[key] } : {});
  const evidence = f.evidence && (f.evidence.path !== '$' || f.evidence.value !== undefined || f.evidence.line !== undefined) ? f.evidence : undefined;
  return {
    status: f.status,
    resource: table.indexOf(f.resource),
    message: withoutAddress(f.message, f.resource.address),
    // The evidence value exactly as the core gave it: already "[sensitive]" where the path is sensitive.
    ...(evidence ? { evidence: evidenceData(evidence) } : {}),
    ...(f.check !== 0 ? { check: f.check } : {}),
    ...own('title'),
    ...own('responsibility'),
    ...own('severity'),
    ...own('remediation'),
    ...(f.item !== undefined ? { item: f.item } : {}),
    ...(f.rego !== undefined ? { rego: { file: f.rego.file, entrypoint: f.rego.entrypoint } } : {}),
    ...(f.status === 'waived'
      ? {
          waiver: {
            reason: f.waiver.reason,
            ...(f.waiver.owner !== undefined ? { owner: f.waiver.owner } : {}),
            ...(f.waiver.expires !== undefined ? { expires: f.waiver.expires } : {}),
            source: f.waiver.source,
          },
        }
      : {}),
  };
}

/** The message without its lead `address: ` or `address ` (kept whole when the address is not its lead). */
export function withoutAddress(message: string, address: string): string {
  if (!message.startsWith(address)) return message;
  const rest = message.slice(address.length);
  if (rest.startsWith(': ')) return rest.slice(2);
  if (rest.startsWith(' ')) return rest.slice(1);
  return message;
}
