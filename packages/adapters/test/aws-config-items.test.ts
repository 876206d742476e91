import { describe, expect, it } from 'vitest';
import { fromAwsConfig, readInput } from '@onus/adapters';
import { addresses, fact } from './support.js';

const bucketPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] };

const snapshot = {
  fileVersion: '1.0',
  configSnapshotId: '6f2c1a7e-0000-4000-8000-000000000000',
  configurationItems: [
    {
      configurationItemVersion: '1.3',
      configurationItemCaptureTime: '2024-05-01T10:00:00.000Z',
      configurationStateId: 1714557600000,
      awsAccountId: '123456789012',
      configurationItemStatus: 'OK',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'logs-bucket',
      resourceName: 'logs-bucket',
      ARN: 'arn:aws:s3:::logs-bucket',
      awsRegion: 'eu-west-1',
      availabilityZone: 'Regional',
      tags: { Owner: 'team-data' },
      relatedEvents: [],
      relationships: [],
      configuration: { name: 'logs-bucket', owner: { id: 'abc' }, creationDate: '2024-01-01T00:00:00.000Z' },
      supplementaryConfiguration: {
        AccessControlList: JSON.stringify({ grantList: [{ grantee: { id: 'abc' }, permission: 'FullControl' }], owner: { id: 'abc' } }),
        BucketPolicy: { policyText: JSON.stringify(bucketPolicy) },
        PublicAccessBlockConfiguration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
        IsRequesterPaysEnabled: false,
        ServerSideEncryptionConfiguration: 'not json',
      },
    },
    {
      version: '1.3',
      accountId: '123456789012',
      configurationItemStatus: 'OK',
      resourceType: 'AWS::EKS::Cluster',
      resourceId: 'prod',
      resourceName: 'prod',
      arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod',
      awsRegion: 'eu-west-1',
      tags: {},
      relationships: [{ resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-0123', relationshipName: 'Is associated with SecurityGroup' }],
      configuration: JSON.stringify({ Name: 'prod', ResourcesVpcConfig: { EndpointPublicAccess: false, EndpointPrivateAccess: true, SubnetIds: ['subnet-1'] } }),
      supplementaryConfiguration: {},
    },
    {
      version: '1.3',
      resourceType: 'AWS::EC2::Instance',
      resourceId: 'i-0abc',
      awsRegion: 'eu-west-1',
      configuration: { instanceId: 'i-0abc', tags: [{ key: 'Name', value: '[not, json' }] },
    },
  ],
};

describe('aws config items become facts with string-encoded JSON decoded', () => {
  const result = readInput('snapshot.json', JSON.stringify(snapshot));

  it('detects a snapshot and addresses items by ARN, else resourceId', () => {
    expect(result.format).toBe('aws-config');
    expect(result.errors).toEqual([]);
    expect(addresses(result)).toEqual(['arn:aws:s3:::logs-bucket', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod', 'i-0abc']);
    expect(result.resources.map((r) => r.kind)).toEqual(['awsconfig:AWS::S3::Bucket', 'awsconfig:AWS::EKS::Cluster', 'awsconfig:AWS::EC2::Instance']);
  });

  it('decodes JSON-encoded supplementaryConfiguration values, nested ones too, and keeps other strings', () => {
    const bucket = fact(result, 'arn:aws:s3:::logs-bucket');
    const supplementary = bucket.values.supplementaryConfiguration as Record<string, unknown>;
    expect(supplementary.AccessControlList).toEqual({ grantList: [{ grantee: { id: 'abc' }, permission: 'FullControl' }], owner: { id: 'abc' } });
    expect(supplementary.BucketPolicy).toEqual({ policyText: bucketPolicy });
    expect(supplementary.ServerSideEncryptionConfiguration).toBe('not json');
    expect(supplementary.IsRequesterPaysEnabled).toBe(false);
  });

  it('decodes a JSON-encoded configuration and keeps PascalCase keys as the source has them', () => {
    expect(fact(result, 'arn:aws:eks:eu-west-1:123456789012:cluster/prod').values.configuration).toEqual({
      Name: 'prod',
      ResourcesVpcConfig: { EndpointPublicAccess: false, EndpointPrivateAccess: true, SubnetIds: ['subnet-1'] },
    });
  });

  it('keeps tags, relationships, resourceId, resourceName and awsRegion in values', () => {
    expect(fact(result, 'arn:aws:s3:::logs-bucket').values).toMatchObject({
      tags: { Owner: 'team-data' },
      relationships: [],
      resourceId: 'logs-bucket',
      resourceName: 'logs-bucket',
      awsRegion: 'eu-west-1',
    });
    expect(fact(result, 'i-0abc').values.configuration).toEqual({ instanceId: 'i-0abc', tags: [{ key: 'Name', value: '[not, json' }] });
  });

  it('reads a change notification (configurationItem) and a bare item', () => {
    const item = snapshot.configurationItems[2];
    const notification = { configurationItemDiff: null, configurationItem: item, notificationCreationTime: '2024-05-01T10:00:00.000Z', messageType: 'ConfigurationItemChangeNotification', recordVersion: '1.3' };
    expect(addresses(readInput('n.json', JSON.stringify(notification)))).toEqual(['i-0abc']);
    expect(readInput('item.json', JSON.stringify(item)).format).toBe('aws-config');
    expect(addresses(fromAwsConfig(item as object))).toEqual(['i-0abc']);
  });

  it('decodes URL-encoded IAM policy documents', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const item = {
      resourceType: 'AWS::IAM::Role',
      resourceId: 'AROA1',
      arn: 'arn:aws:iam::123456789012:role/app',
      configuration: { roleName: 'app', assumeRolePolicyDocument: encodeURIComponent(JSON.stringify(doc)) },
      supplementaryConfiguration: {},
    };
    expect((fact(fromAwsConfig(item), 'arn:aws:iam::123456789012:role/app').values.configuration as Record<string, unknown>).assumeRolePolicyDocument).toEqual(doc);
  });

  it('reports an item without resourceType or id by pointer and keeps the others', () => {
    const bad = { configurationItems: [{ resourceType: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::ok' }, { resourceId: 'x' }, { resourceType: 'AWS::S3::Bucket' }] };
    const r = fromAwsConfig(bad, 'bad.json');
    expect(addresses(r)).toEqual(['arn:aws:s3:::ok']);
    expect(r.errors.map((e) => [e.pointer, e.message])).toEqual([
      ['/configurationItems/1/resourceType', 'configuration item at /configurationItems/1 has no resourceType'],
      ['/configurationItems/2', 'AWS::S3::Bucket item at /configurationItems/2 has neither arn nor resourceId'],
    ]);
  });
});
