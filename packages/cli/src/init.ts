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
export function initConfigText(): string {
  const specs = paramSpecs();
  const params = Object.entries(specs)
    .map(([name, spec]) => {
      const value = stringify({ [name]: spec.default }, { flowCollectionPadding: false, lineWidth: 0 }).trimEnd();
      return [...wrap(spec.description).map((l) => `  # ${l}`), comment(value, '  ')].join('\n');
    })
    .join('\n\n');
  return `# onus configuration: https://github.com/onus-dev/onus#configuration-and-waivers
# Found by \`onus scan\` in the scanned folder or the closest parent (not above the
# repository root), or given with --config. Every field is optional.

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

# Parameters of the pack. Each is commented out, so the pack's default (shown)
# applies; uncomment and edit to override.
params:
${params}

# Accepted exceptions. A waiver turns the fail/unknown results of one policy on
# the resources whose address matches the glob (* any run of characters, ? one)
# into "waived". The reason is required; past the expires date (YYYY-MM-DD) it
# stops waiving and is reported; a waiver that matches nothing is reported as stale.
# Kubernetes objects can also carry the annotation  onus.dev/waive: "<ID>: <reason>".
waivers:
#  - policy: DSR-NET-04
#    resource: module.edge.aws_lb.*
#    reason: the public edge load balancer is fronted by the WAF (ticket NET-123)
#    expires: 2027-03-31
#    owner: team-net
`;
}

/** Write `.onus.yaml` into a folder; refuses to overwrite without `force`. */
export function writeInitConfig(dir: string, force: boolean): { file: string; written: boolean } {
  const file = join(resolve(dir), '.onus.yaml');
  const existing = [file, join(resolve(dir), '.onus.yml')].find((f) => existsSync(f));
  if (existing && !force) return { file: existing, written: false };
  writeFileSync(file, initConfigText());
  return { file, written: true };
}
