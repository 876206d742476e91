/**
 * JSON Schema of `.onus.yaml`. This object is the source; the published copy
 * in packages/cli/schemas/config.schema.json is kept equal by a test
 * (regenerate it with `pnpm --filter @onus/cli schemas`).
 */
import { OPTIONAL_RESPONSIBILITIES, RESPONSIBILITIES, SEVERITIES } from '@onus/core';

/** A list of non-empty strings (policy ids, paths, globs), or null for none. */
const names = <D extends string>(description: D) => ({ description, type: ['array', 'null'], items: { type: 'string', minLength: 1 } }) as const;

export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://onus.dev/schemas/config.json',
  title: 'onus configuration (.onus.yaml)',
  type: 'object',
  additionalProperties: false,
  properties: {
    enable: {
      description: 'Optional areas to turn on (off by default).',
      type: ['array', 'null'],
      items: { type: 'string', enum: [...OPTIONAL_RESPONSIBILITIES] },
      uniqueItems: true,
    },
    params: {
      description: "Values for the pack's parameters (see `onus init` for every parameter with its default).",
      type: ['object', 'null'],
    },
    failOn: {
      description: 'Lowest severity of a failure that makes `onus scan` exit 1 (`none`: never).',
      type: 'string',
      enum: [...SEVERITIES, 'none'],
    },
    failOnUnknown: {
      description: 'Count unknown results (known only after apply) as failures for the exit code.',
      type: 'boolean',
    },
    only: names('Run only these policy ids or areas.'),
    skip: names('Do not run these policy ids or areas.'),
    docsUrl: {
      description:
        "Address of a control's documentation page in reports, with {id} (the control id) and {version} (the pack's version); an empty string: no links. Default: the pages in the onus repository at the pack's version.",
      type: 'string',
    },
    render: {
      description:
        'Render Helm charts (`helm template`) and kustomizations (`kustomize build`) with the tools on the PATH and scan the output (default false: no process is started, and charts are listed as not rendered). `true`, or per tool: `{ helm: true, kustomize: false }`.',
      oneOf: [
        { type: 'boolean' },
        { type: 'object', additionalProperties: false, properties: { helm: { type: 'boolean' }, kustomize: { type: 'boolean' } } },
      ],
    },
    policies: names('Folders of your own policies (YAML, same format as the pack), relative to this file.'),
    rego: {
      description: 'Compiled Rego policies to run beside the pack: the policy.wasm or bundle.tar.gz that `opa build -t wasm -e <package>/<rule>` writes.',
      type: ['array', 'null'],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path'],
        properties: {
          path: { description: 'The policy.wasm or bundle.tar.gz, relative to this file.', type: 'string', minLength: 1 },
          data: { description: 'A JSON or YAML file whose object becomes `data` for the policy (over the bundle\'s data), relative to this file.', type: 'string', minLength: 1 },
          timeoutMs: {
            description: 'Most milliseconds one evaluation (one entrypoint on one input) may take; past it the evaluation is stopped and is an error finding. Default 10000; 0: no budget.',
            type: 'integer',
            minimum: 0,
          },
          entrypoints: {
            description: "Entrypoints to run (default: the bundle's manifest, or a module's deny, violation, warn and allow rules).",
            type: 'array',
            minItems: 1,
            items: {
              description: 'A name (`rules/deny`), or the name with what its findings say.',
              type: ['string', 'object'],
              minLength: 1,
              additionalProperties: false,
              required: ['name'],
              properties: {
                name: { description: 'As `opa build -e` takes it: `rules/deny`.', type: 'string', minLength: 1 },
                id: { description: 'Policy id of its findings, like ACME-EC2-01 (default `rego:<name>`); a message\'s own id or publicId wins.', type: 'string', pattern: '^([A-Z][A-Z0-9]*(-[A-Z0-9]+)+|rego:\\S+)$' },
                title: { description: 'Title of its findings (default `Rego rule <name>`).', type: 'string', minLength: 1 },
                responsibility: { description: 'Area its findings count in (default security).', type: 'string', enum: [...RESPONSIBILITIES] },
                severity: { description: 'Severity of its findings (default medium, low for a warn rule); a message\'s own severity wins.', type: 'string', enum: [...SEVERITIES] },
                remediation: { description: 'How to fix what it finds.', type: 'string' },
                per: { description: '`input` (default): once per input document, as parsed; `resource`: once per resource fact.', type: 'string', enum: ['input', 'resource'] },
              },
            },
          },
        },
      },
    },
    exclude: names('Path globs folder scans leave out (`*` any run of characters, `/` included), matched against the path inside the folder scanned or a folder above the file.'),
    inlineWaivers: {
      description: 'Read `# onus:ignore ID reason="..." expires=YYYY-MM-DD` comments next to resources as waivers (default true).',
      type: 'boolean',
    },
    varFiles: names('tfvars files for Terraform source folders, relative to this file, applied after their own terraform.tfvars and *.auto.tfvars (as -var-file).'),
    vars: {
      description: 'Variable values for Terraform source folders, applied last (as -var).',
      type: ['object', 'null'],
    },
    waivers: {
      description: 'Accepted exceptions: each turns the fail/unknown results of one policy on matching resources into waived.',
      type: ['array', 'null'],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['policy', 'resource', 'reason'],
        properties: {
          policy: { description: 'Policy id, or `*` for any.', type: 'string', pattern: '^(\\*|[A-Z][A-Z0-9]*(-[A-Z0-9]+)+|rego:\\S+)$' },
          resource: { description: 'Resource address glob: `*` any run of characters, `?` one.', type: 'string', minLength: 1 },
          reason: { description: 'Why the exception is accepted.', type: 'string', minLength: 1, pattern: '\\S' },
          expires: { description: 'Last day the waiver applies (YYYY-MM-DD).', type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          owner: { description: 'Who owns the exception.', type: 'string', minLength: 1 },
        },
      },
    },
    coverage: {
      description:
        'What one scan covers: `partial` (default: a module, a folder, part of an account), where a missing account-level resource such as a budget is unknown, or `account` (the root module or a whole export), where it fails. Sets the `coverage` parameter.',
      type: 'string',
      enum: ['partial', 'account'],
    },
  },
} as const;
