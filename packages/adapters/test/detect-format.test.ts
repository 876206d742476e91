import { describe, expect, it } from 'vitest';
import { detectFormat } from '@onus/adapters';
import { plan01 } from './fixtures/plans.js';

const format = (text: string, file?: string) => {
  const found = detectFormat(text, file);
  return 'format' in found ? found.format : `error: ${found.error.message}`;
};

describe('format detection reads the content, not the file name', () => {
  it.each([
    ['a plan with resource_changes', JSON.stringify(plan01()), 'terraform-plan'],
    ['a plan with only planned_values', JSON.stringify({ format_version: '0.1', planned_values: { root_module: {} } }), 'terraform-plan'],
    ['one Kubernetes object (YAML)', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n', 'kubernetes'],
    ['Kubernetes JSON', '{"apiVersion":"v1","kind":"List","items":[]}', 'kubernetes'],
    ['Kubernetes with a flow mapping opened at a line end', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {\n  a: b\n}\n', 'kubernetes'],
    ['Kubernetes after a leading comment and ---', '# Source: x\n---\napiVersion: v1\nkind: Service\n', 'kubernetes'],
    ['an AWS Config snapshot', '{"fileVersion":"1.0","configurationItems":[]}', 'aws-config'],
    ['an AWS Config change notification', '{"configurationItem":{"resourceType":"AWS::S3::Bucket"}}', 'aws-config'],
    ['a bare AWS Config item', '{"resourceType":"AWS::S3::Bucket","resourceId":"b","configuration":{}}', 'aws-config'],
    ['describe-security-groups', '{"SecurityGroups":[]}', 'aws-cli'],
    ['describe-instances', '{"Reservations":[]}', 'aws-cli'],
    ['describe-load-balancers', '{"LoadBalancers":[]}', 'aws-cli'],
    ['get-account-password-policy', '{"PasswordPolicy":{"MinimumPasswordLength":8}}', 'aws-cli'],
    ['get-account-summary', '{"SummaryMap":{"Users":1}}', 'aws-cli'],
    ['get-account-authorization-details', '{"UserDetailList":[],"RoleDetailList":[],"GroupDetailList":[],"Policies":[]}', 'aws-cli'],
    ['CAI JSON lines', '{"name":"//a","asset_type":"x/Y"}\n{"name":"//b","asset_type":"x/Y"}\n', 'gcp-cai'],
    ['a CAI array', '[{"name":"//a","asset_type":"x/Y"}]', 'gcp-cai'],
    ['one camelCase CAI asset', '{"name":"//a","assetType":"x/Y"}', 'gcp-cai'],
  ])('detects %s', (_name, text, expected) => {
    expect(format(text, 'misleading.yaml')).toBe(expected);
  });

  it('strips a UTF-8 BOM first', () => {
    expect(format('\uFEFF' + JSON.stringify(plan01()))).toBe('terraform-plan');
    expect(format('\uFEFFapiVersion: v1\nkind: Pod\n')).toBe('kubernetes');
  });

  it.each([
    ['a binary plan', 'PK\u0003\u0004\u0014\u0000', 'this is a binary plan; run `terraform show -json PLAN > plan.json`'],
    ['empty input', ' \n\t\n', 'empty input'],
    ['Terraform state', '{"format_version":"1.0","terraform_version":"1.9.0","values":{}}', 'this is Terraform state, not a plan'],
    ['Terraform configuration', 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n', 'this is Terraform configuration (HCL), not a plan'],
    ['a Terraform settings block', '# providers\nterraform {\n  required_version = ">= 1.5"\n}\n', 'this is Terraform configuration (HCL), not a plan'],
    ['unknown JSON', '{"hello":"world","n":1}', 'unrecognised input: a JSON object with keys hello, n'],
    ['an empty array', '[]', 'an empty JSON array: nothing to read and no format to recognise'],
    ['YAML that is not Kubernetes', 'name: build\non: [push]\njobs: {}\n', 'YAML input is not a Kubernetes manifest: no document has apiVersion and kind'],
    ['plain text', 'just some words', 'unrecognised input: not JSON, and no YAML mapping in it'],
  ])('refuses %s with a clear error', (_name, text, message) => {
    const found = detectFormat(text, 'in.txt');
    expect(found).toEqual({ error: expect.objectContaining({ file: 'in.txt', message, hint: expect.any(String) }) });
  });
});
