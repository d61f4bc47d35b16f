import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { BackupRegionSettings } from '../../src/account';
import { RESOURCE_TYPE_PATTERN } from '../../src/private/limits';
import { stack } from '../support/stack';

describe('BackupRegionSettings', () => {
  test('custom resource with the given preferences, its function and a least-privilege policy', () => {
    const s = stack();
    new BackupRegionSettings(s, 'RegionSettings', {
      resourceTypeOptIn: { RDS: true, Aurora: true, S3: false },
      resourceTypeManagementPreference: { DynamoDB: true },
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('Custom::BackupRegionSettings', 1);
    t.hasResourceProperties('Custom::BackupRegionSettings', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RegionSettingsHandler'), 'Arn'] },
      ResourceTypeOptInPreference: { RDS: true, Aurora: true, S3: false },
      ResourceTypeManagementPreference: { DynamoDB: true },
    });
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 120,
    });
    t.resourceCountIs('AWS::IAM::Policy', 1);
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['backup:DescribeRegionSettings', 'backup:UpdateRegionSettings'],
          Resource: '*',
        }],
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^RegionSettingsHandlerServiceRole') }],
    });
    // the policy outlives the custom resource (its Delete restores the settings)
    const resource = Object.values(t.findResources('Custom::BackupRegionSettings'))[0];
    expect(resource.DependsOn).toEqual([expect.stringMatching(/^RegionSettingsHandlerPolicy/)]);
    expect(resource.DeletionPolicy).toBe('Delete');
  });

  test('restoreOnDelete passes RestoreOnDelete and allows ListStackResources on this stack only', () => {
    const s = stack();
    new BackupRegionSettings(s, 'RegionSettings', { resourceTypeOptIn: { RDS: true }, restoreOnDelete: true });
    const t = Template.fromStack(s);
    t.hasResourceProperties('Custom::BackupRegionSettings', { RestoreOnDelete: true });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: ['backup:DescribeRegionSettings', 'backup:UpdateRegionSettings'], Resource: '*' },
          { Sid: 'TellReplacementFromRemoval', Effect: 'Allow', Action: 'cloudformation:ListStackResources', Resource: { Ref: 'AWS::StackId' } },
        ],
      },
    });
  });

  test('only the maps given are sent', () => {
    const s = stack();
    new BackupRegionSettings(s, 'RegionSettings', { resourceTypeOptIn: { EFS: true } });
    const props = Object.values(Template.fromStack(s).findResources('Custom::BackupRegionSettings'))[0].Properties;
    expect(Object.keys(props).sort()).toEqual(['ResourceTypeOptInPreference', 'RestoreOnDelete', 'ServiceToken']);
    expect(props.RestoreOnDelete).toBe(false);
  });

  test('an unknown opt-in resource type fails at synth', () => {
    expect(() => new BackupRegionSettings(stack(), 'R', { resourceTypeOptIn: { Rds: true } }))
      .toThrow(/S\/R: resourceTypeOptIn names an unknown resource type "Rds": expected one of Aurora, .*RDS.*allowUnknownResourceTypes/);
  });

  test('an unknown management resource type fails at synth', () => {
    expect(() => new BackupRegionSettings(stack(), 'R', { resourceTypeManagementPreference: { RDS: true } }))
      .toThrow(/resourceTypeManagementPreference names an unknown resource type "RDS": expected one of DynamoDB, EFS/);
  });

  test('allowUnknownResourceTypes lets a newer name through, noted in an info annotation', () => {
    const s = stack();
    new BackupRegionSettings(s, 'R', { resourceTypeOptIn: { 'NewService': true, 'New Service 2.0': false, 'EFS': true }, allowUnknownResourceTypes: true });
    Template.fromStack(s).hasResourceProperties('Custom::BackupRegionSettings', {
      ResourceTypeOptInPreference: { 'NewService': true, 'New Service 2.0': false, 'EFS': true },
    });
    Annotations.fromStack(s).hasInfo('/S/R', Match.stringLikeRegexp(
      '^resourceTypeOptIn: "NewService", "New Service 2.0" not among the resource types this library knows \\(Aurora, .*\\), passed through allowUnknownResourceTypes: checked for shape only'));
  });

  test('known names need no annotation', () => {
    const s = stack();
    new BackupRegionSettings(s, 'R', { resourceTypeOptIn: { 'SAP HANA on Amazon EC2': true }, allowUnknownResourceTypes: true });
    Annotations.fromStack(s).hasNoInfo('/S/R', Match.anyValue());
  });

  // The API's ResourceType pattern, ^[a-zA-Z0-9\-\_\.]{1,50}$, plus the inner spaces of AWS's own names
  // (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRegionSettings.html).
  test.each(['', ' EBS', 'EBS ', 'New/Service', 'a'.repeat(51), 'Amazon:S3'])('an unknown name of the wrong shape ("%s") fails even with allowUnknownResourceTypes', (name) => {
    expect(() => new BackupRegionSettings(stack(), 'R', { resourceTypeManagementPreference: { [name]: true }, allowUnknownResourceTypes: true }))
      .toThrow(/S\/R: resourceTypeManagementPreference \(".*"\) is not an AWS Backup resource type name: 1 to 50 letters, digits, "-", "_", "." or inner spaces/);
  });

  test('every resource type name this library knows has the shape', () => {
    for (const name of [...BackupRegionSettings.OPT_IN_RESOURCE_TYPES, ...BackupRegionSettings.MANAGEMENT_RESOURCE_TYPES]) {
      expect(RESOURCE_TYPE_PATTERN.test(name)).toBe(true);
    }
    expect(RESOURCE_TYPE_PATTERN.test('a'.repeat(50))).toBe(true);
  });

  test('nothing to set fails at synth', () => {
    expect(() => new BackupRegionSettings(stack(), 'R', {}))
      .toThrow(/resourceTypeOptIn and resourceTypeManagementPreference are both empty: name at least one resource type/);
  });

  test('two in one environment-agnostic app fail, naming both paths', () => {
    const app = new App();
    new BackupRegionSettings(new Stack(app, 'A'), 'First', { resourceTypeOptIn: { RDS: true } });
    expect(() => new BackupRegionSettings(new Stack(app, 'B'), 'Second', { resourceTypeOptIn: { S3: true } }))
      .toThrow(/B\/Second: only one BackupRegionSettings may exist per account and region, but A\/First already manages account \(any account\) region \(any region\)/);
  });

  test('two for the same account and region fail; different regions are fine', () => {
    const app = new App();
    const env = { account: '111111111111', region: 'eu-west-1' };
    new BackupRegionSettings(new Stack(app, 'A', { env }), 'First', { resourceTypeOptIn: { RDS: true } });
    new BackupRegionSettings(new Stack(app, 'C', { env: { ...env, region: 'eu-west-3' } }), 'Other', { resourceTypeOptIn: { RDS: true } });
    expect(() => new BackupRegionSettings(new Stack(app, 'B', { env }), 'Second', { resourceTypeOptIn: { S3: true } }))
      .toThrow(/B\/Second: only one BackupRegionSettings .* A\/First already manages account 111111111111 region eu-west-1/);
  });

  test('exposes the accepted resource type names', () => {
    expect(BackupRegionSettings.OPT_IN_RESOURCE_TYPES).toEqual(expect.arrayContaining(['RDS', 'Aurora', 'DynamoDB', 'EFS', 'S3', 'EBS', 'EC2']));
    expect(BackupRegionSettings.MANAGEMENT_RESOURCE_TYPES).toEqual(['DynamoDB', 'EFS']);
  });
});
