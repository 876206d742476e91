/**
 * Command-line parsing (node:util parseArgs) and the help texts. Every
 * mistake is a UsageError naming the option and what to write instead.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { docsUrlProblem, FAIL_ON_VALUES, type FailOn } from './config.js';
import { OPTIONAL_RESPONSIBILITIES, type Responsibility } from '@onus/core';
import { FORMATS, isFormat, type Format } from '@onus/engine';
import { UsageError } from './problems.js';

const FORMAT_NAMES = FORMATS;
export type FormatName = Format;

export interface OutputSpec {
  format: FormatName;
  file: string;
}

export interface ScanArgs {
  paths: string[];
  format: FormatName;
  outputs: OutputSpec[];
  failOn?: FailOn;
  failOnUnknown?: boolean;
  config?: string;
  noConfig: boolean;
  policies: string[];
  /** Compiled Rego policies (`policy.wasm`, `bundle.tar.gz`), relative to the working directory. */
  rego: string[];
  only: string[];
  skip: string[];
  enable: string[];
  quiet: boolean;
  /** json: every pass as a full finding. */
  includePasses?: boolean;
  verbose: boolean;
  color?: boolean;
  ignoreUnknown: boolean;
  /** Template of the documentation links in reports (`{id}`, `{version}`); empty: none. */
  docsUrl?: string;
  /** Path globs left out of folder scans (`--exclude`, repeatable). */
  exclude: string[];
  /** `--no-inline-waivers`: ignore `# onus:ignore` comments. */
  noInlineWaivers: boolean;
  /** tfvars files for Terraform source folders (`--var-file`). */
  varFiles: string[];
  /** Variable values for Terraform source folders (`--var NAME=VALUE`), applied last. */
  vars: Record<string, unknown>;
}

export type Command =
  | { name: 'help'; topic?: string }
  | { name: 'version' }
  | { name: 'scan'; args: ScanArgs }
  | { name: 'policies list'; format: 'text' | 'json'; policies: string[]; rego: string[]; config?: string; noConfig: boolean }
  | { name: 'policies show'; id: string; format: 'text' | 'json'; verbose: boolean; policies: string[]; rego: string[]; config?: string; noConfig: boolean }
  | { name: 'policies test'; dirs: string[]; config?: string; noConfig: boolean }
  | { name: 'policies coverage'; format: 'text' | 'json'; policies: string[]; config?: string; noConfig: boolean }
  | { name: 'init'; dir: string; force: boolean; coverage?: 'partial' | 'account' };

/** The formats for `--help`, text first as the default, wrapped under the option column. */
const FORMAT_LIST = wrap(FORMATS.map((f, i) => (i === 0 ? `${f} (default)` : f)).join(', '), 80 - 28).join(`\n${' '.repeat(28)}`);

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

export const HELP: Record<string, string> = {
  '': `onus: checks the customer side of a dedicated-SaaS shared-responsibility model

Usage:
  onus scan [paths...]            scan Terraform source and plan JSON, Kubernetes manifests and cloud exports
  onus policies list              the policies of the pack (and yours, with --policies)
  onus policies show <ID>         one policy: what it checks, in plain words, with its examples
  onus policies test [DIR]        run the examples of your own policies
  onus policies coverage          which input kinds each policy judges
  onus init                       write a commented .onus.yaml
  onus help <command>             help for a command (also: onus <command> --help)
  onus --version

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage, config, policy or input errors (findings from readable inputs are still reported).
`,
  scan: `Usage: onus scan [options] [paths...]

Scan files and folders (default: the current folder). Formats are detected from
the content: Terraform plan JSON (terraform show -json), Kubernetes YAML/JSON,
AWS Config, AWS CLI output, GCP Cloud Asset Inventory. Folders are searched for
*.json, *.yaml, *.yml and *.jsonl (not node_modules, .git, .terraform; other dot
folders such as .github are searched); found files that are not inputs are skipped.
A folder with *.tf or *.tf.json files is a Terraform module, read whole with its
tfvars and local modules (a named .tf or .tfvars file stands for its folder).
"-" reads standard input:
  terraform show -json tfplan | onus scan -

Options:
  -f, --format FORMAT       report on stdout: ${FORMAT_LIST}
  -o, --output FORMAT=FILE  also write a report to FILE (repeatable), e.g.
                            --output sarif=onus.sarif --output junit=onus.xml
  -q, --quiet               no report on stdout (use with --output)
  -v, --verbose             text: every result in full (evidence, passes, waived)
      --include-passes      json: every pass as a full finding (default: compact,
                            addresses by policy in "passes")
      --fail-on SEVERITY    exit 1 on failures at or above: critical, high (default),
                            medium, low, info, none
      --fail-on-unknown     unknown results (known only after apply) count as failures
  -c, --config FILE         config file (default: .onus.yaml found upward from the
                            first path, not above the repository root)
      --no-config           ignore .onus.yaml
      --policies DIR        add your own policies (repeatable)
      --rego FILE           also run a compiled Rego policy: the policy.wasm or
                            bundle.tar.gz of \`opa build -t wasm -e PKG/RULE\` (repeatable)
      --only IDS            only these policy ids or areas (comma-separated, repeatable)
      --skip IDS            not these policy ids or areas (comma-separated, repeatable)
      --enable AREAS        turn on optional areas: ${OPTIONAL_RESPONSIBILITIES.join(', ')}
      --ignore-unknown      skip named files that are not inputs (as in folders);
                            the pre-commit hook uses this
      --docs-url TEMPLATE   address of a control's documentation in reports, with
                            {id} and {version} (e.g. a mirror); "" for no links
      --exclude GLOB        leave out paths matching GLOB (repeatable; * is any run
                            of characters, / included), e.g. --exclude 'vendor'
      --no-inline-waivers   ignore '# onus:ignore ID reason="..."' comments
      --var-file FILE       tfvars for Terraform source folders, after their own
                            terraform.tfvars and *.auto.tfvars (repeatable)
      --var NAME=VALUE      a variable of Terraform source folders, applied last
                            (repeatable; VALUE as JSON when it parses, else a string)
      --color, --no-color   force colour on or off (default: on a terminal only;
                            NO_COLOR and FORCE_COLOR are honoured)
  -h, --help                this help

The date waivers expire against is today; ONUS_TODAY=YYYY-MM-DD pins it.
`,
  policies: `Usage:
  onus policies list [--format text|json] [--policies DIR] [--rego FILE]
  onus policies show <ID> [--verbose] [--format text|json] [--policies DIR] [--rego FILE]
  onus policies test [DIR...]
  onus policies coverage [--format text|json] [--policies DIR]

list   every policy: id, area, severity, title, optional, input kinds; Rego
       entrypoints (config rego: or --rego) are marked rego, with their file
show   one policy: title, severity, what it checks per input kind, the fix, the
       documentation link, the frameworks; --verbose adds the checks in detail
       (the logic) and the examples
test   run the pass/fail/unknown examples of the policies in DIR (default: the
       policies: folders of .onus.yaml, else ./policies); exit 1 when an example
       does not hold, 2 when a policy file is invalid
coverage  which input kinds each policy judges: plan, source, manifest,
       aws-config, aws-cli, cloud-assets

Options:
      --policies DIR        add your own policies (repeatable)
      --rego FILE           list (or show) the entrypoints of a compiled Rego policy too (repeatable)
  -c, --config FILE         config file whose policies: folders to use
      --no-config           ignore .onus.yaml
  -f, --format text|json    (list, show)
  -v, --verbose             (show) the checks in detail and the examples
  -h, --help                this help
`,
  init: `Usage: onus init [DIR] [--force] [--coverage partial|account]

Write DIR/.onus.yaml (default: the current folder): every field commented, every
parameter of the pack with its description and default. Refuses to overwrite an
existing file unless --force.

--coverage says what your scans cover: partial (a module or folder; a missing
budget, password policy or NAT is unknown) or account (the root module or a whole
export; their absence fails). On a terminal, init asks when it is not given.
`,
};

const SCAN_OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  'include-passes': { type: 'boolean' },
  'fail-on': { type: 'string' },
  'fail-on-unknown': { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  policies: { type: 'string', multiple: true },
  rego: { type: 'string', multiple: true },
  only: { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
  enable: { type: 'string', multiple: true },
  'ignore-unknown': { type: 'boolean' },
  'docs-url': { type: 'string' },
  exclude: { type: 'string', multiple: true },
  'no-inline-waivers': { type: 'boolean' },
  'var-file': { type: 'string', multiple: true },
  var: { type: 'string', multiple: true },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const POLICIES_OPTIONS = {
  format: { type: 'string', short: 'f' },
  verbose: { type: 'boolean', short: 'v' },
  policies: { type: 'string', multiple: true },
  rego: { type: 'string', multiple: true },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const INIT_OPTIONS = {
  force: { type: 'boolean' },
  coverage: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** Parse argv (without `node` and the script) into a command. */
export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('no command given', '');
  if (first === '--help' || first === '-h') return { name: 'help' };
  if (first === '--version' || first === '-V' || first === 'version') return { name: 'version' };
  if (first === 'help') return { name: 'help', ...(rest[0] ? { topic: rest[0] } : {}) };
  if (first === 'scan') return parseScan(rest);
  if (first === 'policies') return parsePolicies(rest);
  if (first === 'init') return parseInit(rest);
  if (first.startsWith('-')) {
    throw new UsageError(`unknown option ${first} before the command; options go after it (onus scan ${first} ...)`, '');
  }
  throw new UsageError(`unknown command "${first}"; the commands are scan, policies, init, help`, '');
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T, command: string) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(parseErrorText(err, command), command);
  }
}

function parseErrorText(err: unknown, command: string): string {
  const e = err as { code?: string; message?: string };
  const quoted = /'([^']+)'/.exec(e.message ?? '')?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted} for onus ${command}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const long = /--[\w-]+/.exec(e.message ?? '')?.[0] ?? quoted;
      return /argument missing/.test(e.message ?? '') ? `${long} needs a value` : `${long} takes no value`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quoted} for onus ${command}`;
    default:
      return (e.message ?? String(err)).split('\n')[0]!;
  }
}

/** `--only a,b --only c` -> `[a, b, c]`. */
export function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function formatOption(value: string | undefined, flag: string): FormatName {
  if (value === undefined) return 'text';
  if (!isFormat(value)) throw new UsageError(`${flag} ${value}: unknown format; use one of ${FORMAT_NAMES.join(', ')}`, 'scan');
  return value;
}

function parseScan(argv: readonly string[]): Command {
  const { values, positionals } = parse(argv, SCAN_OPTIONS, 'scan');
  if (values.help) return { name: 'help', topic: 'scan' };
  const outputs = (values.output ?? []).map((spec): OutputSpec => {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--output ${spec}: write it as FORMAT=FILE, e.g. --output sarif=onus.sarif`, 'scan');
    const format = spec.slice(0, eq);
    if (!isFormat(format)) throw new UsageError(`--output ${spec}: unknown format "${format}"; use one of ${FORMAT_NAMES.join(', ')}`, 'scan');
    return { format, file: spec.slice(eq + 1) };
  });
  const files = new Set<string>();
  for (const o of outputs) {
    if (files.has(o.file)) throw new UsageError(`--output: two reports would be written to ${o.file}; give each its own file`, 'scan');
    files.add(o.file);
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && !(FAIL_ON_VALUES as readonly string[]).includes(failOn)) {
    throw new UsageError(`--fail-on ${failOn}: use one of ${FAIL_ON_VALUES.join(', ')}`, 'scan');
  }
  if (values.color && values['no-color']) throw new UsageError('--color and --no-color together: give one', 'scan');
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config together: give one', 'scan');
  const enable = splitList(values.enable);
  for (const area of enable) {
    if (!OPTIONAL_RESPONSIBILITIES.includes(area as Responsibility)) throw new UsageError(`--enable ${area}: the optional areas are ${OPTIONAL_RESPONSIBILITIES.join(' and ')}`, 'scan');
  }
  const stdinCount = positionals.filter((p) => p === '-').length;
  if (stdinCount > 1) throw new UsageError('"-" (standard input) is given twice', 'scan');
  return {
    name: 'scan',
    args: {
      paths: positionals.length ? positionals : ['.'],
      format: formatOption(values.format, '--format'),
      outputs,
      ...(failOn !== undefined ? { failOn: failOn as FailOn } : {}),
      ...(values['fail-on-unknown'] ? { failOnUnknown: true } : {}),
      ...(values.config !== undefined ? { config: values.config } : {}),
      noConfig: values['no-config'] === true,
      policies: values.policies ?? [],
      rego: values.rego ?? [],
      only: splitList(values.only),
      skip: splitList(values.skip),
      enable,
      quiet: values.quiet === true,
      verbose: values.verbose === true,
      ...(values['include-passes'] ? { includePasses: true } : {}),
      ...(values.color ? { color: true } : values['no-color'] ? { color: false } : {}),
      ignoreUnknown: values['ignore-unknown'] === true,
      ...(values['docs-url'] !== undefined ? { docsUrl: docsUrlOption(values['docs-url']) } : {}),
      exclude: values.exclude ?? [],
      noInlineWaivers: values['no-inline-waivers'] === true,
      varFiles: values['var-file'] ?? [],
      vars: varOptions(values.var ?? []),
    },
  };
}

/** `--var NAME=VALUE`: the value as JSON when it parses (`true`, `3`, `["a"]`), else the text, as Terraform reads -var for a string. */
function varOptions(given: readonly string[]): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const g of given) {
    const at = g.indexOf('=');
    const name = at > 0 ? g.slice(0, at).trim() : '';
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new UsageError(`--var ${g}: write NAME=VALUE with a Terraform variable name, e.g. --var internal=true`, 'scan');
    const text = g.slice(at + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // a plain string
    }
    vars[name] = value;
  }
  return vars;
}

function docsUrlOption(template: string): string {
  const problem = docsUrlProblem(template);
  if (problem) throw new UsageError(`--docs-url ${template}: ${problem}`, 'scan');
  return template;
}

function parsePolicies(argv: readonly string[]): Command {
  const { values, positionals } = parse(argv, POLICIES_OPTIONS, 'policies');
  const [sub, ...rest] = positionals;
  if (values.help || sub === undefined) {
    if (values.help) return { name: 'help', topic: 'policies' };
    throw new UsageError('onus policies needs a subcommand: list, show <ID>, test [DIR] or coverage', 'policies');
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format ${format}: onus policies ${sub} writes text or json`, 'policies');
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config together: give one', 'policies');
  const common = { policies: values.policies ?? [], ...(values.config !== undefined ? { config: values.config } : {}), noConfig: values['no-config'] === true };
  switch (sub) {
    case 'list':
      if (rest.length) throw new UsageError(`unexpected argument ${rest[0]} for onus policies list`, 'policies');
      return { name: 'policies list', format, ...common, rego: values.rego ?? [] };
    case 'show':
      if (rest.length !== 1) throw new UsageError(rest.length ? 'onus policies show takes one policy id' : 'onus policies show needs a policy id, e.g. onus policies show DSR-NET-04', 'policies');
      return { name: 'policies show', id: rest[0]!, format, verbose: values.verbose === true, ...common, rego: values.rego ?? [] };
    case 'test':
      if (values.format !== undefined) throw new UsageError('onus policies test has no --format', 'policies');
      return { name: 'policies test', dirs: [...rest, ...common.policies], ...(common.config !== undefined ? { config: common.config } : {}), noConfig: common.noConfig };
    case 'coverage':
      if (rest.length) throw new UsageError(`unexpected argument ${rest[0]} for onus policies coverage`, 'policies');
      return { name: 'policies coverage', format, ...common };
    default:
      throw new UsageError(`unknown subcommand "${sub}"; use list, show <ID>, test [DIR] or coverage`, 'policies');
  }
}

function parseInit(argv: readonly string[]): Command {
  const { values, positionals } = parse(argv, INIT_OPTIONS, 'init');
  if (values.help) return { name: 'help', topic: 'init' };
  if (positionals.length > 1) throw new UsageError('onus init takes at most one folder', 'init');
  const coverage = values.coverage;
  if (coverage !== undefined && coverage !== 'partial' && coverage !== 'account') throw new UsageError(`--coverage ${coverage}: use partial or account`, 'init');
  return { name: 'init', dir: positionals[0] ?? '.', force: values.force === true, ...(coverage ? { coverage } : {}) };
}
