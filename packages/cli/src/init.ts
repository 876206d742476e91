/**
 * `onus init`: a commented `.onus.yaml` with every field and every parameter
 * of the pack (description and default, generated from the pack's params.yaml).
 * Parameters are written commented out, so the pack's defaults keep applying
 * until you uncomment one.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { paramSpecs } from '@onus/rules';
import { stringify } from 'yaml';
import type { Coverage } from './config.js';
import type { Io } from './io.js';

/** `coverage` is a top-level field of the config (see COVERAGE_TEXT), not listed under params. */
const TOP_LEVEL_PARAMS = new Set(['coverage']);

const COVERAGE_QUESTION = `What do your scans cover?
  partial  a module, a folder or part of an account (a missing budget, password policy
           or NAT gateway is then "unknown": it may live in inputs you do not scan)
  account  the account's root module or a whole export (their absence is a failure)
coverage [partial]: `;

/** Ask what scans cover, on a terminal; undefined when there is none to ask on. */
export async function askCoverage(io: Io): Promise<Coverage | undefined> {
  if (!io.ask) return undefined;
  for (let tries = 0; tries < 3; tries++) {
    const answer = (await io.ask(tries ? 'coverage (partial or account) [partial]: ' : COVERAGE_QUESTION)).trim().toLowerCase();
    if (answer === '' || 'partial'.startsWith(answer)) return 'partial';
    if ('account'.startsWith(answer)) return 'account';
  }
  return 'partial';
}

const comment = (text: string, indent = ''): string =>
  text
    .split('\n')
    .map((l) => `${indent}#${l ? ` ${l}` : ''}`)
    .join('\n');

/** Wrap prose to about 88 columns. */
function wrap(text: string, width = 86): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}

/** The text of a fresh `.onus.yaml`. */
export function initConfigText(coverage: Coverage = 'partial'): string {
  const specs = paramSpecs();
  const params = Object.entries(specs)
    .filter(([name]) => !TOP_LEVEL_PARAMS.has(name))
    .map(([name, spec]) => {
      const value = stringify({ [name]: spec.default }, { flowCollectionPadding: false, lineWidth: 0 }).trimEnd();
      return [...wrap(spec.description).map((l) => `  # ${l}`), comment(value, '  ')].join('\n');
    })
    .join('\n\n');
  return `# onus configuration: https://github.com/onus-dev/onus#configuration-and-waivers
# Found by \`onus scan\` in the scanned folder or the closest parent (not above the
# repository root), or given with --config. Every field is optional.

# What your scans cover. partial (the default): a module, a folder or part of an
# account; a check that needs an account-level resource (a budget, the password
# policy, a NAT gateway, the Defender plan) gives unknown when it is not in the inputs.
# account: the account's root module or a whole export; such a missing resource fails.
coverage: ${coverage}

# Optional areas, off by default: certificates, objectStore.
enable: []

# Exit code 1 when a failure is at or above this severity:
# critical, high, medium, low, info, or none (never).
failOn: high

# Count results that are known only after apply (unknown) as failures too.
failOnUnknown: false

# Run only these policy ids or areas / never run these (areas: costs, security,
# credentials, roles, network, egress, certificates, objectStore).
# only: [network, egress]
# skip: [DSR-COST-01]

# Render Helm charts (helm template) and kustomizations (kustomize build) with the
# tools on the PATH, and scan the output. Off by default: no process is started and
# each chart is listed as not rendered, with the command to pipe into \`onus scan -\`.
# Per tool: render: { helm: true, kustomize: false }
render: false

# Folders of your own policies, relative to this file (same YAML format as the pack).
# policies: [policies]

# Rego policies compiled with \`opa build -t wasm -e <package>/<rule> <dir>\`: the
# policy.wasm or bundle.tar.gz, relative to this file. Conftest-style rules (deny,
# violation, warn: a set of messages) and boolean rules (allow) run beside the pack;
# per: input (default) gives each input as parsed, per: resource each resource fact.
# rego:
#   - path: policy/bundle.tar.gz
#     data: policy/data.json
#     timeoutMs: 10000          # per evaluation; stopped past it (an error finding)
#     entrypoints:
#       - name: rules/deny
#         id: ACME-EC2-01
#         title: Every instance names its owner
#         responsibility: security
#         severity: medium
#         remediation: Add an Owner tag.
#         per: input

# Address of each control's documentation page in reports, with {id} and {version}
# (a fork or a mirror can point elsewhere); "" for no links.
# docsUrl: https://docs.example/onus/{version}/{id}.html

# Paths folder scans leave out (* any run of characters, / included); a glob
# matches the path inside the scanned folder or a folder above the file.
# exclude: [vendor, 'charts/*/templates']

# Terraform source folders: tfvars files (relative to this file) applied after each
# folder's own terraform.tfvars and *.auto.tfvars, then variable values (as -var).
# varFiles: [env/prod.tfvars]
# vars: { environment: prod }

# Parameters of the pack. Each is commented out, so the pack's default (shown)
# applies; uncomment and edit to override.
params:
${params}

# Accepted exceptions. A waiver turns the fail/unknown results of one policy on
# the resources whose address matches the glob (* any run of characters, ? one)
# into "waived". The reason is required; past the expires date (YYYY-MM-DD) it
# stops waiving and is reported; a waiver that matches nothing is reported as stale.
# Kubernetes objects can also carry the annotation  onus.dev/waive: "<ID>: <reason>".
# A comment on or right above a Terraform block or a Kubernetes object waives it too:
#   # onus:ignore DSR-NET-05 reason="public by design" expires=2027-01-31
# (inlineWaivers: false, or --no-inline-waivers, ignores these comments).
# inlineWaivers: true
waivers:
#  - policy: DSR-NET-04
#    resource: module.edge.aws_lb.*
#    reason: the public edge load balancer is fronted by the WAF (ticket NET-123)
#    expires: 2027-03-31
#    owner: team-net
`;
}

/** The config file already in a folder, if any. */
export function existingConfig(dir: string): string | undefined {
  return ['.onus.yaml', '.onus.yml'].map((n) => join(resolve(dir), n)).find((f) => existsSync(f));
}

/** Write `.onus.yaml` into a folder; refuses to overwrite without `force`. */
export function writeInitConfig(dir: string, force: boolean, coverage?: Coverage): { file: string; written: boolean } {
  const file = join(resolve(dir), '.onus.yaml');
  const existing = existingConfig(dir);
  if (existing && !force) return { file: existing, written: false };
  writeFileSync(file, initConfigText(coverage));
  return { file, written: true };
}
