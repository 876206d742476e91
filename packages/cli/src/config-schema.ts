/**
 * JSON Schema of `.onus.yaml`. This object is the source; the published copy
 * in packages/cli/schemas/config.schema.json is kept equal by a test
 * (regenerate it with `pnpm --filter @onus/cli schemas`).
 */
import { OPTIONAL_RESPONSIBILITIES, SEVERITIES } from '@onus/core';

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
    only: {
      description: 'Run only these policy ids or areas.',
      type: ['array', 'null'],
      items: { type: 'string', minLength: 1 },
    },
    skip: {
      description: 'Do not run these policy ids or areas.',
      type: ['array', 'null'],
      items: { type: 'string', minLength: 1 },
    },
    render: {
      description:
        'Render Helm charts (`helm template`) and kustomizations (`kustomize build`) with the tools on the PATH and scan the output (default false: no process is started, and charts are listed as not rendered). `true`, or per tool: `{ helm: true, kustomize: false }`.',
      oneOf: [
        { type: 'boolean' },
        { type: 'object', additionalProperties: false, properties: { helm: { type: 'boolean' }, kustomize: { type: 'boolean' } } },
      ],
    },
    policies: {
      description: 'Folders of your own policies (YAML, same format as the pack), relative to this file.',
      type: ['array', 'null'],
      items: { type: 'string', minLength: 1 },
    },
    waivers: {
      description: 'Accepted exceptions: each turns the fail/unknown results of one policy on matching resources into waived.',
      type: ['array', 'null'],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['policy', 'resource', 'reason'],
        properties: {
          policy: { description: 'Policy id, or `*` for any.', type: 'string', pattern: '^(\\*|[A-Z][A-Z0-9]*(-[A-Z0-9]+)+)$' },
          resource: { description: 'Resource address glob: `*` any run of characters, `?` one.', type: 'string', minLength: 1 },
          reason: { description: 'Why the exception is accepted.', type: 'string', minLength: 1, pattern: '\\S' },
          expires: { description: 'Last day the waiver applies (YYYY-MM-DD).', type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          owner: { description: 'Who owns the exception.', type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;
