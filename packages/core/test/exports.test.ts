import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

describe('@onus/core exports', () => {
  it('are exactly the names the other packages and policy authors use (an addition must be deliberate)', () => {
    expect(Object.keys(core).sort()).toEqual(
      [
        'AREA_NAMES', 'AREA_TITLES', 'MESSAGE_FIELDS', 'OPERATOR_DEFINITIONS', 'describeCheck', 'describeCondition', 'describeValue',
        'globToRegExp', 'mostSpecificError', 'operatorDefinition', 'readYamlDocument', 'schemaProblem',
        'OPERATORS', 'OPTIONAL_RESPONSIBILITIES', 'PathSyntaxError', 'REDACTED', 'RESPONSIBILITIES', 'SEVERITIES', 'SEVERITY_RANK', 'SKIP_REASONS', 'STATUSES',
        'ScanIndex', 'WAIVE_ANNOTATION', 'WILDCARD', 'annotationWaivers', 'applyWaivers', 'inlineWaivers', 'blockingFindings', 'buildReport', 'checkPolicyExamples', 'clockMs',
        'definePack', 'durationSeconds', 'evaluate', 'evaluateReference', 'exampleParams', 'exampleResources', 'formatPath', 'isPolicySelected',
        'isPublicCidr', 'isScopeCheck', 'kindNameMatcher', 'loadPolicies', 'loadPolicyTexts', 'parseJsonDocument', 'parsePath', 'relativePath', 'parsePolicy', 'policyDigest',
        'policySchema', 'resolveParams', 'takesInlineWaivers', 'registerParamValidator', 'PARAMS_AJV_OPTIONS',
      ].sort(),
    );
  });
});
