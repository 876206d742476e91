/** The workspace packages' exports are deliberate: an addition means updating this list. */
import { describe, expect, it } from 'vitest';
import * as adapters from '../packages/adapters/src/index.js';
import * as cli from '../packages/cli/src/index.js';
import * as rego from '../packages/rego/src/index.js';
import * as rules from '../packages/rules/src/index.js';

describe('package exports', () => {
  it('@onus/adapters', () => {
    expect(Object.keys(adapters).sort()).toEqual(
      ['MAX_DEPTH', 'detectFormat', 'fromAwsCli', 'fromAwsConfig', 'fromCloudAssets', 'fromKubernetes', 'fromTerraformPlan', 'linkKubernetesRefs', 'readInput'].sort(),
    );
  });
  it('@onus/rules', () => {
    expect(Object.keys(rules).sort()).toEqual(['PackError', 'loadDefaultPack', 'paramSpecs']);
  });
  it('@onus/rego', () => {
    expect(Object.keys(rego).sort()).toEqual(['DEFAULT_RESPONSIBILITY', 'DEFAULT_SEVERITY', 'MAX_BUNDLE_BYTES', 'MAX_MEMBER_BYTES', 'loadRego']);
  });
  it('@onus/cli', () => {
    expect(Object.keys(cli).sort()).toEqual(
      ['CONFIG_NAMES', 'FORMATS', 'VERSION', 'configSchema', 'findConfig', 'isFormat', 'loadConfig', 'main', 'render', 'scan', 'toGithub', 'toHtml', 'toJson', 'toJunit', 'toMarkdown', 'toSarif', 'toText'].sort(),
    );
  });
});
