import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInput, type InputFormat } from '@onus/adapters';
import { corpusDir, hasCorpus } from './support.js';

/**
 * Every corpus input with its format and resource count, counted by reading
 * each file (plans: the number of resource_changes entries, as MANIFEST.tsv
 * says; manifests: objects, List items expanded, empty documents skipped;
 * exports: items / instances / assets).
 */
const EXPECTED: Record<string, [InputFormat, number]> = {
  'tfplan/checkov__tests_common_runner_registry_plan_with_for_each_for_enrichment_tf_plan.json': ['terraform-plan', 5],
  'tfplan/checkov__tests_terraform_checks_data_aws_example_GithubActionsOIDCTrustPolicy_tfplan.json': ['terraform-plan', 9],
  'tfplan/checkov__tests_terraform_checks_resource_gcp_example_GoogleComputeBootDiskEncryption_bad.json': ['terraform-plan', 1],
  'tfplan/checkov__tests_terraform_parser_resources_plan_encodings_tfplan_win_utf8.json': ['terraform-plan', 1],
  'tfplan/checkov__tests_terraform_runner_extra_tf_plan_checks_modules.json': ['terraform-plan', 11],
  'tfplan/checkov__tests_terraform_runner_resources_plan_change_keys_tfplan.json': ['terraform-plan', 2],
  'tfplan/checkov__tests_terraform_runner_resources_plan_nested_child_modules_tfplan.json': ['terraform-plan', 3],
  'tfplan/checkov__tests_terraform_runner_resources_plan_nested_child_modules_with_connections_tfplan.json': ['terraform-plan', 9],
  'tfplan/checkov__tests_terraform_runner_resources_plan_with_child_modules_tfplan.json': ['terraform-plan', 1],
  'tfplan/checkov__tests_terraform_runner_resources_plan_with_deleted_resources_tfplan.json': ['terraform-plan', 1],
  'tfplan/checkov__tests_terraform_runner_resources_plan_with_resource_reference_tfplan_extra_ref.json': ['terraform-plan', 4],
  'tfplan/conftest__examples_hcl1_gke-show.json': ['terraform-plan', 2],
  'tfplan/infracost__cmd_infracost_testdata_azure_firewall_plan.json': ['terraform-plan', 11],
  'tfplan/infracost__cmd_infracost_testdata_breakdown_with_policy_data_upload_plan_json_plan.json': ['terraform-plan', 4],
  'tfplan/regula__rego_tests_lib_inputs_resource_view_06_tf_v1_0_infra.json': ['terraform-plan', 7],
  'tfplan/regula__rego_tests_lib_inputs_resource_view_07_infra.json': ['terraform-plan', 5],
  'tfplan/regula__rego_tests_rules_tf_aws_security_group_inputs_ingress_anywhere_infra.json': ['terraform-plan', 5],
  'tfplan/regula__rego_tests_rules_tf_azurerm_storage_inputs_account_deny_access_infra.json': ['terraform-plan', 7],
  'tfplan/terraform-compliance__tests_functional_test_issue-158_plan.out.json': ['terraform-plan', 29],
  'tfplan/terraform-compliance__tests_functional_test_issue-172_plan.out.json': ['terraform-plan', 14],
  'tfplan/terraform-compliance__tests_functional_test_issue-294_plan.out.json': ['terraform-plan', 20],
  'tfplan/terraform-compliance__tests_functional_test_issue-456_plan.out.json': ['terraform-plan', 32],
  'tfplan/terraform-compliance__tests_functional_test_issue_522_plan.out.json': ['terraform-plan', 15],
  'tfplan/terraform-validator__test_read_planned_assets_tf1_0plan.allcoverage.json': ['terraform-plan', 15],
  'tfplan/terraform-validator__testdata_templates_example_container_cluster.tfplan.json': ['terraform-plan', 3],
  'tfplan/tfdo__tfdo__internal_output_testdata_04_replace.json': ['terraform-plan', 3],
  'tfplan/tfdo__tfdo__internal_output_testdata_08_cluster_resize.json': ['terraform-plan', 1],
  'tfplan/trivy-checks__examples_terraform-plan_tfplan.json': ['terraform-plan', 2],
  'tfplan/trivy__pkg_iac_scanners_terraformplan_tfjson_testdata_module_call.json': ['terraform-plan', 1],
  'k8s/checkov__tests_kubernetes_checks_example_DefaultNamespace_scope-PASSED.yaml': ['kubernetes', 8],
  'k8s/checkov__tests_kubernetes_checks_example_ImagePullPolicy_wordpress-ImageTagged-DefaultPullPolicy-FAILED.yaml': ['kubernetes', 6],
  'k8s/conftest__examples_kubernetes_deployment+service.yaml': ['kubernetes', 2],
  'k8s/gke-networking-recipes__archive_deploy.yaml': ['kubernetes', 7],
  'k8s/gke-networking-recipes__gateway_docs_cluster-migration_onlineboutique-middleware-manifests.yaml': ['kubernetes', 16],
  'k8s/gke-networking-recipes__ingress_single-cluster_ingress-https_secure-ingress.yaml': ['kubernetes', 7],
  'k8s/gke-networking-recipes__ingress_single-cluster_ingress-internal-basic_internal-ingress-basic.yaml': ['kubernetes', 3],
  'k8s/gke-networking-recipes__service-directory_internal-lb-service_internal-lb-service.yaml': ['kubernetes', 4],
  'k8s/kube-linter__tests_checks_dangling-ingress.yml': ['kubernetes', 8],
  'k8s/kube-linter__tests_checks_env-var-value-from.yml': ['kubernetes', 10],
  'k8s/kube-linter__tests_checks_non-isolated-pod.yml': ['kubernetes', 6],
  'k8s/kube-linter__tests_checks_sorted-keys.yaml': ['kubernetes', 14],
  'k8s/kyverno__test_cli_test_anypattern_skip_error_resource.yaml': ['kubernetes', 4],
  'k8s/kyverno__test_conformance_chainsaw_validating-policies_context_parse-sa_sa.yaml': ['kubernetes', 9],
  'k8s/polaris__test_checks_clusterrolebindingClusterAdmin_failure.all_verbs.yaml': ['kubernetes', 3],
  'k8s/polaris__test_checks_missingNetworkPolicy_success.yaml': ['kubernetes', 2],
  'cloud-export/aws-config-rdk__rdk_template_example_ci_AWS_EC2_SecurityGroup.json': ['aws-config', 1],
  'cloud-export/aws-config-rdk__rdk_template_example_ci_AWS_IAM_Role.json': ['aws-config', 1],
  'cloud-export/aws-config-rdk__rdk_template_example_ci_AWS_RDS_DBInstance.json': ['aws-config', 1],
  'cloud-export/aws-config-rdk__rdk_template_example_ci_AWS_S3_Bucket.json': ['aws-config', 1],
  'cloud-export/cloudmapper__account-data_demo_us-east-1_ec2-describe-instances.json': ['aws-cli', 3],
  'cloud-export/cloudmapper__account-data_demo_us-east-1_iam-get-account-authorization-details.json': ['aws-cli', 9],
  'cloud-export/policy-library__validator_test_fixtures_iam_allowed_bindings_assets_data.json': ['gcp-cai', 6],
  'cloud-export/policy-library__validator_test_fixtures_restricted_firewall_rules_assets_sources_data.json': ['gcp-cai', 12],
  'cloud-export/policy-library__validator_test_fixtures_storage_bucket_retention_assets_buckets_all_data.json': ['gcp-cai', 8],
};

const KIND_PREFIX: Record<InputFormat, string> = {
  'terraform-plan': 'tf:',
  kubernetes: 'k8s:',
  'aws-config': 'awsconfig:',
  'aws-cli': 'awscli:',
  'gcp-cai': 'gcpcai:',
};

if (!hasCorpus) console.warn(`corpus not found at ${corpusDir}: the corpus test is skipped (set ONUS_CORPUS to its folder)`);

describe.skipIf(!hasCorpus)(`every corpus input loads with its format and resource count (${corpusDir})`, () => {
  const onDisk = hasCorpus
    ? ['tfplan', 'k8s', 'cloud-export'].flatMap((dir) => fs.readdirSync(path.join(corpusDir, dir)).map((f) => `${dir}/${f}`)).sort()
    : [];

  it('has an expectation for each of the 54 inputs on disk', () => {
    expect(onDisk).toEqual(Object.keys(EXPECTED).sort());
    expect(onDisk).toHaveLength(54);
  });

  it('cross-checks plan counts with the resource_changes counts in MANIFEST.tsv', () => {
    const manifest = fs.readFileSync(path.join(corpusDir, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1);
    for (const row of manifest) {
      const [file, , , , , , description] = row.split('\t');
      const counted = /(\d+) resource_changes/.exec(description ?? '');
      if (file && counted) expect([file, EXPECTED[file]?.[1]]).toEqual([file, Number(counted[1])]);
    }
  });

  it.each(Object.entries(EXPECTED))('%s', (file, [format, count]) => {
    const result = readInput(file, fs.readFileSync(path.join(corpusDir, file)));
    expect(result.errors).toEqual([]);
    expect(result.format).toBe(format);
    expect(result.resources).toHaveLength(count);
    const unique = new Set(result.resources.map((r) => r.address));
    expect(unique.size).toBe(count);
    for (const r of result.resources) {
      expect(r.kind.startsWith(KIND_PREFIX[format])).toBe(true);
      expect(r.source).toMatchObject({ file, format });
    }
  });
});
