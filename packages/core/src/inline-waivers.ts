/**
 * Inline waivers: a comment on the line of a resource's block, or in the
 * comment lines directly above it, waives policies on that resource:
 *
 *     # onus:ignore DSR-NET-05 reason="public by design" expires=2027-01-31
 *     resource "aws_lb" "public" { ... }
 *
 * Terraform source takes `#` and `//` comments above a `resource`, `data` or
 * `module` block (above a module call it waives every resource the call
 * creates, as `module.<name>.*` would); Kubernetes YAML takes `#` comments above the document's
 * first line (a `---` between them is allowed) or above the object's
 * `metadata:` key. Same meaning as config waivers: a reason is required, an
 * expiry date optional, expired and stale ones are reported. Directives are
 * read from the input text, not carried by the adapters. Imports nothing
 * with I/O: the caller gives the texts.
 */
import type { InputError, Resource } from './facts.js';
import { exactGlob, type Waiver } from './waivers.js';

/** The word that starts a directive in a comment. */
export const INLINE_DIRECTIVE = 'onus:ignore';

/** Comment markers by input format: only formats whose text can hold comments. */
const COMMENTS: Readonly<Record<string, readonly string[]>> = {
  kubernetes: ['#'],
  'terraform-source': ['#', '//'],
};

/** Whether an input format's text can hold inline waivers (it has comments): a scan keeps only those texts. */
export function takesInlineWaivers(format: string): boolean {
  return Object.hasOwn(COMMENTS, format);
}

export interface InlineWaiverOptions {
  /** Whether a policy id names a policy (unknown ids are problems); default: every well-formed id. */
  known?: (id: string) => boolean;
}

export interface InlineWaivers {
  waivers: Waiver[];
  /** Malformed or misplaced directives, each naming file, line and the fix. */
  problems: InputError[];
}

/** A policy id (`DSR-NET-05`, `ACME-EC2-01`), a Rego entrypoint's default id (`rego:rules/deny`), or `*`. */
const POLICY_ID = /^(?:\*|[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+|rego:[^\s,=]+)$/;
const SYNTAX = `write it as \`${INLINE_DIRECTIVE} DSR-NET-05 reason="why it is accepted" expires=YYYY-MM-DD\` (expires is optional)`;

/** One directive as written: the policies, reason and dates, or why it cannot be read. */
type Directive = { line: number; policies: string[]; reason: string; expires?: string; owner?: string } | { line: number; problem: string; hint: string };

/** The waivers declared by inline directives next to `resources`; `textOf` gives a file's text (undefined: not readable). */
export function inlineWaivers(resources: readonly Resource[], textOf: (file: string) => string | undefined, options: InlineWaiverOptions = {}): InlineWaivers {
  const waivers: Waiver[] = [];
  const problems: InputError[] = [];
  const files = new Map<string, { lines: string[]; directives: Map<number, Directive>; used: Set<number> } | null>();
  for (const r of resources) {
    const markers = COMMENTS[r.source.format];
    if (!markers || r.source.line === undefined) continue;
    let file = files.get(r.source.file);
    if (file === undefined) {
      const text = textOf(r.source.file);
      file = text === undefined || !text.includes(INLINE_DIRECTIVE) ? null : readDirectives(text, markers, options);
      files.set(r.source.file, file);
    }
    if (!file) continue;
    for (const line of attachedLines(file.lines, r.source.line, markers, r.source.format === 'kubernetes')) {
      const d = file.directives.get(line);
      if (!d) continue;
      file.used.add(line);
      if ('problem' in d) continue;
      for (const policy of d.policies) {
        const source = `${r.source.file}:${line}`;
        waivers.push({
          policy,
          resource: exactGlob(r.address),
          reason: d.reason,
          ...(d.expires ? { expires: d.expires } : {}),
          ...(d.owner ? { owner: d.owner } : {}),
          source,
          group: `${source} ${policy}`,
        });
      }
    }
  }
  for (const [name, file] of files) {
    if (!file) continue;
    for (const d of file.directives.values()) {
      if ('problem' in d) problems.push({ file: name, line: d.line, message: `inline waiver: ${d.problem}`, hint: d.hint });
      else if (!file.used.has(d.line)) {
        const module = moduleBelow(file.lines, d.line);
        const called = module !== undefined ? moduleCallAddresses(resources, name, module) : [];
        if (called.length > 0) {
          // Above a `module` block: every resource that call creates, as `module.<name>.*` in .onus.yaml.
          for (const policy of d.policies) {
            const source = `${name}:${d.line}`;
            for (const call of called) {
              for (const resource of [`${exactGlob(call)}.*`, `${exactGlob(call)}[*`]) {
                waivers.push({ policy, resource, reason: d.reason, ...(d.expires ? { expires: d.expires } : {}), ...(d.owner ? { owner: d.owner } : {}), source, group: `${source} ${policy}` });
              }
            }
          }
          continue;
        }
        problems.push({
          file: name,
          line: d.line,
          message: module
            ? `inline waiver: \`${INLINE_DIRECTIVE}\` above a module block whose resources are not in this scan`
            : `inline waiver: \`${INLINE_DIRECTIVE}\` is not on or directly above a resource`,
          hint: module
            ? `scan the module through this caller (its folder), or waive in .onus.yaml with resource: module.${module}.*`
            : 'put it on the line of the block (or object), or in the comment lines right above it',
        });
      }
    }
  }
  return { waivers, problems };
}

/**
 * The addresses of a module call written in `file` (`module.edge`, or
 * `module.net.module.edge` when the file belongs to module `net`), when this
 * scan holds resources it creates. The file's own module path is that of the
 * resources written beside it (same folder); with none there, the root.
 */
function moduleCallAddresses(resources: readonly Resource[], file: string, name: string): string[] {
  const dir = folderOf(file);
  const prefixes = new Set<string>();
  for (const r of resources) if (r.source.format === 'terraform-source' && folderOf(r.source.file) === dir) prefixes.add(modulePrefix(r.address));
  if (prefixes.size === 0) prefixes.add('');
  const calls = [...prefixes].map((p) => `${p}module.${name}`);
  return calls.filter((call) => resources.some((r) => r.address.startsWith(`${call}.`) || r.address.startsWith(`${call}[`)));
}

const folderOf = (file: string) => file.replace(/\\/g, '/').replace(/\/?[^/]*$/, '');

/** `module.a.module.b["x"].aws_lb.web` -> `module.a.module.b["x"].`; a root resource -> ``. */
function modulePrefix(address: string): string {
  const m = /^(?:module\.[^.[]+(?:\[[^\]]*\])?\.)*/.exec(address);
  return m ? m[0] : '';
}

/** Every directive of a text, by 1-based line (not those inside YAML block scalars or Terraform heredocs, which are data). */
function readDirectives(text: string, markers: readonly string[], options: InlineWaiverOptions) {
  const lines = text.split(/\r?\n/);
  const directives = new Map<number, Directive>();
  const marker = markers.map((m) => m.replace(/[/]/g, '\\/')).join('|');
  const find = new RegExp(`(?:^|\\s)(?:${marker})\\s*${INLINE_DIRECTIVE}(?=\\s|$)(.*)$`);
  const literal = literalLines(lines);
  lines.forEach((text, i) => {
    if (!text.includes(INLINE_DIRECTIVE) || literal.has(i + 1)) return;
    const m = find.exec(text);
    if (m) directives.set(i + 1, parseDirective(m[1] ?? '', i + 1, options));
  });
  return { lines, directives, used: new Set<number>() };
}

/** Parse the text after `onus:ignore`. */
export function parseDirective(rest: string, line: number, options: InlineWaiverOptions = {}): Directive {
  const fail = (problem: string, hint = SYNTAX): Directive => ({ line, problem, hint });
  const head = /^\s*(\S+)/.exec(rest);
  if (!head || head[1]!.includes('=')) return fail('no policy id after `onus:ignore`');
  const policies = head[1]!.split(',').filter((p) => p !== '');
  for (const id of policies) {
    if (!POLICY_ID.test(id)) return fail(`"${id}" is not a policy id (like DSR-NET-05)`, 'run `onus policies list` for the ids');
    if (id !== '*' && options.known && !options.known(id)) return fail(`no policy ${id} in the pack or your policies`, 'check the id with `onus policies list`, or remove the directive');
  }
  const fields: Record<string, string> = {};
  let tail = rest.slice(head[0].length);
  const field = /^\s+([a-z]+)=(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"']+))/;
  while (tail.trim() !== '') {
    const f = field.exec(tail);
    if (!f) return fail(`cannot read "${tail.trim()}"`);
    const key = f[1]!;
    if (!['reason', 'expires', 'owner'].includes(key)) return fail(`unknown field "${key}"`, `the fields are reason="...", expires=YYYY-MM-DD and owner=...; ${SYNTAX}`);
    fields[key] = f[2] !== undefined ? f[2].replace(/\\(.)/g, '$1') : (f[3] ?? f[4] ?? '');
    tail = tail.slice(f[0].length);
  }
  const reason = fields['reason']?.trim();
  if (!reason) return fail('no reason given', 'every waiver needs a reason: add reason="why the exception is accepted"');
  const expires = fields['expires'];
  if (expires !== undefined && !isCalendarDate(expires)) return fail(`expires=${expires} is not a date written YYYY-MM-DD`, 'write the last day the waiver applies, e.g. expires=2027-03-31');
  const owner = fields['owner'];
  return { line, policies, reason, ...(expires ? { expires } : {}), ...(owner ? { owner } : {}) };
}

/** The lines whose directives apply to a resource starting at `line`: that line, the comment lines above it, and (YAML) those of its `metadata:` key. */
function attachedLines(lines: readonly string[], line: number, markers: readonly string[], yaml: boolean): number[] {
  const out = [line, ...commentsAbove(lines, line, markers, yaml)];
  if (yaml) {
    const meta = metadataLine(lines, line);
    if (meta !== undefined) out.push(meta, ...commentsAbove(lines, meta, markers, false));
  }
  return out.sort((a, b) => a - b);
}

/** The comment-only lines directly above a line (YAML: through one `---`). */
function commentsAbove(lines: readonly string[], line: number, markers: readonly string[], yaml: boolean): number[] {
  const out: number[] = [];
  let separator = yaml;
  for (let n = line - 1; n >= 1; n--) {
    const text = (lines[n - 1] ?? '').trim();
    if (markers.some((m) => text.startsWith(m))) out.push(n);
    else if (separator && /^---(?:\s|$)/.test(text)) separator = false;
    else break;
  }
  return out;
}

/**
 * Lines of literal text: the body of a YAML block scalar (`key: |`, lines
 * indented past the key) and of a Terraform heredoc (`<<EOT` to `EOT`).
 */
function literalLines(lines: readonly string[]): Set<number> {
  const out = new Set<number>();
  let block = -1;
  let heredoc: string | undefined;
  lines.forEach((text, i) => {
    const n = i + 1;
    if (heredoc !== undefined) {
      out.add(n);
      if (text.trim() === heredoc) heredoc = undefined;
      return;
    }
    const lead = /^ */.exec(text)![0].length;
    if (block >= 0) {
      if (text.trim() === '' || lead > block) {
        out.add(n);
        return;
      }
      block = -1;
    }
    heredoc = /<<-?([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(text)?.[1];
    if (/(?:^|[:-] )[|>][-+0-9]*\s*(?:#.*)?$/.test(text)) block = lead;
  });
  return out;
}

/** The name of the Terraform `module` block right under a directive's comment lines, if that is what follows. */
function moduleBelow(lines: readonly string[], line: number): string | undefined {
  let n = line;
  while (n < lines.length && /^\s*(?:#|\/\/)/.test(lines[n] ?? '')) n++;
  return /^\s*module\s+"([^"]+)"/.exec(lines[n] ?? '')?.[1];
}

/** The line of the `metadata:` key of the YAML object whose first key is on `line`, if it is in that object. */
function metadataLine(lines: readonly string[], line: number): number | undefined {
  const first = lines[line - 1] ?? '';
  const indent = /^[ -]*/.exec(first)![0].length;
  for (let n = line + 1; n <= lines.length; n++) {
    const text = lines[n - 1] ?? '';
    if (/^(?:---|\.\.\.)(?:\s|$)/.test(text)) return undefined;
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    const lead = /^ */.exec(text)![0].length;
    if (lead < indent) return undefined;
    if (lead === indent && /^metadata\s*:/.test(text.slice(lead))) return n;
  }
  return undefined;
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}
