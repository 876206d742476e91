/** The workspace packages' exports are deliberate: an addition means updating this list. */
import { describe, expect, it } from 'vitest';
import * as adapters from '@onus/adapters';
import * as cli from '@onus/cli';
import * as engine from '@onus/engine';
import * as rego from '@onus/rego';
import * as rules from '@onus/rules';

describe('package exports', () => {
  it('@onus/adapters', () => {
    expect(Object.keys(adapters).sort()).toEqual(
      [
        'MAX_DEPTH', 'adaptParsed', 'builtinFormats', 'claimsFile', 'createReader', 'detectFormat', 'fromAwsCli', 'fromAwsConfig', 'fromCloudAssets',
        'fromKubernetes', 'fromTerraformPlan', 'fromTerraformSource', 'isTerraformSourceFile', 'linkKubernetesRefs', 'readInput', 'utf8Text',
      ].sort(),
    );
  });
  it('@onus/rules', () => {
    expect(Object.keys(rules).sort()).toEqual(['INPUT_KINDS', 'PackError', 'coverageMatrix', 'loadDefaultPack', 'paramSpecs']);
  });
  it('@onus/rego', () => {
    expect(Object.keys(rego).sort()).toEqual(['DEFAULT_RESPONSIBILITY', 'DEFAULT_SEVERITY', 'MAX_BUNDLE_BYTES', 'MAX_MEMBER_BYTES', 'loadRego']);
  });
  it('@onus/cli', () => {
    expect(Object.keys(cli).sort()).toEqual(
      ['CONFIG_NAMES', 'VERSION', 'configSchema', 'findConfig', 'loadConfig', 'main'].sort(),
    );
  });
  it('@onus/engine', () => {
    expect(Object.keys(engine).sort()).toEqual(
      [
        'AREA_NAMES', 'FORMATS', 'MAX_INPUT_BYTES', 'VERSION', 'WRITERS', 'combinePack', 'discover', 'expandFindings', 'fieldName', 'isFormat', 'knownName', 'loadRegoSources', 'loadUserPolicies', 'localToday',
        'planScan', 'readPolicyFiles', 'render', 'renderTo', 'scan', 'summaryLine', 'toGithub', 'toHtml', 'toJson', 'toJunit', 'toMarkdown', 'toSarif', 'toText',
        'policyDocUrl', 'DEFAULT_DOCS_URL',
      ].sort(),
    );
  });
});
