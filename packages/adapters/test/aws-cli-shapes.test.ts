import { describe, expect, it } from 'vitest';
import { fromAwsCli, readInput } from '@onus/adapters';
import { addresses, fact } from './support.js';

const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

describe('aws cli output of each supported command becomes facts', () => {
  it('describe-security-groups: awscli:ec2:SecurityGroup by GroupId', () => {
    const out = {
      SecurityGroups: [
        {
          Description: 'ssh',
          GroupName: 'ssh',
          IpPermissions: [{ FromPort: 22, IpProtocol: 'tcp', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], ToPort: 22, UserIdGroupPairs: [] }],
          OwnerId: '123456789012',
          GroupId: 'sg-0a1b',
          IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
          VpcId: 'vpc-1',
        },
      ],
    };
    const r = readInput('sg.json', JSON.stringify(out));
    expect(r.format).toBe('aws-cli');
    expect(r.errors).toEqual([]);
    expect(fact(r, 'sg-0a1b')).toMatchObject({ kind: 'awscli:ec2:SecurityGroup', values: { GroupName: 'ssh' }, source: { file: 'sg.json', format: 'aws-cli' } });
  });

  it('describe-instances: awscli:ec2:Instance by InstanceId from every reservation', () => {
    const out = {
      Reservations: [
        { ReservationId: 'r-1', OwnerId: '123456789012', Groups: [], Instances: [{ InstanceId: 'i-1', InstanceType: 't3.micro', MetadataOptions: { HttpTokens: 'required' } }, { InstanceId: 'i-2' }] },
        { ReservationId: 'r-2', Instances: [{ InstanceId: 'i-3', PublicIpAddress: '203.0.113.5' }] },
      ],
    };
    const r = fromAwsCli(JSON.stringify(out));
    expect(addresses(r)).toEqual(['i-1', 'i-2', 'i-3']);
    expect(r.resources.every((x) => x.kind === 'awscli:ec2:Instance')).toBe(true);
  });

  it('elbv2 describe-load-balancers: awscli:elbv2:LoadBalancer by LoadBalancerArn', () => {
    const arn = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188';
    const out = { LoadBalancers: [{ LoadBalancerArn: arn, DNSName: 'web.elb.amazonaws.com', LoadBalancerName: 'web', Scheme: 'internet-facing', VpcId: 'vpc-1', Type: 'application' }] };
    expect(fact(fromAwsCli(out), arn)).toMatchObject({ kind: 'awscli:elbv2:LoadBalancer', values: { Scheme: 'internet-facing' } });
  });

  it('get-account-password-policy and get-account-summary: fixed addresses', () => {
    const policy = fromAwsCli({ PasswordPolicy: { MinimumPasswordLength: 14, RequireSymbols: true, ExpirePasswords: false, AllowUsersToChangePassword: true } });
    expect(fact(policy, 'aws:iam:password-policy')).toMatchObject({ kind: 'awscli:iam:PasswordPolicy', values: { MinimumPasswordLength: 14 } });
    const summary = fromAwsCli({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 4 } });
    expect(fact(summary, 'aws:iam:account-summary')).toMatchObject({ kind: 'awscli:iam:AccountSummary', values: { AccountMFAEnabled: 1 } });
  });

  it('get-account-authorization-details: users, roles, groups, policies by Arn with policy documents decoded', () => {
    const out = {
      UserDetailList: [{ Path: '/', UserName: 'alice', UserId: 'AIDA1', Arn: 'arn:aws:iam::123456789012:user/alice', UserPolicyList: [{ PolicyName: 'inline', PolicyDocument: encodeURIComponent(JSON.stringify(admin)) }], GroupList: ['admins'], AttachedManagedPolicies: [] }],
      GroupDetailList: [{ GroupName: 'admins', Arn: 'arn:aws:iam::123456789012:group/admins', GroupPolicyList: [{ PolicyName: 'g', PolicyDocument: admin }], AttachedManagedPolicies: [] }],
      RoleDetailList: [
        {
          RoleName: 'app',
          Arn: 'arn:aws:iam::123456789012:role/app',
          AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
          RolePolicyList: [{ PolicyName: 'inline', PolicyDocument: JSON.stringify(admin) }],
          InstanceProfileList: [{ InstanceProfileName: 'app', Roles: [{ RoleName: 'app', AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)) }] }],
          Tags: [{ Key: 'Description', Value: '{not a document}' }],
        },
      ],
      Policies: [
        {
          PolicyName: 'Admin',
          Arn: 'arn:aws:iam::123456789012:policy/Admin',
          DefaultVersionId: 'v1',
          PolicyVersionList: [{ Document: encodeURIComponent(JSON.stringify(admin)), VersionId: 'v1', IsDefaultVersion: true }],
        },
      ],
    };
    const r = readInput('auth.json', JSON.stringify(out));
    expect(r.format).toBe('aws-cli');
    expect(r.errors).toEqual([]);
    expect(r.resources.map((x) => [x.kind, x.address])).toEqual([
      ['awscli:iam:User', 'arn:aws:iam::123456789012:user/alice'],
      ['awscli:iam:Role', 'arn:aws:iam::123456789012:role/app'],
      ['awscli:iam:Group', 'arn:aws:iam::123456789012:group/admins'],
      ['awscli:iam:Policy', 'arn:aws:iam::123456789012:policy/Admin'],
    ]);
    const role = fact(r, 'arn:aws:iam::123456789012:role/app').values;
    expect(role.AssumeRolePolicyDocument).toEqual(trust);
    expect(role.RolePolicyList).toEqual([{ PolicyName: 'inline', PolicyDocument: admin }]);
    expect(role.InstanceProfileList).toEqual([{ InstanceProfileName: 'app', Roles: [{ RoleName: 'app', AssumeRolePolicyDocument: trust }] }]);
    expect(role.Tags).toEqual([{ Key: 'Description', Value: '{not a document}' }]);
    expect(fact(r, 'arn:aws:iam::123456789012:user/alice').values.UserPolicyList).toEqual([{ PolicyName: 'inline', PolicyDocument: admin }]);
    expect(fact(r, 'arn:aws:iam::123456789012:policy/Admin').values.PolicyVersionList).toEqual([{ Document: admin, VersionId: 'v1', IsDefaultVersion: true }]);
  });

  it('reports an entry without its id and keeps the others', () => {
    const r = fromAwsCli({ SecurityGroups: [{ GroupId: 'sg-1' }, { GroupName: 'no-id' }] }, 'sg.json');
    expect(addresses(r)).toEqual(['sg-1']);
    expect(r.errors).toEqual([expect.objectContaining({ file: 'sg.json', pointer: '/SecurityGroups/1/GroupId', message: 'SecurityGroups[1] has no GroupId' })]);
  });
});
